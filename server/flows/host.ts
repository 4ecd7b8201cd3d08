import type { Booking, Lead, Reassignment } from '../../shared/records.ts';
import { meetingOf, slotRules } from '../config/catalog.ts';
import { handedOverJob, reassignedWebhookJobs } from '../delivery/lead-mail.ts';
import { ApiError } from '../http/errors.ts';
import { hashToken } from '../http/tokens.ts';
import { countCandidates } from '../routing/candidates.ts';
import { decide } from '../routing/decide.ts';
import type { HostLink, Operations } from '../store/store.ts';
import { loadCalendars } from './calendars.ts';
import { cancelManaged, cleanReason } from './cancel.ts';
import { creditLocks, giveTurnBack } from './credit.ts';
import type { FlowDeps } from './deps.ts';
import { hostUrlFor } from './host-link.ts';
import type { ManageResult } from './manage.ts';
import { takeTurn } from './take-turn.ts';

const DAY = 86_400_000;

/**
 * A lead as its host link shows it: the link, the lead, the lead's booking (the live one,
 * else the latest) and the rep who has the lead now. Only that rep's link acts; another
 * rep's (handed back, reassigned) still opens, to say where the lead went.
 */
export type Hosted = { link: HostLink; lead: Lead; booking: Booking | null; currentRepId: string | null };

/** The lead behind a host token; 404 for any token that is not one. */
export async function findHosted(store: Pick<Operations, 'hostLinks' | 'leads' | 'bookings'>, token: string): Promise<Hosted> {
  const link = token.length > 0 && token.length <= 200 ? await store.hostLinks.findByHash(hashToken(token)) : null;
  const lead = link ? await store.leads.find(link.leadId) : null;
  if (!link || !lead) throw new ApiError('not_found', 'this link is not valid');
  const made = (await store.bookings.ofLead(lead.id)).map((b) => b.booking);
  const booking = made.find((b) => b.status === 'confirmed') ?? made.at(-1) ?? null;
  const currentRepId = booking?.status === 'confirmed' ? booking.repId : lead.repId;
  return { link, lead, booking, currentRepId };
}

/** Only the rep who has the lead now acts on it. */
function refuseOthers(hosted: Hosted): void {
  if (hosted.currentRepId !== hosted.link.repId) throw new ApiError('not_your_lead', 'this lead is now with another rep');
}

/** The rep takes the lead on (SPEC §12): the SLA's clock stops. Accepting twice changes nothing. */
export async function acceptLead(deps: FlowDeps, token: string): Promise<Hosted> {
  const hosted = await findHosted(deps.store, token);
  refuseOthers(hosted);
  if (hosted.link.acceptedAt === null) await deps.store.hostLinks.accept(hosted.lead.id, hosted.link.repId, deps.clock());
  return hosted;
}

/** The host cancels the meeting, with a reason the prospect reads in the cancellation. */
export async function cancelAsHost(deps: FlowDeps, token: string, reason: string | undefined): Promise<ManageResult> {
  const hosted = await findHosted(deps.store, token);
  refuseOthers(hosted);
  const why = cleanReason(reason);
  if (why === null) throw new ApiError('reason_required', 'say why the meeting is canceled: the prospect reads it');
  if (!hosted.booking) throw new ApiError('booking_not_found', 'this lead has no meeting to cancel');
  return cancelManaged(deps, { booking: hosted.booking, lead: hosted.lead }, { by: 'host', reason: why, manageToken: null });
}

/**
 * After the start, the host says whether the meeting was held. A no-show gives the
 * rotation turn back when `routing.creditBack` says so. Marked once: the first word stands.
 */
export async function markOutcome(deps: FlowDeps, token: string, outcome: 'held' | 'no_show'): Promise<Hosted> {
  const { store, catalog } = deps;
  const now = deps.clock();
  const hosted = await findHosted(store, token);
  refuseOthers(hosted);
  const { booking, lead } = hosted;
  if (!booking) throw new ApiError('booking_not_found', 'this lead has no meeting');
  const locks = { teams: outcome === 'no_show' ? creditLocks(catalog, lead, 'no_show') : [], reps: [booking.repId] };
  await store.atomically(locks, async (tx) => {
    const current = (await tx.bookings.find(booking.id))!;
    if (current.status === 'canceled') throw new ApiError('booking_canceled', 'this meeting was canceled');
    if (current.start > now) throw new ApiError('not_started', 'the meeting has not started yet');
    if (current.hostOutcome !== null) throw new ApiError('outcome_set', 'this meeting is already marked');
    await tx.bookings.setHostOutcome(current.id, outcome, now);
    if (outcome === 'no_show') await giveTurnBack(tx, catalog, lead, 'no_show', now);
  });
  return hosted;
}

/**
 * The host hands an unbooked lead back: another member of its team takes it, chosen by
 * the team's strategy with every rep who had it left out, and takes a turn for it; the
 * host's turn is given back. The new rep is emailed their own host link, and
 * `lead.reassigned` goes to the webhooks. A booked lead is canceled as host instead.
 */
export async function handBack(deps: FlowDeps, token: string): Promise<{ hosted: Hosted; to: string }> {
  const { store, catalog } = deps;
  const now = deps.clock();
  const hosted = await findHosted(store, token);
  refuseOthers(hosted);
  const { lead } = hosted;
  if (hosted.booking?.status === 'confirmed') throw new ApiError('lead_booked', 'this lead has a meeting booked; cancel it as host instead');
  const teamId = lead.teamId;
  const team = teamId !== null && Object.hasOwn(catalog.config.teams, teamId) ? catalog.config.teams[teamId]! : null;
  const form = catalog.config.forms[lead.formId];
  if (!team || !teamId || team.mode !== 'assigned' || !form) throw new ApiError('not_a_team_lead', 'this lead did not come from a team that assigns leads');
  const had = new Set([hosted.link.repId, ...(lead.trace.reassignments ?? []).map((r) => r.from)]);
  const others = team.members.filter((id) => !had.has(id) && catalog.reps.has(id));
  const meeting = meetingOf(catalog, form);
  const query = { rules: slotRules(meeting), now };
  const calendars = await loadCalendars(store, deps, now, meeting, others, now, now + query.rules.horizonDays * DAY);
  const notes = countCandidates(calendars, query);

  const to = await store.atomically({ teams: [teamId] }, async (tx) => {
    const fresh = (await tx.leads.find(lead.id))!;
    if (fresh.repId !== hosted.link.repId) throw new ApiError('not_your_lead', 'this lead is now with another rep');
    await giveTurnBack(tx, catalog, fresh, 'handed_back', now);
    const picked = await takeTurn(tx, catalog, { teamId, leadId: lead.id, at: now }, (state) => {
      const decision = decide({ catalog, target: { team: teamId }, facts: fresh.facts, ownerNote: null, notes, rotation: state });
      return { decision, turn: decision.turn };
    });
    const next = picked.decision.repId;
    if (next === null) throw new ApiError('no_one_else', 'nobody else on the team can take this lead now');
    const change: Reassignment = { at: new Date(now).toISOString(), from: hosted.link.repId, to: next, why: 'handed_back', strategy: picked.decision.trace.strategy };
    const moved: Lead = { ...fresh, repId: next, candidateIds: [next], trace: { ...fresh.trace, reassignments: [...(fresh.trace.reassignments ?? []), change] } };
    await tx.leads.reassign(lead.id, next, moved.trace);
    const hostUrl = await hostUrlFor(tx, deps, lead.id, next, now);
    await tx.outbox.enqueue([handedOverJob(catalog, moved, { from: hosted.link.repId, to: next, hostUrl, at: now }), ...reassignedWebhookJobs(catalog, moved, change, now)]);
    return next;
  });
  return { hosted, to };
}
