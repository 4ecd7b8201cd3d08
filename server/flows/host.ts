import type { Booking, Lead } from '../../shared/records.ts';
import { ApiError } from '../http/errors.ts';
import { hashToken } from '../http/tokens.ts';
import type { FollowUp, HostLink, Operations } from '../store/store.ts';
import { cancelManaged, cleanReason } from './cancel.ts';
import { creditLocks, giveTurnBack } from './credit.ts';
import type { FlowDeps } from './deps.ts';
import type { ManageResult } from './manage.ts';
import { reassign, reassignNotes, repsWhoHad, untouchedTimer } from './reassign.ts';

/**
 * A lead as its host link shows it: the link, the lead, the lead's booking (the live one,
 * else the latest) and the rep who has the lead now. Only that rep's link acts; another
 * rep's (handed back, reassigned) still opens, to say where the lead went.
 */
export type Hosted = { link: HostLink; lead: Lead; booking: Booking | null; currentRepId: string | null; followUp: FollowUp };

/** The lead behind a host token; 404 for any token that is not one. */
export async function findHosted(store: Pick<Operations, 'hostLinks' | 'leads' | 'bookings'>, token: string): Promise<Hosted> {
  const link = token.length > 0 && token.length <= 200 ? await store.hostLinks.findByHash(hashToken(token)) : null;
  const lead = link ? await store.leads.find(link.leadId) : null;
  if (!link || !lead) throw new ApiError('not_found', 'this link is not valid');
  const made = (await store.bookings.ofLead(lead.id)).map((b) => b.booking);
  const booking = made.find((b) => b.status === 'confirmed') ?? made.at(-1) ?? null;
  const currentRepId = booking?.status === 'confirmed' ? booking.repId : lead.repId;
  return { link, lead, booking, currentRepId, followUp: await store.leads.followUp(lead.id) };
}

/** Only the rep who has the lead now acts on it. */
function refuseOthers(hosted: Hosted): void {
  if (hosted.currentRepId !== hosted.link.repId) throw new ApiError('not_your_lead', 'this lead is now with another rep');
}

/** The rep takes the lead on (SPEC §12): the SLA's clock stops. Accepting twice changes nothing. */
export async function acceptLead(deps: FlowDeps, token: string): Promise<Hosted> {
  const hosted = await findHosted(deps.store, token);
  refuseOthers(hosted);
  if (!(await acceptAs(deps, hosted.lead.id, hosted.link.repId, deps.clock()))) throw new ApiError('not_your_lead', 'this lead is now with another rep');
  return hosted;
}

/**
 * The lead's rep takes it on (host link, or a touch from the CRM): the deadline no longer
 * applies and, with `sla.untouchedDays`, the untouched clock starts. Under the rep's lock,
 * so an acceptance and an SLA reassignment of the same lead never interleave.
 */
export async function acceptAs(deps: FlowDeps, leadId: string, repId: string, now: number, touch = false): Promise<boolean> {
  return deps.store.atomically({ reps: [repId] }, async (tx) => {
    const lead = await tx.leads.find(leadId);
    // Moved on meanwhile (a deadline, a hand-back): not this rep's to accept any more.
    if (lead?.repId !== repId) return false;
    const accepted = await tx.leads.accept(leadId, now);
    if (touch) await tx.leads.touch(leadId, now);
    if (accepted) await tx.timers.add(untouchedTimer(deps.catalog, leadId, repId, now));
    return true;
  });
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
    if (outcome === 'no_show') await giveTurnBack(tx, catalog, lead, current.repId, 'no_show', now);
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
  if (!team || !teamId || team.mode !== 'assigned') throw new ApiError('not_a_team_lead', 'this lead did not come from a team that assigns leads');
  const target = { kind: 'next', teamId } as const;
  const notes = await reassignNotes(deps, lead, target, repsWhoHad(lead, hosted.link.repId), now);
  const to = await store.atomically({ teams: [teamId], reps: [hosted.link.repId] }, async (tx) => {
    const fresh = (await tx.leads.find(lead.id))!;
    if (fresh.repId !== hosted.link.repId) throw new ApiError('not_your_lead', 'this lead is now with another rep');
    if ((await tx.bookings.liveOfLead(lead.id)) !== null) throw new ApiError('lead_booked', 'this lead has a meeting booked; cancel it as host instead');
    const next = await reassign(tx, deps, { lead: fresh, from: hosted.link.repId, target, notes, why: 'handed_back', now });
    if (next === null) throw new ApiError('no_one_else', 'nobody else on the team can take this lead now');
    return next;
  });
  return { hosted, to };
}
