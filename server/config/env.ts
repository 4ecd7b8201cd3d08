import { z } from 'zod';

/** The process environment, parsed once (SPEC §10). Only this module reads `process.env`. */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8787),
  USHER_CONFIG: z.string().min(1).default('./usher.config.yaml'),
  USHER_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.string().optional(),
  SMTP_URL: z.string().optional(),
  USHER_ADMIN_TOKEN: z.string().min(16, 'USHER_ADMIN_TOKEN must be at least 16 characters').optional(),
  /** Abuse-limit counters in Redis (shared by every instance) instead of the database. */
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'REDIS_URL must start with redis:// or rediss://').optional(),
  /** Bearer token `GET /metrics` asks for; unset leaves it open. */
  USHER_METRICS_TOKEN: z.string().min(16, 'USHER_METRICS_TOKEN must be at least 16 characters').optional(),
  USHER_SECRET: z.string().min(32, 'USHER_SECRET must be at least 32 characters').optional(),
  /** How long an outbox worker holds a claimed delivery before another may retry it. */
  USHER_OUTBOX_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(120),
  /**
   * Requests in flight at once; beyond it, `503 overloaded` (the health check is never
   * refused). 0 turns admission control off.
   */
  USHER_MAX_IN_FLIGHT: z.coerce.number().int().min(0).max(100_000).default(32),
  /** Behind a reverse proxy: take the client address from X-Forwarded-For. */
  USHER_TRUST_PROXY: z.enum(['0', '1', 'true', 'false']).optional().transform((v) => v === '1' || v === 'true'),
});
export type Env = z.infer<typeof envSchema>;

export type EnvResult = { ok: true; env: Env } | { ok: false; problems: string[] };

export function parseEnv(source: Record<string, string | undefined> = process.env): EnvResult {
  // An empty variable means "not set", as in most shells' `FOO= cmd`.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (parsed.success) return { ok: true, env: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
}

/** Reads a secret named by the config (`passwordEnv`, `secretEnv`). */
export function readSecret(name: string, source: Record<string, string | undefined> = process.env): string | undefined {
  return source[name] || undefined;
}
