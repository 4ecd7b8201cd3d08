import { randomUUID } from 'node:crypto';
import type { SubmissionRequest } from '../../shared/api.ts';
import type { Booking, CandidateNote, Lead } from '../../shared/records.ts';
import { canonicalZone } from '../../shared/zone.ts';
import { FIRST_SLOT_DAYS, pooledSlotsOfFirstDays, slotsOfFirstDays } from '../availability/first-days.ts';
import type { Interval } from '../availability/intervals.ts';
import { meetingOf, slotRules } from '../config/catalog.ts';
import { manageUrlOf } from '../booking/links.ts';
import { confirmationAgainJob } from '../delivery/booking-events.ts';
import { leadEventJobs } from '../delivery/lead-events.ts';
import { ApiError } from '../http/errors.ts';
import { hashToken, newToken } from '../http/tokens.ts';
import { checkAnswers } from '../lead/answers.ts';
import { enrich } from '../lead/enrich.ts';
import { emailQuestionId } from '../lead/fields.ts';
import { qualify } from '../lead/qualify.ts';
import { COUNTRY_CODES } from '../lead/reference-data.ts';
import { countCandidates, findCandidates, findPooledCandidates } from '../routing/candidates.ts';
import { decide, ownerOf, poolFor, rotates, type DecideInput, type Decision } from '../routing/decide.ts';
import { selectRoute } from '../routing/route.ts';
import type { Locks, Operations, Tx } from '../store/store.ts';
import { loadCalendars } from './calendars.ts';
import type { FlowDeps } from './deps.ts';
import { keptManageToken } from './host-link.ts';
import { bookingRules } from './manage.ts';
import { startFollowUp } from './sla.ts';
import { takeTurn } from './take-turn.ts';

const DAY = 86_400_000;

export type SubmitDeps = FlowDeps & {
  /** Overrides `limits.openLeadsPerEmailPerDay`; `simulate` replays history with 0 (off). */
  openLeadsCap?: number;
};

export type SubmitOutcome =
  | { outcome: 'disqualified'; lead: Lead }
  /** `slots`: the first days that have any, in the prospect's zone (`FIRST_SLOT_DAYS`). */
  | { outcome: 'schedule'; lead: Lead; leadToken: string; hostName: string | null; slots: Interval[] }
  | { outcome: 'no_availability'; lead: Lead }
  /**
   * A known prospect (SPEC §12): this email has a live booking still to come. No
   * lead is stored and no turn taken; the booking's manage link is emailed (`emailed`
   * is false for a booking from before the link was kept, whose invitation has it).
   */
  | { outcome: 'already_booked'; booking: Booking; emailed: boolean; locale: string | null; timezone: string };

/**
 * Submission: check answers → enrich → qualify → route → candidates → decision.
 *
 * Slots are laid before any lock is taken. A team that rotates then takes its turn
 * under the team's lock, where the chosen rep's slots are laid again (a booking may have
 * come in meanwhile) and another rep is chosen when none is left. The lead, the turn and
 * the lead's webhooks are written in one transaction, after every check has passed.
 */
/** What a lead from outside the widget adds (SPEC §12, leads from anywhere). */
export type SubmitExtra = {
  /** The API key and the caller's `source`, kept in the trace. */
  source?: { apiKey: string; name: string | null };
  /** The lead token books this long (a link in a campaign email), not a day. */
  tokenValidMs?: number;
  /** Runs in the transaction that stores the lead: an idempotent answer is kept with it. */
  record?: (tx: Tx, outcome: SubmitOutcome) => Promise<void>;
};

export async function submitLead(deps: SubmitDeps, formId: string, request: SubmissionRequest, extra: SubmitExtra = {}): Promise<SubmitOutcome> {
  const result = await routeLead(deps, formId, request, extra);
  deps.metrics?.leadRouted(formId, result.outcome);
  return result;
}

async function routeLead(deps: SubmitDeps, formId: string, request: SubmissionRequest, extra: SubmitExtra): Promise<SubmitOutcome> {
  const { store, catalog } = deps;
  const now = deps.clock();
  // Every write of a submission: the lead, its turn and deliveries, and what the caller keeps with them.
  const commit = (locks: Locks, work: (tx: Tx) => Promise<SubmitOutcome>) => store.atomically(locks, async (tx) => {
    const outcome = await work(tx);
    await extra.record?.(tx, outcome);
    return outcome;
  });
  const form = Object.hasOwn(catalog.config.forms, formId) ? catalog.config.forms[formId] : undefined;
  if (!form) throw new ApiError('form_not_found', `no form "${formId.slice(0, 64)}"`);
  const checked = checkAnswers(form, request.answers, COUNTRY_CODES);
  if (!checked.ok) throw new ApiError('invalid_answers', 'some answers need attention', { issues: checked.issues });
  const timezone = validZone(request.timezone);

  const facts = enrich(form, { ...request, answers: checked.answers }, catalog.enrichment);
  const emailHash = hashToken(checked.answers[emailQuestionId(form)]!.toLowerCase());
  const known = await store.bookings.liveOfEmail(emailHash, now);
  if (known) return alreadyBooked(deps, known, request.locale ?? null, timezone, now);
  const lead: Lead = {
    id: randomUUID(), formId, createdAt: now, outcome: 'no_availability', reason: null,
    answers: checked.answers, facts, timezone, locale: request.locale ?? null,
    teamId: null, repId: null, candidateIds: [], mode: null,
    trace: { qualify: { matchedRule: null, reason: null }, ...(extra.source ? { source: extra.source } : {}) },
    ...(extra.tokenValidMs === undefined ? {} : { tokenExpiresAt: now + extra.tokenValidMs }),
  };
  const save = (ops: Operations, record: Lead, tokenHash: string | null) => saveLead(deps, ops, record, tokenHash, emailHash, now);

  const qualification = qualify(form, facts);
  if (!qualification.qualified) {
    const disqualified: Lead = {
      ...lead, outcome: 'disqualified', reason: qualification.reason,
      trace: { ...lead.trace, qualify: { matchedRule: qualification.ruleIndex, reason: qualification.reason } },
    };
    return commit({}, async (tx) => {
      await save(tx, disqualified, null);
      return { outcome: 'disqualified', lead: disqualified };
    });
  }

  // Each qualified lead takes a rotation turn, so one address must not collect them.
  const cap = deps.openLeadsCap ?? catalog.config.limits.openLeadsPerEmailPerDay;
  if (cap > 0 && await store.leads.countOpen(emailHash, now - DAY) >= cap) {
    throw new ApiError('rate_limited', 'there are already open requests for this email address today; please book from one of them or try again tomorrow', {
      headers: { 'Retry-After': '3600' },
    });
  }

  const route = selectRoute(form, facts);
  if (!route) {
    const unrouted: Lead = { ...lead, reason: 'no_route', trace: { ...lead.trace, route: { index: null } } };
    return commit({}, async (tx) => {
      await save(tx, unrouted, null);
      return { outcome: 'no_availability', lead: unrouted };
    });
  }
  const routed: Lead = { ...lead, trace: { ...lead.trace, route } };

  const meeting = meetingOf(catalog, form);
  const query = { rules: slotRules(meeting), now };
  const horizonEnd = now + query.rules.horizonDays * DAY;
  const calendarsOf = (ops: Pick<Operations, 'bookings' | 'calendars'>, repIds: readonly string[]) =>
    loadCalendars(ops, deps, now, meeting, repIds, now, horizonEnd);

  const ownerId = ownerOf(route.target, facts);
  const owner = ownerId === null ? null : findCandidates(await calendarsOf(store, [ownerId]), query);
  const ownerNote = owner?.notes[0] ?? null;
  // A prospect who comes back goes to the rep they had (routing.stickyDays), when that rep
  // is in the route's pool and can take the meeting: no rotation turn is taken for them.
  const { stickyDays } = catalog.config.routing;
  const previous = stickyDays > 0 && !ownerNote?.included ? await store.leads.lastRepOf(emailHash, now - stickyDays * DAY) : null;
  const sticky = previous !== null && catalog.reps.has(previous) && poolFor(catalog, route.target, ownerNote).members.includes(previous)
    ? findCandidates(await calendarsOf(store, [previous]), query) : null;
  const stickyNote = sticky?.notes[0] ?? null;
  const pool = poolFor(catalog, route.target, ownerNote, stickyNote);
  const decideWith = (notes: readonly CandidateNote[]): Omit<DecideInput, 'rotation'> =>
    ({ catalog, target: route.target, facts, ownerNote, stickyNote, notes });

  // The outcome once decided: the lead as stored, its token, and what the prospect sees.
  const finish = async (ops: Operations, decision: Decision, slots: readonly Interval[]): Promise<SubmitOutcome> => {
    const scheduled = decision.candidates.length > 0;
    const record: Lead = {
      ...routed,
      outcome: scheduled ? 'schedule' : 'no_availability',
      reason: scheduled ? null : 'no_candidates',
      teamId: decision.teamId, mode: decision.mode, repId: decision.repId, candidateIds: decision.candidates,
      trace: { ...routed.trace, ...decision.trace },
    };
    if (!scheduled) {
      await save(ops, record, null);
      return { outcome: 'no_availability', lead: record };
    }
    const leadToken = newToken();
    await save(ops, record, hashToken(leadToken));
    await startFollowUp(ops, deps, record, now);
    const hostName = decision.repId === null ? null : catalog.reps.get(decision.repId)!.name;
    return { outcome: 'schedule', lead: record, leadToken, hostName, slots: [...slots] };
  };

  if (pool.mode === 'pooled') {
    // Enough to know who can take the lead; slots are laid only for the days shown.
    const calendars = await calendarsOf(store, pool.members);
    const decision = decide({ ...decideWith(findPooledCandidates(calendars, query)), rotation: null });
    const eligible = calendars.filter((c) => decision.candidates.includes(c.id));
    const slots = pooledSlotsOfFirstDays(eligible, query, timezone, FIRST_SLOT_DAYS).map(({ start, end }) => ({ start, end }));
    return commit({}, (tx) => finish(tx, decision, slots));
  }

  const firstDays = (slots: readonly Interval[]) => slotsOfFirstDays(slots, timezone, FIRST_SLOT_DAYS);
  if (!rotates(pool)) {
    const known = ownerNote?.included ? owner : stickyNote?.included ? sticky : null;
    const { notes, slotsByRep } = known ?? findCandidates(await calendarsOf(store, pool.members), query);
    const decision = decide({ ...decideWith(notes), rotation: null });
    const slots = decision.repId === null ? [] : firstDays(slotsByRep.get(decision.repId)!);
    return commit({}, (tx) => finish(tx, decision, slots));
  }

  const notes = countCandidates(await calendarsOf(store, pool.members), query);
  return commit({ teams: [pool.teamId] }, async (tx) => {
    let current = notes;
    const picked = await takeTurn(tx, catalog, { teamId: pool.teamId, leadId: lead.id, at: now }, async (state) => {
      for (;;) {
        const decision = decide({ ...decideWith(current), rotation: state });
        if (decision.repId === null) return { decision, slots: [] as Interval[], turn: null };
        // Under the lock, only the chosen rep's first days are laid again.
        const slots = pooledSlotsOfFirstDays(await calendarsOf(tx, [decision.repId]), query, timezone, FIRST_SLOT_DAYS)
          .map(({ start, end }) => ({ start, end }));
        if (slots.length > 0) return { decision, slots, turn: decision.turn };
        current = current.map((n) => (n.repId === decision.repId ? { repId: n.repId, included: false, reason: 'no_slots' } : n));
      }
    });
    return finish(tx, picked.decision, picked.slots);
  });
}

/** Someone asking for the same link again within this long is not emailed twice. */
const LINK_AGAIN_AFTER_MS = 15 * 60_000;

/**
 * The answer to a known prospect: their meeting, and its manage link emailed to the
 * address the booking was made with (never in the answer: whoever typed the address may
 * not be its owner). One email per quarter hour at most, however often they submit.
 */
async function alreadyBooked(
  deps: FlowDeps,
  known: { booking: Booking; keptManageToken: string | null },
  locale: string | null,
  timezone: string,
  now: number,
): Promise<SubmitOutcome> {
  const { store, catalog } = deps;
  const { booking } = known;
  const token = keptManageToken(deps, known.keptManageToken);
  const lead = await store.leads.find(booking.leadId);
  if (token === null || lead === null || !bookingRules(catalog, booking)) {
    return { outcome: 'already_booked', booking, emailed: false, locale, timezone };
  }
  const recent = (await store.outbox.list({ bookingId: booking.id }))
    .some((job) => job.event === 'booking.link_requested' && job.createdAt > now - LINK_AGAIN_AFTER_MS);
  if (!recent) {
    await store.outbox.enqueue([confirmationAgainJob({ catalog, booking, lead, manageUrl: manageUrlOf(catalog, token), hostUrl: null, at: now })]);
  }
  return { outcome: 'already_booked', booking, emailed: true, locale, timezone };
}

/** Stores the lead and, in the same transaction, the webhooks that announce it. */
async function saveLead(deps: FlowDeps, ops: Operations, lead: Lead, tokenHash: string | null, emailHash: string, now: number): Promise<void> {
  await ops.leads.insert(lead, tokenHash, emailHash);
  await ops.outbox.enqueue(leadEventJobs(deps.catalog, lead, now));
}

function validZone(zone: string): string {
  const canonical = canonicalZone(zone);
  if (canonical) return canonical;
  throw new ApiError('invalid_request', 'the request does not match the API', {
    issues: [{ path: 'timezone', message: `unknown time zone "${zone.slice(0, 64)}"` }],
  });
}
