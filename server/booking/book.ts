import { randomUUID } from 'node:crypto';
import type { BookingResponse, Slot } from '../../shared/api.ts';
import { FIRST_SLOT_DAYS, slotsOfFirstDays } from '../availability/first-days.ts';
import { checkSlot } from '../availability/slot-check.ts';
import { repSlots, unionSlots, type SlotRules } from '../availability/slots.ts';
import { meetingOf, slotRules, type Catalog } from '../config/catalog.ts';
import { bookingChangeJobs } from '../delivery/booking-events.ts';
import { ApiError } from '../http/errors.ts';
import { hashToken, newToken } from '../http/tokens.ts';
import { lockPooledRotation, takePooledTurn } from '../routing/pooled.ts';
import { countBookingsOfLead, insertBooking, liveBookingOfLead, lockReps, type Booking } from '../store/bookings.ts';
import type { Db } from '../store/db.ts';
import { leadForToken } from '../lead/lead-token.ts';
import { updateLeadTimezone } from '../store/leads.ts';
import { enqueueJobs } from '../store/outbox.ts';
import { loadCalendars } from './calendars.ts';
import { replayAnswer, requestHash, storeAnswer, type IdempotencyScope, type StoredAnswer } from './idempotency.ts';
import { bookingResponse, manageUrlOf, slotViews } from './links.ts';
import { seal, unseal } from './seal.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Bookings one lead may make in its life, canceled ones included. */
export const MAX_BOOKINGS_PER_LEAD = 3;

export type BookDeps = { db: Db; catalog: Catalog; now: number };

export type BookRequest = {
  leadToken: string;
  start: number;
  /** The request's `Idempotency-Key`, already checked for format. */
  idempotencyKey?: string | undefined;
  /** The zone the prospect chose in the widget (checked); emails show times in it. */
  timezone?: string | undefined;
};

/** The answer to a booking request: 201 with the booking, or the stored first answer again. */
export type BookAnswer = StoredAnswer<BookingResponse> & { bookingId: string };

/**
 * Books `start` for the lead behind `leadToken`.
 *
 * One transaction, in this order: lock the pooled team's rotation row, lock the
 * candidate reps' rows, then (seeing every booking committed before the locks) answer
 * a replayed `Idempotency-Key`, refuse a lead that already has a live booking, re-check
 * the slot, choose the rep, write the booking, the outbox rows for its invites and
 * webhooks, and the idempotent answer. Two requests can never both see a rep free and
 * both book them, and nothing is half-written: either all of it commits or none.
 */
export async function bookSlot(deps: BookDeps, request: BookRequest): Promise<BookAnswer> {
  const { db, catalog, now } = deps;
  const { leadToken, start } = request;
  const leadHash = hashToken(leadToken);
  const lead = await leadForToken(db, leadToken, now);
  const form = catalog.config.forms[lead.formId];
  if (!form) throw new ApiError('lead_not_found', 'this booking link is not valid');
  const meeting = meetingOf(catalog, form);
  const rules = slotRules(meeting);
  const candidates = lead.candidateIds.filter((id) => catalog.reps.has(id));
  const idempotency: IdempotencyScope | null = request.idempotencyKey === undefined ? null : {
    leadToken, scopeHash: leadHash, key: request.idempotencyKey, requestHash: requestHash({ start }),
  };
  // A plain retry is answered without taking any lock; the check inside the
  // transaction is the one that counts when two copies of a request race.
  if (idempotency) {
    const stored = await replayAnswer<BookingResponse>(db, idempotency);
    if (stored) return { ...stored, bookingId: stored.body.bookingId };
  }

  const made = await db.transaction().execute(async (trx): Promise<BookAnswer | null> => {
    // Lock order everywhere: the team's rotation row, then reps by id.
    const rotation = await lockPooledRotation(trx, catalog, lead, now);
    await lockReps(trx, candidates);
    if (idempotency) {
      const stored = await replayAnswer<BookingResponse>(trx, idempotency);
      if (stored) return { ...stored, bookingId: stored.body.bookingId };
    }
    const live = await liveBookingOfLead(trx, lead.id);
    if (live) {
      const token = live.sealedManageToken === null ? null : unseal(leadToken, 'manage-token', live.sealedManageToken);
      throw new ApiError('already_booked', 'this request already has a meeting booked; use its manage link to change it', {
        extra: token === null ? {} : { manageUrl: manageUrlOf(catalog, token) },
      });
    }

    // Book, cancel, book again… a lead token must not become a way to flood a rep's inbox.
    if (await countBookingsOfLead(trx, lead.id) >= MAX_BOOKINGS_PER_LEAD) {
      throw new ApiError('booking_limit_reached', 'this request has been booked and canceled too often; please fill in the form again');
    }
    const calendars = await loadCalendars(trx, catalog, meeting, candidates, start - DAY, start + DAY);
    const check = checkSlot(calendars, rules, start, now, lead.createdAt);
    if (check.state === 'not_offered') throw new ApiError('slot_not_offered', 'that time is not one of the offered slots');
    if (check.state === 'taken') return null;
    const free = new Set(check.repIds);

    let repId: string;
    if (rotation) {
      repId = await takePooledTurn(trx, catalog, lead, rotation, free, start, now);
    } else {
      repId = [...free][0]!;
    }
    const booking: Booking = {
      id: randomUUID(), leadId: lead.id, repId, meetingType: form.meetingType,
      start, end: start + rules.durationMinutes * MINUTE,
      bufferBefore: rules.bufferBeforeMinutes * MINUTE, bufferAfter: rules.bufferAfterMinutes * MINUTE,
      status: 'confirmed', sequence: 0, createdAt: now, updatedAt: now, cancelReason: null,
    };
    const manageToken = newToken();
    await insertBooking(trx, booking, { hash: hashToken(manageToken), sealed: seal(leadToken, 'manage-token', manageToken) });
    // The prospect may have switched the zone they read times in since submitting.
    const shownIn = request.timezone ?? lead.timezone;
    if (shownIn !== lead.timezone) await updateLeadTimezone(trx, lead.id, shownIn);
    await enqueueJobs(trx, bookingChangeJobs({
      catalog, booking, lead: { ...lead, timezone: shownIn }, manageUrl: manageUrlOf(catalog, manageToken), change: { kind: 'created' }, at: now,
    }));
    const body = bookingResponse(catalog, booking, manageToken);
    if (idempotency) await storeAnswer(trx, idempotency, { status: 201, body, bookingId: booking.id, at: now });
    return { status: 201, body, replayed: false, bookingId: booking.id };
  });
  if (made) return made;
  throw new ApiError('slot_taken', 'that time was just taken; please pick another', {
    extra: { slots: await freshSlots(deps, candidates, rules, meetingOf(catalog, form), lead.timezone) },
  });
}

/** The lead's current slots, for a 409 answer, as they go on the wire. */
async function freshSlots(
  deps: BookDeps,
  candidates: readonly string[],
  rules: SlotRules,
  meeting: Parameters<typeof loadCalendars>[2],
  zone: string,
): Promise<Slot[]> {
  const { db, catalog, now } = deps;
  const calendars = await loadCalendars(db, catalog, meeting, candidates, now, now + rules.horizonDays * DAY);
  const slots = unionSlots(calendars.map((c) => [c.id, repSlots(c, { rules, now })] as const));
  return slotViews(slotsOfFirstDays(slots, zone, FIRST_SLOT_DAYS));
}
