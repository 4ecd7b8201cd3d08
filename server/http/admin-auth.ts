import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { ApiError } from './errors.ts';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Bearer authentication for the admin API and the metrics. The comparison runs in constant time over
 * fixed-length digests, so response timing says nothing about the token. Without a
 * configured token the admin API is switched off.
 */
export function adminAuth(token: string | undefined): MiddlewareHandler {
  const check = token ? bearer(token, 'usher-admin', 'a valid admin token is required (Authorization: Bearer <USHER_ADMIN_TOKEN>)') : null;
  return async (c, next) => {
    if (!check) throw new ApiError('admin_disabled', 'the admin API is disabled; set USHER_ADMIN_TOKEN to enable it');
    return check(c, next);
  };
}

/** `GET /metrics`: open without `USHER_METRICS_TOKEN` (SPEC §14), that token as a bearer with it. */
export function metricsAuth(token: string | undefined): MiddlewareHandler {
  if (!token) return async (_c, next) => next();
  return bearer(token, 'usher-metrics', 'a valid metrics token is required (Authorization: Bearer <USHER_METRICS_TOKEN>)');
}

function bearer(token: string, realm: string, refusal: string): MiddlewareHandler {
  const expected = digest(token);
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const given = /^Bearer (.+)$/i.exec(header)?.[1] ?? '';
    if (!timingSafeEqual(digest(given), expected)) {
      c.header('WWW-Authenticate', `Bearer realm="${realm}"`);
      throw new ApiError('unauthorized', refusal);
    }
    await next();
  };
}
