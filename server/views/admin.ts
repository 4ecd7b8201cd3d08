import type { AdminBooking, AdminDelivery, AdminLeadDetail, AdminLeadSummary, AdminOverview } from '../../shared/admin-api.ts';
import { localize } from '../../shared/locale.ts';
import type { Booking, CalendarSourceRecord, Lead, OutboxJob } from '../../shared/records.ts';
import { calendarState, isUsable, type ConfiguredSource } from '../calendars/sources.ts';
import type { Catalog } from '../config/catalog.ts';
import { prospectOf } from '../delivery/notify.ts';
import { deliveryState, type LeadFile } from '../flows/admin.ts';

const iso = (instant: number) => new Date(instant).toISOString();

const isoOrNull = (instant: number | null | undefined) => (instant === null || instant === undefined ? null : iso(instant));

/** The names the console shows for ids. */
export function overview(catalog: Catalog): AdminOverview {
  const { config } = catalog;
  const text = (value: Parameters<typeof localize>[0] | undefined, fallback: string) => (value === undefined ? fallback : localize(value, config.organization.locale));
  return {
    organization: { name: config.organization.name, timezone: config.organization.timezone, locale: config.organization.locale },
    reps: config.reps.map((r) => ({ id: r.id, name: r.name, timezone: r.timezone, weight: r.weight })),
    teams: Object.entries(config.teams).map(([id, t]) => ({ id, members: t.members, strategy: t.strategy, mode: t.mode })),
    forms: Object.entries(config.forms).map(([id, f]) => ({ id, title: text(f.title, id), meetingType: f.meetingType })),
    meetingTypes: Object.entries(config.meetingTypes).map(([id, m]) => ({
      id, title: text(m.title, id), durationMinutes: m.durationMinutes, slotStepMinutes: m.slotStepMinutes ?? m.durationMinutes,
    })),
  };
}

/** A lead as the admin list shows it. */
export function leadSummary(catalog: Catalog, lead: Lead & { bookedFor?: number | null }): AdminLeadSummary {
  const known = Object.hasOwn(catalog.config.forms, lead.formId);
  const prospect = known ? prospectOf(catalog, lead) : null;
  return {
    id: lead.id, formId: lead.formId, createdAt: iso(lead.createdAt), outcome: lead.outcome, reason: lead.reason,
    email: prospect?.email ?? null, name: prospect?.name ?? null,
    teamId: lead.teamId, repId: lead.repId, repName: lead.repId === null ? null : catalog.reps.get(lead.repId)?.name ?? null, mode: lead.mode,
    bookedFor: isoOrNull(lead.bookedFor),
  };
}

/** One lead with everything known about it: answers, facts, trace, booking, history and what may be done. */
export function leadDetail(catalog: Catalog, file: LeadFile): AdminLeadDetail {
  const { lead } = file;
  return {
    lead: {
      ...leadSummary(catalog, lead), answers: lead.answers, facts: lead.facts, timezone: lead.timezone, locale: lead.locale,
      candidateIds: lead.candidateIds, trace: lead.trace, acceptedAt: isoOrNull(lead.acceptedAt),
    },
    booking: file.booking && bookingRow(catalog, file.booking),
    timeline: file.timeline.map((t) => ({ ...t, at: iso(t.at) })),
    actions: file.actions,
  };
}

export function bookingRow(catalog: Catalog, b: Booking): AdminBooking {
  return {
    id: b.id, leadId: b.leadId, repId: b.repId, repName: catalog.reps.get(b.repId)?.name ?? null,
    meetingType: b.meetingType, start: iso(b.start), end: iso(b.end), status: b.status, sequence: b.sequence,
    createdAt: iso(b.createdAt), cancelReason: b.cancelReason, canceledBy: b.canceledBy, hostOutcome: b.hostOutcome,
  };
}

export function deliveryRow(job: OutboxJob): AdminDelivery {
  return {
    id: job.id, kind: job.kind, event: job.event, target: job.target ?? job.kind, bookingId: job.bookingId, state: deliveryState(job),
    attempts: job.attempts, runAt: iso(job.runAt), createdAt: iso(job.createdAt), lastError: job.lastError,
  };
}

/** Reps' calendar sources as the admin API shows them: grouped by rep, never a URL's path or a password. */
export function calendarRows(catalog: Catalog, sources: readonly { source: ConfiguredSource; record: CalendarSourceRecord | undefined }[], now: number) {
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
