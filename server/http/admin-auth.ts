import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { ApiError } from './errors.ts';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Bearer authentication compares in constant time over fixed-length digests, so response timing says nothing about the token. */

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

/** The admin console's session cookie; `__Host-` (Secure, no Domain, Path=/) behind https. */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-usher_admin' : 'usher_admin';
}

/** A session as the console's requests carry it: the CSRF token every change must repeat. */
export type SessionLookup = (token: string) => Promise<{ csrf: string } | null>;

const sameText = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));

/**
 * The admin API's gate (SPEC §13): the admin token as a bearer (scripts, curl), or the
 * console's session cookie. A change made with the cookie must carry the session's CSRF
 * token in `X-CSRF-Token`, so another site cannot make one with the browser's cookie;
 * `SameSite=Strict` already keeps the cookie off cross-site requests, this is the second
 * lock. `open` paths (signing in) pass through.
 */
export function adminAccess(options: { token: string | undefined; cookie: string; lookup: SessionLookup; open: (c: Context) => boolean }): MiddlewareHandler {
  const check = options.token ? bearer(options.token, 'usher-admin', 'a valid admin token or a signed-in session is required') : null;
  return async (c, next) => {
    if (!check) throw new ApiError('admin_disabled', 'the admin API is disabled; set USHER_ADMIN_TOKEN to enable it');
    if (options.open(c)) return next();
    if (c.req.header('authorization') !== undefined) return check(c, next);
    const session = await options.lookup(getCookie(c, options.cookie) ?? '');
    if (!session) throw new ApiError('unauthorized', 'sign in first (POST /api/admin/session), or send Authorization: Bearer <USHER_ADMIN_TOKEN>');
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && !sameText(c.req.header('x-csrf-token') ?? '', session.csrf)) {
      throw new ApiError('csrf_failed', 'this change needs the session\'s CSRF token in X-CSRF-Token');
    }
    await next();
  };
}

/** Whether `given` is the admin token, in constant time. */
export function isAdminToken(expected: string, given: string): boolean {
  return sameText(given, expected);
}
