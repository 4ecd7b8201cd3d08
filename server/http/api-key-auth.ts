import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { ApiError } from './errors.ts';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** The caller of the leads API, as its key named it. */
export type ApiCaller = { id: string; secret: string };

/** A key's secret must be at least this long to be accepted at all. */
export const MIN_API_KEY_LENGTH = 16;

/**
 * Bearer authentication with the config's `apiKeys` (SPEC §12): the secret is read from
 * the key's environment variable at each request (so a rotated one applies without a
 * restart), and the one given is compared with every key's, each in constant time over
 * fixed-length digests, so neither timing nor order says which key came close. A key
 * whose variable is unset or short is off. 401 JSON with `WWW-Authenticate` otherwise.
 */
export function apiKeyAuth(keys: readonly { id: string; secretEnv: string }[], read: (name: string) => string | undefined): MiddlewareHandler {
  return async (c, next) => {
    const given = digest(/^Bearer (\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1] ?? '');
    let caller: ApiCaller | null = null;
    for (const key of keys) {
      const secret = read(key.secretEnv);
      if (!secret || secret.length < MIN_API_KEY_LENGTH) continue;
      if (timingSafeEqual(given, digest(secret)) && caller === null) caller = { id: key.id, secret };
    }
    if (caller === null) {
      c.header('WWW-Authenticate', 'Bearer realm="usher-api"');
      throw new ApiError('unauthorized', keys.length === 0
        ? 'the leads API has no keys; add apiKeys to the config and set their secrets in the environment'
        : 'a valid API key is required (Authorization: Bearer <key>)');
    }
    c.set('apiCaller' as never, caller as never);
    await next();
  };
}

export function apiCallerOf(c: Context): ApiCaller {
  return c.get('apiCaller' as never) as ApiCaller;
}
