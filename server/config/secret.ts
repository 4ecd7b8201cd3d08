import { randomBytes } from 'node:crypto';

/**
 * The server secret (`USHER_SECRET`) signs form tokens and keys the IP hashes in logs.
 * When unset, one is generated on first start and kept in the database, so every
 * instance behind a load balancer signs alike and restarts keep what was signed valid.
 */
export async function loadSecret(
  settings: { ensure(key: string, value: () => string): Promise<string> },
  fromEnv: string | undefined,
): Promise<string> {
  if (fromEnv) return fromEnv;
  return settings.ensure('secret', () => randomBytes(32).toString('base64url'));
}
