import type { Booking, Lead } from '../../shared/records.ts';
import type { Interval } from '../availability/intervals.ts';
import { repSlots, type RepCalendar, type SlotRules } from '../availability/slots.ts';
import { manageUrlOf } from '../booking/links.ts';
import { slotRules, type Catalog } from '../config/catalog.ts';
import { bookingChangeJobs, REMINDER_EVENT, reminderJobs } from '../delivery/booking-events.ts';
import type { BookingChange } from '../delivery/notify.ts';
import { ApiError } from '../http/errors.ts';
import { hashToken } from '../http/tokens.ts';
import type { Operations, Tx } from '../store/store.ts';
import { loadCalendars } from './calendars.ts';
import type { FlowDeps } from './deps.ts';
import { hostUrlFor, keptManageToken } from './host-link.ts';

const DAY = 86_400_000;

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
export async function findManaged(store: Pick<Operations, 'bookings' | 'leads'>, token: string): Promise<Managed> {
  const booking = token.length > 0 && token.length <= 200 ? await store.bookings.findByManageHash(hashToken(token)) : null;
  const lead = booking ? await store.leads.find(booking.leadId) : null;
  if (!booking || !lead) throw new ApiError('booking_not_found', 'this link is not valid');
  return { booking, lead };
}

/** The booking's rep and rules, or null when the config no longer has them. */
export function bookingRules(catalog: Catalog, booking: Booking): { rules: SlotRules; meeting: NonNullable<Catalog['config']['meetingTypes'][string]> } | null {
  const meeting = catalog.config.meetingTypes[booking.meetingType];
  if (!meeting || !catalog.reps.has(booking.repId)) return null;
  return { rules: slotRules(meeting), meeting };
}

/**
 * The rep's calendar as if this booking were not there: a booking never blocks its own
 * move. The copy of its invite in the rep's own calendar never counted (calendar reads
 * skip Usher's UIDs), so only Usher's own row goes.
 */
export function withoutBooking(calendar: RepCalendar, booking: Booking): RepCalendar {
  // By id only: a meeting in the rep's own calendar at the very same times is not this booking.
  const same = (b: RepCalendar['busy'][number]) => b.bookingId === booking.id;
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
export async function rescheduleSlots(deps: FlowDeps, booking: Booking): Promise<Interval[]> {
  const { store, catalog } = deps;
  const now = deps.clock();
  const known = bookingRules(catalog, booking);
  if (!known || !isChangeable(booking, now)) return [];
  const [calendar] = await loadCalendars(store, deps, now, known.meeting, [booking.repId], now, now + known.rules.horizonDays * DAY);
  return repSlots(withoutBooking(calendar!, booking), { rules: known.rules, now })
    .filter((slot) => slot.start !== booking.start);
}

export function refuseUnchangeable(booking: Booking, now: number): void {
  if (booking.status === 'canceled') throw new ApiError('booking_canceled', 'this meeting was canceled; book a new one instead');
  if (booking.start <= now) throw new ApiError('booking_started', 'this meeting has already started and can no longer be changed');
}

/**
 * Both invites and the webhooks for a change, queued in the change's transaction: the
 * prospect's with their manage link (`manageToken`, or the copy the server kept when
 * the host makes the change), the rep's with the rep's host link.
 */
export async function enqueueChange(
  tx: Tx,
  deps: Pick<FlowDeps, 'catalog' | 'secret'>,
  managed: Managed,
  manageToken: string | null,
  change: BookingChange,
  at: number,
): Promise<void> {
  const { catalog } = deps;
  const token = manageToken ?? keptManageToken(deps, await tx.bookings.keptManageToken(managed.booking.id));
  const hostUrl = await hostUrlFor(tx, deps, managed.lead.id, managed.booking.repId, at);
  const input = { catalog, ...managed, manageUrl: token === null ? null : manageUrlOf(catalog, token), hostUrl, at };
  // The reminders follow the booking: dropped, and made again for a new time.
  await tx.outbox.dropPending(managed.booking.id, REMINDER_EVENT, at);
  await tx.outbox.enqueue([...bookingChangeJobs({ ...input, change }), ...reminderJobs(input, deps.secret)]);
}
