import type { Interval } from '../availability/intervals.ts';
import { repSlots, type RepCalendar, type SlotRules } from '../availability/slots.ts';
import { slotRules, type Catalog } from '../config/catalog.ts';
import { bookingChangeJobs } from '../delivery/booking-events.ts';
import type { BookingChange } from '../delivery/notify.ts';
import { ApiError } from '../http/errors.ts';
import { hashToken } from '../http/tokens.ts';
import { findBooking, findBookingByManageHash, lockReps, markCanceled, moveBooking, type Booking } from '../store/bookings.ts';
import type { Db } from '../store/db.ts';
import { findLead, type Lead } from '../store/leads.ts';
import { enqueueJobs } from '../store/outbox.ts';
import { checkSlot } from '../availability/slot-check.ts';
import { loadCalendars } from './calendars.ts';
import { manageUrlOf, slotViews } from './links.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;

export type ManageDeps = { db: Db; catalog: Catalog; now: number };

/** A booking found by its manage token, with the lead it belongs to. */
export type Managed = { booking: Booking; lead: Lead };

/** The result of a change: `changed` is false when the request asked for what already was. */
export type ManageResult = Managed & { changed: boolean };

export const CANCEL_REASON_MAX = 500;

/**
 * Moves one booking may take. Each move mails the rep, so a manage link must not become
 * a way to flood a rep's inbox; canceling stays possible after the last move.
 */
export const MAX_MOVES = 20;

/** The booking behind a manage token; 404 for any token that is not one. */
export async function findManaged(db: Db, token: string): Promise<Managed> {
  const booking = token.length > 0 && token.length <= 200 ? await findBookingByManageHash(db, hashToken(token)) : null;
  const lead = booking ? await findLead(db, booking.leadId) : null;
  if (!booking || !lead) throw new ApiError('booking_not_found', 'this link is not valid');
  return { booking, lead };
}

/** The booking's rep and rules, or null when the config no longer has them. */
function bookingRules(catalog: Catalog, booking: Booking): { rules: SlotRules; meeting: NonNullable<Catalog['config']['meetingTypes'][string]> } | null {
  const meeting = catalog.config.meetingTypes[booking.meetingType];
  if (!meeting || !catalog.reps.has(booking.repId)) return null;
  return { rules: slotRules(meeting), meeting };
}

/**
 * The rep's calendar as if this booking were not there: a booking never blocks its own
 * move. Besides Usher's own row, an outside event at exactly the same time goes too: it
 * is the copy of this invite that the rep's own calendar holds.
 */
function withoutBooking(calendar: RepCalendar, booking: Booking): RepCalendar {
  const same = (b: RepCalendar['busy'][number]) =>
    b.bookingId === booking.id || (b.bookingId === undefined && b.start === booking.start && b.end === booking.end);
  const own = calendar.bookedStarts.indexOf(booking.start);
  return {
    ...calendar,
    busy: calendar.busy.filter((b) => !same(b)),
    bookedStarts: own < 0 ? calendar.bookedStarts : calendar.bookedStarts.filter((_, i) => i !== own),
  };
}

/** Whether the booking can still be changed: confirmed and not yet started. */
export function isChangeable(booking: Booking, now: number): boolean {
  return booking.status === 'confirmed' && booking.start > now;
}

/** Times the booking could move to: the same rep, the booking itself not counted as busy. */
export async function rescheduleSlots(deps: ManageDeps, booking: Booking): Promise<Interval[]> {
  const { db, catalog, now } = deps;
  const known = bookingRules(catalog, booking);
  if (!known || !isChangeable(booking, now)) return [];
  const [calendar] = await loadCalendars(db, catalog, known.meeting, [booking.repId], now, now + known.rules.horizonDays * DAY);
  return repSlots(withoutBooking(calendar!, booking), { rules: known.rules, now })
    .filter((slot) => slot.start !== booking.start);
}

function refuseUnchangeable(booking: Booking, now: number): void {
  if (booking.status === 'canceled') throw new ApiError('booking_canceled', 'this meeting was canceled; book a new one instead');
  if (booking.start <= now) throw new ApiError('booking_started', 'this meeting has already started and can no longer be changed');
}

/**
 * Moves a booking to `start`, same rep. The same atomic re-check as a new booking: the
 * rep's lock row first, then the slot is checked against everything committed before,
 * the booking itself excepted. SEQUENCE goes up by one and both invites go out again
 * (METHOD:REQUEST at the new time) through the outbox, in the same transaction.
 * Asking for the time the booking already has changes nothing (a retried move).
 */
export async function rescheduleBooking(deps: ManageDeps, token: string, start: number): Promise<ManageResult> {
  const { db, catalog, now } = deps;
  const found = await findManaged(db, token);
  const known = bookingRules(catalog, found.booking);
  if (!known) throw new ApiError('not_schedulable', 'this meeting can no longer be moved online; cancel it and book a new one');
  const { rules, meeting } = known;

  const result = await db.transaction().execute(async (trx): Promise<ManageResult | null> => {
    await lockReps(trx, [found.booking.repId]);
    const current = (await findBooking(trx, found.booking.id))!;
    refuseUnchangeable(current, now);
    if (current.start === start) return { booking: current, lead: found.lead, changed: false };
    if (current.sequence >= MAX_MOVES) {
      throw new ApiError('booking_limit_reached', 'this meeting has been moved too often; cancel it and book a new one, or reply to the invitation');
    }

    const [calendar] = await loadCalendars(trx, catalog, meeting, [current.repId], start - DAY, start + DAY);
    const mine = withoutBooking(calendar!, current);
    const check = checkSlot([mine], rules, start, now);
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
    await moveBooking(trx, moved.id, { ...moved, at: now });
    await enqueueChange(trx, catalog, moved, found.lead, token, { kind: 'rescheduled', previous: { start: current.start, end: current.end } }, now);
    return { booking: moved, lead: found.lead, changed: true };
  });
  if (result) return result;
  throw new ApiError('slot_taken', 'that time was just taken; please pick another', {
    extra: { slots: slotViews(await rescheduleSlots(deps, found.booking)) },
  });
}

/** Trims a free-text reason to something safe to store and mail; empty means none. */
export function cleanReason(reason: string | undefined): string | null {
  const cleaned = (reason ?? '').replace(/[\x00-\x09\x0b-\x1f\x7f]/g, ' ').trim().slice(0, CANCEL_REASON_MAX);
  return cleaned === '' ? null : cleaned;
}

/**
 * Cancels a booking: STATUS:CANCELLED, SEQUENCE + 1, METHOD:CANCEL invites to both,
 * webhooks, all in one transaction; the time is free again for everyone at once.
 * Canceling a canceled booking changes nothing and succeeds (a retried cancel).
 */
export async function cancelBooking(deps: ManageDeps, token: string, reason: string | undefined): Promise<ManageResult> {
  const { db, catalog, now } = deps;
  const found = await findManaged(db, token);
  const why = cleanReason(reason);
  return db.transaction().execute(async (trx) => {
    await lockReps(trx, [found.booking.repId]);
    const current = (await findBooking(trx, found.booking.id))!;
    if (current.status === 'canceled') return { booking: current, lead: found.lead, changed: false };
    refuseUnchangeable(current, now);
    const canceled: Booking = { ...current, status: 'canceled', sequence: current.sequence + 1, cancelReason: why, updatedAt: now };
    await markCanceled(trx, canceled.id, { sequence: canceled.sequence, reason: why, at: now });
    // A rep or meeting type removed from the config since cannot be written to; the
    // prospect can still cancel.
    if (bookingRules(catalog, canceled)) {
      await enqueueChange(trx, catalog, canceled, found.lead, token, { kind: 'canceled', reason: why }, now);
    }
    return { booking: canceled, lead: found.lead, changed: true };
  });
}

async function enqueueChange(db: Db, catalog: Catalog, booking: Booking, lead: Lead, token: string, change: BookingChange, at: number): Promise<void> {
  await enqueueJobs(db, bookingChangeJobs({ catalog, booking, lead, manageUrl: manageUrlOf(catalog, token), change, at }));
}
