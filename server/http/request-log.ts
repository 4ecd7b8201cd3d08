import { createHmac } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Logger } from './log.ts';

/** Paths carry bearer tokens (`/m/<token>`, `/h/<token>`, `/b/<token>`); logs keep only the route's shape. */
export function redactPath(path: string): string {
  return path
    .replace(/^\/m\/[^/]+/, '/m/:token')
    .replace(/^\/h\/[^/]+/, '/h/:token')
    .replace(/^\/b\/[^/]+/, '/b/:token')
    .replace(/^\/api\/manage\/[^/]+/, '/api/manage/:token')
    .replace(/^\/api\/leads\/[^/]+/, '/api/leads/:leadId')
    .slice(0, 200);
}

/**
 * One log line per request: request id, method, redacted path, status, duration and a
 * keyed hash of the client address (enough to follow one abuser, not to identify anyone).
 */
export function requestLog(log: Logger, secret: string, ipOf: (c: Parameters<MiddlewareHandler>[0]) => string): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    log.info('request', {
      requestId: c.get('requestId'),
      method: c.req.method,
      path: redactPath(c.req.path),
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      client: createHmac('sha256', secret).update(ipOf(c)).digest('base64url').slice(0, 12),
    });
  };
}
