import type { Booking } from '../../shared/records.ts';
import { checkSlot } from '../availability/slot-check.ts';
import { slotViews } from '../booking/links.ts';
import { ApiError } from '../http/errors.ts';
import { loadCalendars, recheckLive } from './calendars.ts';
import type { FlowDeps } from './deps.ts';
import {
  bookingRules, enqueueChange, findManaged, MAX_MOVES, refuseUnchangeable, rescheduleSlots, withoutBooking, type ManageResult,
} from './manage.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * Moves a booking to `start`, same rep. The same atomic re-check as a new booking: the
 * rep's lock first, then the slot is checked against everything committed before, the
 * booking itself excepted. SEQUENCE goes up by one and both invites go out again
 * (METHOD:REQUEST at the new time) through the outbox, in the same transaction.
 * Asking for the time the booking already has changes nothing (a retried move).
 */
export async function rescheduleBooking(deps: FlowDeps, token: string, start: number): Promise<ManageResult> {
  const { store, catalog } = deps;
  const now = deps.clock();
  const found = await findManaged(store, token);
  const known = bookingRules(catalog, found.booking);
  if (!known) throw new ApiError('not_schedulable', 'this meeting can no longer be moved online; cancel it and book a new one');
  const { rules, meeting } = known;
  if (found.booking.start !== start) await recheckLive(deps, meeting, [found.booking.repId], start, now);

  const result = await store.atomically({ reps: [found.booking.repId] }, async (tx): Promise<ManageResult | null> => {
    const current = (await tx.bookings.find(found.booking.id))!;
    refuseUnchangeable(current, now);
    if (current.start === start) return { booking: current, lead: found.lead, changed: false };
    if (current.sequence >= MAX_MOVES) {
      throw new ApiError('booking_limit_reached', 'this meeting has been moved too often; cancel it and book a new one, or reply to the invitation');
    }
    const [calendar] = await loadCalendars(tx, deps, now, meeting, [current.repId], start - DAY, start + DAY);
    const check = checkSlot([withoutBooking(calendar!, current)], rules, start, now);
    if (check.state === 'not_offered') throw new ApiError('slot_not_offered', 'that time is not one of the offered slots');
    if (check.state === 'taken') return null;
    const moved: Booking = {
      ...current,
      start,
      end: start + rules.durationMinutes * MINUTE,
      bufferBefore: rules.bufferBeforeMinutes * MINUTE,
      bufferAfter: rules.bufferAfterMinutes * MINUTE,
      sequence: current.sequence + 1,
      updatedAt: now,
    };
    await tx.bookings.move(moved.id, { ...moved, at: now });
    await enqueueChange(tx, deps, { booking: moved, lead: found.lead }, token, { kind: 'rescheduled', previous: { start: current.start, end: current.end } }, now);
    return { booking: moved, lead: found.lead, changed: true };
  });
  if (result) {
    if (result.changed) deps.metrics?.bookingChanged('rescheduled');
    return result;
  }
  throw new ApiError('slot_taken', 'that time was just taken; please pick another', {
    extra: { slots: slotViews(await rescheduleSlots(deps, found.booking)) },
  });
}
