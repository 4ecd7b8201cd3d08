import type { Booking, Lead } from '../../shared/records.ts';
import type { Catalog } from '../config/catalog.ts';
import { prospectOf } from '../delivery/notify.ts';

const iso = (instant: number) => new Date(instant).toISOString();

/** A lead as the admin list shows it. */
export function leadSummary(catalog: Catalog, lead: Lead) {
  const known = Object.hasOwn(catalog.config.forms, lead.formId);
  return {
    id: lead.id, formId: lead.formId, createdAt: iso(lead.createdAt), outcome: lead.outcome, reason: lead.reason,
    email: known ? prospectOf(catalog, lead).email : null,
    teamId: lead.teamId, repId: lead.repId, mode: lead.mode,
  };
}

/** One lead with everything known about it: answers, facts, trace and its live booking. */
export function leadDetail(catalog: Catalog, lead: Lead, booking: Booking | null) {
  return {
    lead: { ...leadSummary(catalog, lead), answers: lead.answers, facts: lead.facts, timezone: lead.timezone, locale: lead.locale, candidateIds: lead.candidateIds, trace: lead.trace },
    booking: booking && { id: booking.id, repId: booking.repId, start: iso(booking.start), end: iso(booking.end), status: booking.status },
  };
}

export function bookingRow(catalog: Catalog, b: Booking) {
  return {
    id: b.id, leadId: b.leadId, repId: b.repId, repName: catalog.reps.get(b.repId)?.name ?? null,
    meetingType: b.meetingType, start: iso(b.start), end: iso(b.end), status: b.status, sequence: b.sequence,
    createdAt: iso(b.createdAt),
  };
}
