import { randomUUID } from 'node:crypto';
import type { BookingResponse, Slot } from '../../shared/api.ts';
import type { Booking, Lead } from '../../shared/records.ts';
import { FIRST_SLOT_DAYS, pooledSlotsOfFirstDays } from '../availability/first-days.ts';
import { checkSlot } from '../availability/slot-check.ts';
import { bookingResponse, manageUrlOf, slotViews } from '../booking/links.ts';
import { seal, unseal } from '../booking/seal.ts';
import { meetingOf, slotRules } from '../config/catalog.ts';
import { bookingChangeJobs, reminderJobs } from '../delivery/booking-events.ts';
import { ApiError } from '../http/errors.ts';
import { hashToken, newToken } from '../http/tokens.ts';
import { choosePooled, isPooledTeamLead } from '../routing/pooled.ts';
import type { Tx } from '../store/store.ts';
import { loadCalendars, recheckLive } from './calendars.ts';
import { creditLocks } from './credit.ts';
import type { FlowDeps } from './deps.ts';
import { hostUrlFor } from './host-link.ts';
import { replayAnswer, requestHash, storeAnswer, type IdempotencyScope, type StoredAnswer } from './idempotency.ts';
import { leadForToken } from './lead-token.ts';
import { takeTurn } from './take-turn.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Bookings one lead may make in its life, canceled ones included. */
export const MAX_BOOKINGS_PER_LEAD = 3;

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
 * One transaction that first takes the pooled team's rotation lock and the candidate
 * reps' locks (`atomically`), then, seeing every booking committed before: answers a
 * replayed `Idempotency-Key`, refuses a lead that already has a live booking, re-checks
 * the slot, chooses the rep (pooled: the team's turn), writes the booking, the outbox
 * rows for its invites and webhooks, and the idempotent answer. Two requests can never
 * both see a rep free and both book them, and nothing is half-written. Tokens are made
 * before the locks, and the invites' calendar files are rendered by the outbox worker.
 */
export async function bookSlot(deps: FlowDeps, request: BookRequest): Promise<BookAnswer> {
  const { store, catalog } = deps;
  const now = deps.clock();
  const { leadToken, start } = request;
  const lead = await leadForToken(store, leadToken, now);
  const form = catalog.config.forms[lead.formId];
  if (!form) throw new ApiError('lead_not_found', 'this booking link is not valid');
  const meeting = meetingOf(catalog, form);
  const rules = slotRules(meeting);
  const candidates = lead.candidateIds.filter((id) => catalog.reps.has(id));
  const idempotency: IdempotencyScope | null = request.idempotencyKey === undefined ? null : {
    leadToken, scopeHash: hashToken(leadToken), key: request.idempotencyKey, requestHash: requestHash({ start }),
  };
  // A plain retry is answered without taking any lock; the check inside the
  // transaction is the one that counts when two copies of a request race.
  if (idempotency) {
    const stored = await replayAnswer<BookingResponse>(store, idempotency);
    if (stored) return { ...stored, bookingId: stored.body.bookingId };
  }
  const manageToken = newToken();
  const token = { hash: hashToken(manageToken), sealed: seal(leadToken, 'manage-token', manageToken), kept: seal(deps.secret, 'kept-manage-token', manageToken) };
  const pooled = isPooledTeamLead(catalog, lead);
  // An assigned lead booking again after a cancel takes back the turn the cancel gave back.
  const credited = !pooled && lead.bookingsMade > 0 && creditLocks(catalog, lead, 'canceled').length > 0;
  await recheckLive(deps, meeting, candidates, start, now);

  const made = await store.atomically({ teams: pooled || credited ? [lead.teamId!] : [], reps: candidates }, async (tx): Promise<BookAnswer | Lead | null> => {
    if (idempotency) {
      const stored = await replayAnswer<BookingResponse>(tx, idempotency);
      if (stored) return { ...stored, bookingId: stored.body.bookingId };
    }
    await refuseRebooking(deps, tx, lead, leadToken);
    // Handed back or reassigned since it was read: the lead's slots are another rep's now.
    const current = (await tx.leads.find(lead.id))!;
    if (current.repId !== lead.repId || current.candidateIds.join() !== lead.candidateIds.join()) return current;
    const calendars = await loadCalendars(tx, deps, now, meeting, candidates, start - DAY, start + DAY);
    const check = checkSlot(calendars, rules, start, now, lead.createdAt);
    if (check.state === 'not_offered') throw new ApiError('slot_not_offered', 'that time is not one of the offered slots');
    if (check.state === 'taken') return null;
    const free = new Set(check.repIds);

    let repId = check.repIds[0]!;
    // The slot is good: the turn a cancel gave back is taken again, as the lead books again.
    if (credited) await tx.rotation.retakeTurn(lead.id, repId);
    if (pooled) {
      const choice = await takeTurn(tx, catalog, { teamId: lead.teamId!, leadId: lead.id, at: now },
        (state) => choosePooled(catalog, lead, state, free, start));
      await tx.leads.recordPooledChoice(lead.id, choice.repId, choice.trace);
      repId = choice.repId;
    }
    const booking: Booking = {
      id: randomUUID(), leadId: lead.id, repId, meetingType: form.meetingType,
      start, end: start + rules.durationMinutes * MINUTE,
      bufferBefore: rules.bufferBeforeMinutes * MINUTE, bufferAfter: rules.bufferAfterMinutes * MINUTE,
      status: 'confirmed', sequence: 0, createdAt: now, updatedAt: now, cancelReason: null, canceledBy: null, hostOutcome: null,
    };
    await tx.bookings.insert(booking, token);
    // The prospect may have switched the zone they read times in since submitting.
    const shownIn = request.timezone ?? lead.timezone;
    if (shownIn !== lead.timezone) await tx.leads.updateTimezone(lead.id, shownIn);
    const hostUrl = await hostUrlFor(tx, deps, lead.id, repId, now);
    const input = { catalog, booking, lead: { ...lead, timezone: shownIn }, manageUrl: manageUrlOf(catalog, manageToken), hostUrl, at: now };
    await tx.outbox.enqueue([...bookingChangeJobs({ ...input, change: { kind: 'created' } }), ...reminderJobs(input, deps.secret)]);
    const body = bookingResponse(catalog, booking, manageToken);
    if (idempotency) await storeAnswer(tx, idempotency, { status: 201, body, bookingId: booking.id, at: now });
    return { status: 201, body, replayed: false, bookingId: booking.id };
  });
  if (made && 'status' in made) {
    if (made.status === 201 && !made.replayed) deps.metrics?.booked(form.meetingType);
    return made;
  }
  const latest = made ?? lead;
  throw new ApiError('slot_taken', 'that time was just taken; please pick another', {
    extra: { slots: await freshSlots(deps, latest.candidateIds.filter((id) => catalog.reps.has(id)), latest) },
  });
}

/** A lead books once at a time, and only a few times in all. */
async function refuseRebooking(deps: FlowDeps, tx: Tx, lead: Lead, leadToken: string): Promise<void> {
  const made = await tx.bookings.ofLead(lead.id);
  const live = made.find((b) => b.booking.status === 'confirmed');
  if (live) {
    const token = live.sealedManageToken === null ? null : unseal(leadToken, 'manage-token', live.sealedManageToken);
    throw new ApiError('already_booked', 'this request already has a meeting booked; use its manage link to change it', {
      // A lead token that travels as a booking link (`/b/:token`, from the API or an
      // import) may be in a rep's or a campaign's hands: its booking's key is emailed, never answered.
      extra: token === null || (lead.tokenExpiresAt ?? null) !== null ? {} : { manageUrl: manageUrlOf(deps.catalog, token) },
    });
  }
  // Book, cancel, book again… a lead token must not become a way to flood a rep's inbox.
  if (made.length >= MAX_BOOKINGS_PER_LEAD) {
    throw new ApiError('booking_limit_reached', 'this request has been booked and canceled too often; please fill in the form again');
  }
}

/** The lead's current slots (first days), for a 409 answer, as they go on the wire. */
async function freshSlots(deps: FlowDeps, candidates: readonly string[], lead: Lead): Promise<Slot[]> {
  const { store, catalog } = deps;
  const now = deps.clock();
  const meeting = meetingOf(catalog, catalog.config.forms[lead.formId]!);
  const rules = slotRules(meeting);
  const calendars = await loadCalendars(store, deps, now, meeting, candidates, now, now + rules.horizonDays * DAY);
  return slotViews(pooledSlotsOfFirstDays(calendars, { rules, now }, lead.timezone, FIRST_SLOT_DAYS));
}
