import { Hono } from 'hono';
import { bookingRequestSchema } from '../../shared/api.ts';
import { canonicalZone } from '../../shared/zone.ts';
import { bookSlot } from '../flows/book-slot.ts';
import type { FlowDeps } from '../flows/deps.ts';
import { ApiError } from '../http/errors.ts';
import { readIdempotencyKey } from '../http/idempotency-key.ts';
import { readJson } from '../http/validate.ts';

/**
 * `POST /api/bookings`. The invites and webhooks are not sent here: they are outbox rows
 * committed with the booking, sent by the outbox worker, so a booking that answered 201
 * is never without its invites, whatever happens to the process or the mail server.
 */
export function createBookingRoutes(deps: FlowDeps) {
  return new Hono().post('/api/bookings', async (c) => {
    const idempotencyKey = readIdempotencyKey(c.req.header('idempotency-key'));
    const request = await readJson(c, bookingRequestSchema);
    const timezone = request.timezone === undefined ? undefined : canonicalZone(request.timezone);
    if (timezone === null) {
      throw new ApiError('invalid_request', 'the request does not match the API', {
        issues: [{ path: 'timezone', message: `unknown time zone "${request.timezone!.slice(0, 64)}"` }],
      });
    }
    const answer = await bookSlot(deps, { leadToken: request.leadToken, start: Date.parse(request.start), idempotencyKey, timezone });
    if (answer.replayed) c.header('Idempotent-Replayed', 'true');
    return c.json(answer.body, 201);
  });
}
