import { randomUUID } from 'node:crypto';
import type { Interval } from '../availability/intervals.ts';
import { repSlots, unionSlots, type SlotRules } from '../availability/slots.ts';
import { meetingOf, slotRules, type Catalog } from '../config/catalog.ts';
import { ApiError } from '../http/errors.ts';
import { hashToken, newToken } from '../http/tokens.ts';
import { lockPooledRotation, takePooledTurn } from '../routing/pooled.ts';
import { confirmedBookingOfLead, insertBooking, lockReps, type Booking } from '../store/bookings.ts';
import type { Db } from '../store/db.ts';
import { findLeadByTokenHash, type Lead } from '../store/leads.ts';
import { loadCalendars } from './calendars.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;

export type BookDeps = { db: Db; catalog: Catalog; now: number };

export type BookingMade = { booking: Booking; lead: Lead; manageToken: string };

/**
 * Books `start` for the lead behind `leadToken`. The slot is re-checked inside the
 * transaction that writes the booking, after the candidate reps' lock rows are taken,
 * so two requests can never both see a rep free and both book them.
 */
export async function bookSlot(deps: BookDeps, leadToken: string, start: number): Promise<BookingMade> {
  const { db, catalog, now } = deps;
  const lead = await findLeadByTokenHash(db, hashToken(leadToken));
  if (!lead || lead.outcome !== 'schedule') throw new ApiError('lead_not_found', 'this booking link is not valid');
  const form = catalog.config.forms[lead.formId];
  if (!form) throw new ApiError('lead_not_found', 'this booking link is not valid');
  const meeting = meetingOf(catalog, form);
  const rules = slotRules(meeting);
  const candidates = lead.candidateIds.filter((id) => catalog.reps.has(id));

  const made = await db.transaction().execute(async (trx) => {
    const existing = await confirmedBookingOfLead(trx, lead.id);
    if (existing) throw new ApiError('already_booked', 'this request already has a meeting booked');
    // Lock order everywhere: the team's rotation row, then reps by id.
    const rotation = await lockPooledRotation(trx, catalog, lead, now);
    await lockReps(trx, candidates);

    const calendars = await loadCalendars(trx, catalog, meeting, candidates, start - DAY, start + DAY);
    const window = { rules, now, from: start, to: start + 1 };
    const free = new Set(calendars.filter((c) => repSlots(c, window).length > 0).map((c) => c.id));
    if (free.size === 0) {
      // Would the slot exist at all without other people's bookings? If not, it was never offered.
      const open = calendars.some((c) => repSlots({ ...c, busy: [], bookedStarts: [] }, window).length > 0);
      if (!open) throw new ApiError('slot_not_offered', 'that time is not one of the offered slots');
      return null;
    }

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
      status: 'confirmed', sequence: 0, createdAt: now,
    };
    const manageToken = newToken();
    await insertBooking(trx, booking, hashToken(manageToken));
    return { booking, lead, manageToken };
  });
  if (made) return made;
  throw new ApiError('slot_taken', 'that time was just taken; please pick another', {
    extra: { slots: await freshSlots(deps, candidates, rules, meetingOf(catalog, form)) },
  });
}

/** The lead's current slots, for a 409 answer. */
async function freshSlots(
  deps: BookDeps,
  candidates: readonly string[],
  rules: SlotRules,
  meeting: Parameters<typeof loadCalendars>[2],
): Promise<Interval[]> {
  const { db, catalog, now } = deps;
  const calendars = await loadCalendars(db, catalog, meeting, candidates, now, now + rules.horizonDays * DAY);
  return unionSlots(calendars.map((c) => [c.id, repSlots(c, { rules, now })] as const))
    .map(({ start, end }) => ({ start, end }));
}
