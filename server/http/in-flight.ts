import type { MiddlewareHandler } from 'hono';
import { ApiError } from './errors.ts';

/**
 * At most `max` requests in flight; the next one is answered at once with
 * `503 overloaded` and `Retry-After`, which costs next to nothing, instead of queueing
 * behind the others until every client times out. `exempt` paths (the health check)
 * are never refused, so a probe keeps telling the instance is alive under load.
 */
export function inFlightLimit(options: { max: number; retryAfterSeconds?: number; exempt?: readonly string[] }): MiddlewareHandler {
  let inFlight = 0;
  const exempt = new Set(options.exempt ?? []);
  const retryAfter = String(options.retryAfterSeconds ?? 1);
  return async (c, next) => {
    if (exempt.has(c.req.path)) return next();
    if (inFlight >= options.max) {
      throw new ApiError('overloaded', 'the server is busy; please try again in a moment', { headers: { 'Retry-After': retryAfter } });
    }
    inFlight++;
    try {
      await next();
    } finally {
      inFlight--;
    }
  };
}
