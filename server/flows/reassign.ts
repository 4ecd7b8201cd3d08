import { randomUUID } from 'node:crypto';
import type { CandidateNote, Lead, Reassignment } from '../../shared/records.ts';
import { addWorkingMinutes } from '../availability/working-time.ts';
import { meetingOf, slotRules, type Catalog } from '../config/catalog.ts';
import { handedOverJob, reassignedAwayJob, reassignedWebhookJobs } from '../delivery/lead-mail.ts';
import { countCandidates } from '../routing/candidates.ts';
import { decide } from '../routing/decide.ts';
import type { NewTimer, Tx } from '../store/store.ts';
import { loadCalendars } from './calendars.ts';
import { creditLocks, giveTurnBack } from './credit.ts';
import { tokenExpiry } from './lead-token.ts';
import type { FlowDeps } from './deps.ts';
import { hostUrlFor } from './host-link.ts';
import { takeTurn } from './take-turn.ts';

const DAY = 86_400_000;

/** Where a lead goes when it leaves its rep: its team's next rep by the team's strategy, the team's newest rep, or another team. */
export type ReassignTarget = { kind: 'next'; teamId: string } | { kind: 'newest'; teamId: string } | { kind: 'team'; teamId: string };

/** The target `sla.reassignTo` names for this lead, or null when it has none (a lead of no team, and `next` or `newest`). */
export function slaTarget(catalog: Catalog, lead: Pick<Lead, 'teamId'>): ReassignTarget | null {
  const to = catalog.config.sla?.reassignTo;
  if (!to) return null;
  if (to.startsWith('team:')) return { kind: 'team', teamId: to.slice(5) };
  const teamId = lead.teamId;
  if (teamId === null || !Object.hasOwn(catalog.config.teams, teamId)) return null;
  return { kind: to === 'newest' ? 'newest' : 'next', teamId };
}

/** Every rep who has had the lead: its first rep and each one it left. */
export function repsWhoHad(lead: Lead, current: string): Set<string> {
  return new Set([current, ...(lead.trace.reassignments ?? []).map((r) => r.from)]);
}

/**
 * Who may take the lead now, read before any lock: the target team's members who have not
 * had it, each with whether they have times to offer.
 */
export async function reassignNotes(deps: FlowDeps, lead: Lead, target: ReassignTarget, had: ReadonlySet<string>, now: number): Promise<CandidateNote[]> {
  const { catalog } = deps;
  const team = catalog.config.teams[target.teamId];
  const form = catalog.config.forms[lead.formId];
  if (!team || !form) return [];
  const others = team.members.filter((id) => !had.has(id) && catalog.reps.has(id));
  const meeting = meetingOf(catalog, form);
  const query = { rules: slotRules(meeting), now };
  return countCandidates(await loadCalendars(deps.store, deps, now, meeting, others, now, now + query.rules.horizonDays * DAY), query);
}

/** The SLA timers for a rep who has just got an unbooked lead: a reminder, and the deadline, in their working time. */
export function slaTimers(catalog: Catalog, leadId: string, repId: string, from: number): NewTimer[] {
  const sla = catalog.config.sla;
  const schedule = catalog.schedules.get(repId);
  if (!sla || !schedule) return [];
  const timer = (kind: NewTimer['kind'], minutes: number): NewTimer => ({
    id: randomUUID(), leadId, repId, kind, dueAt: addWorkingMinutes(schedule, from, minutes), createdAt: from,
  });
  const timers = [timer('breach', sla.acceptWithinMinutes)];
  if (sla.remindBeforeMinutes !== undefined) timers.unshift(timer('remind', sla.acceptWithinMinutes - sla.remindBeforeMinutes));
  return timers;
}

/**
 * With `creditBack: unbooked`, the lead's turn is given back when its link expires with
 * no booking ever made: a timer for that instant, for the rep who has the lead.
 */
export function expiryTimer(catalog: Catalog, lead: Lead, now: number): NewTimer[] {
  const expires = tokenExpiry(lead);
  if (lead.repId === null || lead.mode !== 'assigned' || expires <= now || creditLocks(catalog, lead, 'unbooked').length === 0) return [];
  return [{ id: randomUUID(), leadId: lead.id, repId: lead.repId, kind: 'expire', dueAt: expires, createdAt: now }];
}

/** After an acceptance: the lead is reassigned when untouched for `sla.untouchedDays`. */
export function untouchedTimer(catalog: Catalog, leadId: string, repId: string, from: number): NewTimer[] {
  const days = catalog.config.sla?.untouchedDays;
  return days === undefined ? [] : [{ id: randomUUID(), leadId, repId, kind: 'untouched', dueAt: from + days * DAY, createdAt: from }];
}

/**
 * Moves `lead` from `from` to the rep `target` picks, in the caller's transaction, which
 * holds the target team's lock. A team's `next` takes a rotation turn; a hand-back gives
 * the old rep's back. The new rep gets an email with their own host link (and, with an
 * SLA, timers of their own); an SLA breach also tells the old rep; `lead.reassigned` goes
 * to the webhooks. Null when nobody can take it: nothing is written then.
 */
export async function reassign(
  tx: Tx,
  deps: FlowDeps,
  change: { lead: Lead; from: string; target: ReassignTarget; notes: readonly CandidateNote[]; why: Reassignment['why']; now: number },
): Promise<string | null> {
  const { catalog } = deps;
  const { lead, from, target, notes, why, now } = change;
  // The rep it is taken from never got to work it: their turn comes back.
  if (why !== 'sla') await giveTurnBack(tx, catalog, lead, from, 'handed_back', now);
  let to: string | null = null;
  let strategy: Reassignment['strategy'];
  if (target.kind === 'newest') {
    const started = (id: string) => catalog.config.reps.find((r) => r.id === id)?.startedOn ?? '';
    to = notes.filter((n) => n.included).map((n) => n.repId).sort((a, b) => started(b).localeCompare(started(a)))[0] ?? null;
  } else {
    const picked = await takeTurn(tx, catalog, { teamId: target.teamId, leadId: lead.id, at: now }, (state) => {
      const decision = decide({ catalog, target: { team: target.teamId }, facts: lead.facts, ownerNote: null, notes, rotation: state });
      return { decision, turn: decision.mode === 'assigned' ? decision.turn : null };
    });
    to = picked.decision.mode === 'assigned' ? picked.decision.repId : null;
    strategy = picked.decision.trace.strategy;
  }
  if (to === null) return null;
  const entry: Reassignment = { at: new Date(now).toISOString(), from, to, why, ...(strategy ? { strategy } : {}) };
  const moved: Lead = { ...lead, repId: to, candidateIds: [to], teamId: target.teamId, trace: { ...lead.trace, reassignments: [...(lead.trace.reassignments ?? []), entry] } };
  await tx.leads.reassign(lead.id, { repId: to, teamId: target.teamId, trace: moved.trace });
  const hostUrl = await hostUrlFor(tx, deps, lead.id, to, now);
  const jobs = [handedOverJob(catalog, moved, { from, to, hostUrl, at: now, why }), ...reassignedWebhookJobs(catalog, moved, entry, now)];
  // A rep gone from the config is not written to.
  if (why !== 'handed_back' && catalog.reps.has(from)) jobs.push(reassignedAwayJob(catalog, moved, { from, to, at: now, why }));
  await tx.outbox.enqueue(jobs);
  await tx.timers.add([...slaTimers(catalog, lead.id, to, now), ...expiryTimer(catalog, moved, now)]);
  return to;
}
