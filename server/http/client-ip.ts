import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

/**
 * The client's address. Behind one reverse proxy (`USHER_TRUST_PROXY=1`) it is the last
 * address in `X-Forwarded-For`: the one the proxy itself appended. Entries before it are
 * whatever the client chose to send. Without a trusted proxy it is the socket's address,
 * because a header anyone can send must not decide whose rate limit a request counts
 * against.
 */
export function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded.slice(0, 64);
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // in-process requests (tests) have no socket
  }
}
