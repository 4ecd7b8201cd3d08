import { randomBytes } from 'node:crypto';
import type { Booking, Lead, OutboxJob } from '../../shared/records.ts';
import { explainDay, type ExplainedStart } from '../availability/explain.ts';
import { zoneClock, type LocalDay } from '../availability/zoned-time.ts';
import { slotRules } from '../config/catalog.ts';
import { ApiError } from '../http/errors.ts';
import { hashToken } from '../http/tokens.ts';
import { distribution, type Distribution } from '../routing/distribution.ts';
import type { DeliveryState, LeadFilter, ListedLead } from '../store/store.ts';
import { calendarSources } from './calendar-sync.ts';
import { loadCalendars } from './calendars.ts';
import { cancelManaged, cleanReason } from './cancel.ts';
import { creditLocks, giveTurnBack } from './credit.ts';
import type { FlowDeps } from './deps.ts';
import { reassign, reassignNotes, repsWhoHad } from './reassign.ts';

/** What the admin console reads and does (SPEC §13). */

const DAY = 86_400_000;
const SESSION_MS = 12 * 60 * 60_000;

export type AdminSession = { csrf: string; expiresAt: number };

/** A new session for whoever gave the admin token: the cookie's token (kept only as a hash) and its CSRF token. */
export async function startSession(deps: FlowDeps): Promise<AdminSession & { token: string }> {
  const now = deps.clock();
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(24).toString('base64url');
  const expiresAt = now + SESSION_MS;
  await deps.store.admin.insertSession(hashToken(token), csrf, now, expiresAt);
  return { token, csrf, expiresAt };
}

export async function sessionOf(deps: FlowDeps, token: string): Promise<AdminSession | null> {
  if (token.length === 0 || token.length > 100) return null;
  return deps.store.admin.findSession(hashToken(token), deps.clock());
}

export async function endSession(deps: FlowDeps, token: string): Promise<void> {
  await deps.store.admin.deleteSession(hashToken(token));
}

export async function leadsPage(deps: FlowDeps, filter: LeadFilter, limit: number, cursor: string | null): Promise<{ leads: ListedLead[]; nextCursor: string | null } | null> {
  return deps.store.admin.leads(filter, limit, cursor);
}

/** Every lead that passes `filter`, newest first, a page at a time: the CSV export. */
export async function* allLeads(deps: FlowDeps, filter: LeadFilter): AsyncGenerator<ListedLead[]> {
  let cursor: string | null = null;
  do {
    const page: { leads: ListedLead[]; nextCursor: string | null } = (await deps.store.admin.leads(filter, 500, cursor))!;
    yield page.leads;
    cursor = page.nextCursor;
  } while (cursor !== null);
}

/** One line of a lead's history, before it is rendered. */
export type TimelineItem = { at: number; kind: 'lead' | 'assignment' | 'booking' | 'reassignment' | 'timer' | 'delivery'; event: string; detail: string | null; status: string | null };

export type LeadFile = {
  lead: Lead & { bookedFor: number | null; acceptedAt: number | null };
  /** The live booking, else the latest. */
  booking: Booking | null;
  timeline: TimelineItem[];
  actions: { reassign: boolean; reassignTo: string[]; cancel: boolean; markOutcome: boolean };
};

/** A lead with everything known about it: its booking, its history and what may be done to it now. */
export async function leadFile(deps: FlowDeps, id: string): Promise<LeadFile> {
  const { store } = deps;
  const now = deps.clock();
  const lead = await store.leads.find(id);
  if (!lead) throw new ApiError('lead_not_found', 'no such lead');
  const [bookings, turns, timers, followUp] = await Promise.all([
    store.admin.bookingsOfLead(id), store.admin.turnsOfLead(id), store.timers.ofLead(id), store.leads.followUp(id),
  ]);
  const jobs = await store.admin.jobsOfBookings(bookings.map((b) => b.id));
  const live = bookings.find((b) => b.status === 'confirmed') ?? null;
  const booking = live ?? bookings.at(-1) ?? null;
  const timeline: TimelineItem[] = [
    { at: lead.createdAt, kind: 'lead', event: `lead.${lead.outcome}`, detail: lead.reason ?? lead.repId ?? lead.teamId, status: null },
  ];
  for (const t of turns) {
    timeline.push({ at: t.at, kind: 'assignment', event: 'turn.taken', detail: t.repId, status: null });
    if (t.creditedAt !== null) timeline.push({ at: t.creditedAt, kind: 'assignment', event: 'turn.credited', detail: `${t.repId}: ${t.creditReason}`, status: null });
  }
  for (const b of bookings) {
    timeline.push({ at: b.createdAt, kind: 'booking', event: 'booking.created', detail: b.repId, status: null });
    if (b.status === 'canceled') timeline.push({ at: b.updatedAt, kind: 'booking', event: 'booking.canceled', detail: b.cancelReason, status: b.canceledBy });
    else if (b.sequence > 0) timeline.push({ at: b.updatedAt, kind: 'booking', event: 'booking.rescheduled', detail: new Date(b.start).toISOString(), status: null });
    if (b.hostOutcome) timeline.push({ at: Math.max(b.start, b.updatedAt), kind: 'booking', event: `booking.${b.hostOutcome}`, detail: b.repId, status: null });
  }
  for (const r of lead.trace.reassignments ?? []) {
    timeline.push({ at: Date.parse(r.at), kind: 'reassignment', event: `reassigned.${r.why}`, detail: `${r.from} → ${r.to ?? '—'}`, status: null });
  }
  for (const t of timers) {
    timeline.push({ at: t.doneAt ?? t.dueAt, kind: 'timer', event: `timer.${t.kind}`, detail: t.repId, status: t.doneAt === null ? 'due' : 'done' });
  }
  for (const j of jobs) timeline.push({ at: j.doneAt ?? j.createdAt, kind: 'delivery', event: `${j.kind}: ${j.event}`, detail: j.target ?? j.kind, status: deliveryState(j) });
  timeline.sort((a, b) => a.at - b.at);
  return {
    lead: { ...lead, bookedFor: live?.start ?? null, acceptedAt: followUp.acceptedAt },
    booking, timeline, actions: actionsFor(deps, lead, live, now),
  };
}

export function deliveryState(job: Pick<OutboxJob, 'status' | 'attempts'>): DeliveryState | 'done' {
  if (job.status === 'pending') return job.attempts > 0 ? 'retrying' : 'pending';
  return job.status;
}

/** What the console may offer: reassign an unbooked lead of a team that assigns, cancel or mark its live booking. */
function actionsFor(deps: FlowDeps, lead: Lead, live: Booking | null, now: number): LeadFile['actions'] {
  const team = lead.teamId !== null && Object.hasOwn(deps.catalog.config.teams, lead.teamId) ? deps.catalog.config.teams[lead.teamId]! : null;
  const reassignable = live === null && lead.outcome === 'schedule' && lead.repId !== null && team?.mode === 'assigned';
  return {
    reassign: reassignable,
    reassignTo: reassignable ? team!.members.filter((id) => id !== lead.repId && deps.catalog.reps.has(id)) : [],
    cancel: live !== null && live.start > now && live.hostOutcome === null,
    markOutcome: live !== null && live.start <= now && live.hostOutcome === null,
  };
}

/**
 * The admin moves an unbooked lead to another member of its team: `repId`, or the team's
 * next by its strategy with every rep who had it left out. As a hand-back: the old rep's
 * turn is given back, the new rep takes one and gets their host link by email, the old
 * rep is told, `lead.reassigned` is sent.
 */
export async function reassignAsAdmin(deps: FlowDeps, leadId: string, repId: string | undefined): Promise<string> {
  const { store } = deps;
  const now = deps.clock();
  const lead = await store.leads.find(leadId);
  if (!lead) throw new ApiError('lead_not_found', 'no such lead');
  const live = await store.bookings.liveOfLead(lead.id);
  const { reassign: allowed, reassignTo } = actionsFor(deps, lead, live?.booking ?? null, now);
  if (!allowed) {
    if (live) throw new ApiError('lead_booked', 'this lead has a meeting booked; cancel it first');
    throw new ApiError('not_a_team_lead', 'only an unbooked lead of a team that assigns leads can be reassigned');
  }
  if (repId !== undefined && !reassignTo.includes(repId)) {
    throw new ApiError('invalid_request', 'not a rep who can take this lead', { issues: [{ path: 'repId', message: `expected one of: ${reassignTo.join(', ')}` }] });
  }
  const from = lead.repId!;
  const teamId = lead.teamId!;
  const target = { kind: 'next', teamId } as const;
  // A chosen rep takes the lead whatever their calendar says: the admin decided.
  const notes = repId !== undefined ? [{ repId, included: true as const }] : await reassignNotes(deps, lead, target, repsWhoHad(lead, from), now);
  return store.atomically({ teams: [teamId], reps: [from] }, async (tx) => {
    const fresh = (await tx.leads.find(lead.id))!;
    if (fresh.repId !== from) throw new ApiError('not_your_lead', 'this lead moved to another rep meanwhile; reload');
    if ((await tx.bookings.liveOfLead(lead.id)) !== null) throw new ApiError('lead_booked', 'this lead has a meeting booked; cancel it first');
    const to = await reassign(tx, deps, { lead: fresh, from, target, notes, why: 'admin', now });
    if (to === null) throw new ApiError('no_one_else', 'nobody else on the team can take this lead now');
    return to;
  });
}

async function bookingAndLead(deps: FlowDeps, bookingId: string): Promise<{ booking: Booking; lead: Lead }> {
  const booking = bookingId.length <= 64 ? await deps.store.bookings.find(bookingId) : null;
  const lead = booking ? await deps.store.leads.find(booking.leadId) : null;
  if (!booking || !lead) throw new ApiError('booking_not_found', 'no such booking');
  return { booking, lead };
}

/** The admin cancels a meeting for its host, with the reason the prospect reads. */
export async function cancelAsAdmin(deps: FlowDeps, bookingId: string, reason: string | undefined): Promise<Lead> {
  const found = await bookingAndLead(deps, bookingId);
  const why = cleanReason(reason);
  if (why === null) throw new ApiError('reason_required', 'say why the meeting is canceled: the prospect reads it');
  if (found.booking.status === 'canceled') throw new ApiError('booking_canceled', 'this meeting was canceled already');
  await cancelManaged(deps, found, { by: 'host', reason: why, manageToken: null });
  return found.lead;
}

/** After the start, the admin marks the meeting held or a no-show, once; a no-show gives the turn back (`routing.creditBack`). */
export async function markAsAdmin(deps: FlowDeps, bookingId: string, outcome: 'held' | 'no_show'): Promise<Lead> {
  const { store, catalog } = deps;
  const now = deps.clock();
  const { booking, lead } = await bookingAndLead(deps, bookingId);
  const locks = { teams: outcome === 'no_show' ? creditLocks(catalog, lead, 'no_show') : [], reps: [booking.repId] };
  await store.atomically(locks, async (tx) => {
    const current = (await tx.bookings.find(booking.id))!;
    if (current.status === 'canceled') throw new ApiError('booking_canceled', 'this meeting was canceled');
    if (current.start > now) throw new ApiError('not_started', 'the meeting has not started yet');
    if (current.hostOutcome !== null) throw new ApiError('outcome_set', 'this meeting is already marked');
    await tx.bookings.setHostOutcome(current.id, outcome, now);
    if (outcome === 'no_show') await giveTurnBack(tx, catalog, lead, current.repId, 'no_show', now);
  });
  return lead;
}

export async function bookingsPage(
  deps: FlowDeps,
  options: { from?: number; to?: number; repId?: string; status?: Booking['status']; limit: number; cursor: string | null },
): Promise<{ bookings: Booking[]; nextCursor: string | null } | null> {
  return deps.store.bookings.list(options);
}

export type Bucket = 'day' | 'week';

/** The start of the organization's local day (or ISO week, from Monday) holding `instant`. */
function bucketStart(zone: string, bucket: Bucket, instant: number): number {
  const clock = zoneClock(zone);
  let day: LocalDay = clock.localDayAt(instant);
  if (bucket === 'week') day -= (((day + 3) % 7) + 7) % 7;
  return clock.instantAtOrAfter(day, 0);
}

/**
 * Assignments per team and rep in `[from, to)` against the weighted shares, with the
 * turns of each day or week (in the organization's zone) for the chart.
 */
export async function distributionBetween(deps: FlowDeps, from: number, to: number, bucket: Bucket = 'day'): Promise<Distribution & { series: Map<string, { start: number; reps: Map<string, { leads: number; credited: number }> }[]> }> {
  const zone = deps.catalog.config.organization.timezone;
  const [counts, turns] = await Promise.all([deps.store.rotation.assignmentCounts(from, to), deps.store.admin.turnsBetween(from, to)]);
  const starts: number[] = [];
  for (let at = bucketStart(zone, bucket, from); at < to; at = bucketStart(zone, bucket, at + (bucket === 'week' ? 8 : 1.5) * DAY)) starts.push(at);
  const series = new Map<string, { start: number; reps: Map<string, { leads: number; credited: number }> }[]>();
  for (const teamId of Object.keys(deps.catalog.config.teams)) series.set(teamId, starts.map((start) => ({ start, reps: new Map() })));
  for (const turn of turns) {
    const buckets = series.get(turn.teamId);
    const start = bucketStart(zone, bucket, turn.at);
    const entry = buckets?.find((b) => b.start === start);
    if (!entry) continue;
    const rep = entry.reps.get(turn.repId) ?? { leads: 0, credited: 0 };
    rep.leads++;
    if (turn.credited) rep.credited++;
    entry.reps.set(turn.repId, rep);
  }
  return { ...distribution(deps.catalog, counts), series };
}

/** The troubleshooter: for these reps and a local date, every grid start of the meeting type with its reason. */
export async function explainAvailability(
  deps: FlowDeps,
  repIds: readonly string[],
  date: string,
  meetingTypeId: string,
): Promise<{ repId: string; timezone: string; starts: ExplainedStart[] }[]> {
  const { catalog } = deps;
  const meeting = catalog.config.meetingTypes[meetingTypeId]!;
  const now = deps.clock();
  const day = Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY);
  // Every zone's version of that date lies within a day and a half of its UTC midnight.
  const from = day * DAY - 1.5 * DAY;
  const to = (day + 1) * DAY + 1.5 * DAY;
  const calendars = await loadCalendars(deps.store, deps, now, meeting, repIds, from, to);
  return calendars.map((calendar) => ({
    repId: calendar.id,
    timezone: calendar.schedule.timezone,
    starts: explainDay(calendar, slotRules(meeting), now, day),
  }));
}

/** Each configured calendar source with what the database keeps of its sync. */
export async function calendarsReport(deps: FlowDeps) {
  return calendarSources(deps);
}

/** Deliveries in one state, and how many there are in each. */
export async function deliveriesPage(deps: FlowDeps, state: DeliveryState, limit: number, cursor: string | null) {
  const [page, depth] = await Promise.all([deps.store.admin.deliveries(state, limit, cursor), deps.store.outbox.depth()]);
  if (page === null) return null;
  const counts = { pending: 0, retrying: 0, dead: 0 };
  for (const d of depth) counts[d.state] += d.count;
  return { ...page, counts };
}

/** A dead or retrying delivery is tried again at once; 409 for one that is done, pending or being tried. */
export async function retryDelivery(deps: FlowDeps, id: string): Promise<OutboxJob> {
  const job = id.length <= 64 ? await deps.store.admin.findDelivery(id) : null;
  if (!job) throw new ApiError('not_found', 'no such delivery');
  if (!(await deps.store.admin.retryDelivery(id, deps.clock()))) {
    throw new ApiError('not_retryable', `this delivery is ${deliveryState(job)}${job.leaseUntil !== null && job.leaseUntil > deps.clock() ? ' and being tried now' : ''}; only dead or retrying ones can be retried`);
  }
  return (await deps.store.admin.findDelivery(id))!;
}
