import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { ApiError } from './errors.ts';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Bearer authentication for the admin API. The comparison runs in constant time over
 * fixed-length digests, so response timing says nothing about the token. Without a
 * configured token the admin API is switched off.
 */
export function adminAuth(token: string | undefined): MiddlewareHandler {
  const expected = token ? digest(token) : null;
  return async (c, next) => {
    if (!expected) throw new ApiError('admin_disabled', 'the admin API is disabled; set USHER_ADMIN_TOKEN to enable it');
    const header = c.req.header('authorization') ?? '';
    const given = /^Bearer (.+)$/i.exec(header)?.[1] ?? '';
    if (!timingSafeEqual(digest(given), expected)) {
      c.header('WWW-Authenticate', 'Bearer realm="usher-admin"');
      throw new ApiError('unauthorized', 'a valid admin token is required (Authorization: Bearer <USHER_ADMIN_TOKEN>)');
    }
    await next();
  };
}
