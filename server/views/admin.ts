import type { Booking, CalendarSourceRecord, Lead } from '../../shared/records.ts';
import { calendarState, isUsable, type ConfiguredSource } from '../calendars/sources.ts';
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

/** Reps' calendar sources as the admin API shows them: grouped by rep, never a URL's path or a password. */
export function calendarRows(catalog: Catalog, sources: readonly { source: ConfiguredSource; record: CalendarSourceRecord | undefined }[], now: number) {
  const isoOrNull = (instant: number | null | undefined) => (instant === null || instant === undefined ? null : iso(instant));
  const sync = catalog.config.calendarSync;
  const byRep = new Map<string, ReturnType<typeof row>[]>();
  function row({ source, record }: { source: ConfiguredSource; record: CalendarSourceRecord | undefined }) {
    return {
      id: source.id,
      kind: source.config.kind,
      label: source.label,
      writeBookings: source.config.kind === 'caldav' && source.config.writeBookings,
      state: record ? calendarState(record, sync, now) : 'stale' as const,
      /** Whether the rep is offered meanwhile: false means excluded as `calendar_unavailable`. */
      usable: isUsable(record, sync, now),
      lastSuccessAt: isoOrNull(record?.lastSuccessAt),
      lastAttemptAt: isoOrNull(record?.lastAttemptAt),
      lastError: record?.lastError ?? null,
      busyIntervals: record?.busyCount ?? 0,
    };
  }
  for (const entry of sources) byRep.set(entry.source.repId, [...(byRep.get(entry.source.repId) ?? []), row(entry)]);
  return [...byRep].map(([repId, list]) => ({ repId, repName: catalog.reps.get(repId)!.name, sources: list }));
}
