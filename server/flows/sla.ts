import type { Lead } from '../../shared/records.ts';
import { newLeadJob, slaReminderJob } from '../delivery/lead-mail.ts';
import type { ClaimedTimer, NewTimer, Tx } from '../store/store.ts';
import { creditLocks, giveTurnBack } from './credit.ts';
import type { FlowDeps } from './deps.ts';
import { hostUrlFor } from './host-link.ts';
import { tokenExpiry } from './lead-token.ts';
import { expiryTimer, reassign, reassignNotes, repsWhoHad, slaTarget, slaTimers } from './reassign.ts';

const DAY = 86_400_000;
/** A breach that found nobody free tries again this much later. */
const RETRY_MS = 3_600_000;

/**
 * What a newly routed lead with a rep starts, in the transaction that stores it: with an
 * SLA, the rep's email (their host link, the deadline) and the timers that remind and
 * reassign; a rotation turn that `creditBack: unbooked` may give back gets a timer for
 * the lead token's expiry.
 */
export async function startFollowUp(tx: Pick<Tx, 'hostLinks' | 'outbox' | 'timers'>, deps: FlowDeps, lead: Lead, now: number): Promise<void> {
  const { catalog } = deps;
  const timers: NewTimer[] = [];
  if (lead.repId !== null && lead.outcome === 'schedule' && catalog.config.sla) {
    const mine = slaTimers(catalog, lead.id, lead.repId, now);
    const deadline = mine.find((t) => t.kind === 'breach')!.dueAt;
    const hostUrl = await hostUrlFor(tx, deps, lead.id, lead.repId, now);
    await tx.outbox.enqueue([newLeadJob(catalog, lead, { to: lead.repId, hostUrl, deadline, at: now })]);
    timers.push(...mine);
  }
  timers.push(...expiryTimer(catalog, lead, now));
  await tx.timers.add(timers);
}

/** What one due timer did, for the worker's report and the tests. */
export type TimerOutcome = 'reminded' | 'reassigned' | 'credited' | 'postponed' | 'nothing';

/**
 * Runs one claimed timer, once: everything it writes, and the timer's completion, in one
 * transaction that holds the lead's rep (and the teams a turn may move in), so an
 * acceptance, a booking or a hand-back that got there first wins and the timer does
 * nothing. A timer whose lease another instance took over writes nothing.
 */
export async function runTimer(deps: FlowDeps, timer: ClaimedTimer): Promise<TimerOutcome> {
  const { store, catalog } = deps;
  const now = deps.clock();
  const lead = await store.leads.find(timer.leadId);
  const sla = catalog.config.sla;
  const target = lead ? slaTarget(catalog, lead) : null;
  const reassigns = (timer.kind === 'breach' || timer.kind === 'untouched') && lead !== null && target !== null && sla !== undefined
    && (lead.trace.reassignments ?? []).filter((r) => r.why === 'sla').length < sla.maxReassignments;
  const notes = reassigns ? await reassignNotes(deps, lead, target, repsWhoHad(lead, timer.repId), now) : [];
  const teams = [
    ...(reassigns ? [target.teamId] : []),
    ...(timer.kind === 'expire' && lead ? creditLocks(catalog, lead, 'unbooked') : []),
  ];
  const lost = new Error('lease lost');
  return store.atomically({ teams, reps: [timer.repId] }, async (tx): Promise<TimerOutcome> => {
    // First, while this transaction holds the timer's row: a lease that ran out and was
    // taken by another instance means that instance runs it, and nothing here is kept.
    if (!(await tx.timers.hold(timer.id, timer.leaseToken, now))) throw lost;
    const done = async (outcome: TimerOutcome) => {
      await tx.timers.complete(timer.id, timer.leaseToken, now);
      return outcome;
    };
    const fresh = await tx.leads.find(timer.leadId);
    // The lead went to another rep, or booked: this rep's timer has nothing left to do.
    if (!fresh || fresh.repId !== timer.repId || (await tx.bookings.liveOfLead(fresh.id)) !== null) return done('nothing');
    const followUp = await tx.leads.followUp(fresh.id);
    switch (timer.kind) {
      case 'expire': {
        const everBooked = (await tx.bookings.ofLead(fresh.id)).length > 0;
        if (everBooked) return done('nothing');
        await giveTurnBack(tx, catalog, fresh, timer.repId, 'unbooked', now);
        return done('credited');
      }
      case 'remind': {
        // A rep gone from the config gets no email; their deadline still moves the lead.
        if (followUp.acceptedAt !== null || !sla || !catalog.reps.has(timer.repId)) return done('nothing');
        const breach = (await tx.timers.ofLead(fresh.id)).find((t) => t.kind === 'breach' && t.repId === timer.repId && t.doneAt === null);
        if (!breach) return done('nothing');
        const hostUrl = await hostUrlFor(tx, deps, fresh.id, timer.repId, now);
        await tx.outbox.enqueue([slaReminderJob(catalog, fresh, { to: timer.repId, hostUrl, deadline: breach.dueAt, at: now })]);
        return done('reminded');
      }
      case 'breach':
        if (followUp.acceptedAt !== null) return done('nothing');
        break;
      case 'untouched': {
        if (followUp.acceptedAt === null || !sla?.untouchedDays) return done('nothing');
        const last = Math.max(followUp.acceptedAt, followUp.touchedAt ?? 0);
        const due = last + sla.untouchedDays * DAY;
        if (due > now) {
          await tx.timers.postpone(timer.id, timer.leaseToken, due);
          return 'postponed';
        }
        break;
      }
    }
    if (!reassigns) return done('nothing');
    const to = await reassign(tx, deps, { lead: fresh, from: timer.repId, target, notes, why: 'sla', now });
    if (to !== null) return done('reassigned');
    // Nobody can take it now: asked again in an hour, while the lead's link still books.
    if (now + RETRY_MS < tokenExpiry(fresh)) {
      await tx.timers.postpone(timer.id, timer.leaseToken, now + RETRY_MS);
      return 'postponed';
    }
    return done('nothing');
  }).catch((error: unknown) => {
    if (error === lost) return 'nothing';
    throw error;
  });
}
