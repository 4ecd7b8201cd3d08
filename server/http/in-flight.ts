import type { MiddlewareHandler } from 'hono';
import { ApiError } from './errors.ts';

/**
 * Admits a request, or answers at once with `503 overloaded` and `Retry-After`, which
 * costs next to nothing, instead of queueing it behind the others until every client
 * times out: beyond `max` requests in flight (work waiting on the database, or for its
 * turn). Beyond `perTurn` started in one turn of the event loop, a request waits for
 * the next turn: on SQLite, where queries do not yield, that keeps every turn short, so
 * timers and new connections get their go in between. `exempt` paths (the health
 * check) are never refused or held, so a probe is answered quickly under load.
 */
export function inFlightLimit(options: {
  max: number;
  /** Requests started in one turn of the event loop; the next ones wait for the next turn. */
  perTurn?: number;
  retryAfterSeconds?: number;
  exempt?: readonly string[];
}): MiddlewareHandler {
  let inFlight = 0;
  const exempt = new Set(options.exempt ?? []);
  const retryAfter = String(options.retryAfterSeconds ?? 1);
  const perTurn = options.perTurn ?? Infinity;
  let thisTurn = 0;
  const nextTurn = () => { thisTurn = 0; };
  let turnEnd: Promise<void> | null = null;
  const laterTurn = () => (turnEnd ??= new Promise<void>((resolve) => setImmediate(() => {
    turnEnd = null;
    resolve();
  })));
  return async (c, next) => {
    if (exempt.has(c.req.path)) return next();
    if (inFlight >= options.max) {
      throw new ApiError('overloaded', 'the server is busy; please try again in a moment', { headers: { 'Retry-After': retryAfter } });
    }
    inFlight++;
    try {
      // On SQLite a request runs to its end in the turn it starts in: beyond `perTurn`
      // in this turn, it waits for the next one, so no turn grows long and timers and
      // new connections (the health check) get their go between turns.
      while (thisTurn >= perTurn) await laterTurn();
      if (thisTurn++ === 0) setImmediate(nextTurn);
      await next();
    } finally {
      inFlight--;
    }
  };
}
