import { randomUUID } from 'node:crypto';
import type { SubmissionRequest } from '../../shared/api.ts';
import type { Form } from '../../shared/config.ts';
import { unionSlots } from '../availability/slots.ts';
import type { Interval } from '../availability/intervals.ts';
import { loadCalendars } from '../booking/calendars.ts';
import { meetingOf, slotRules, type Catalog } from '../config/catalog.ts';
import { ApiError } from '../http/errors.ts';
import { hashToken, newToken } from '../http/tokens.ts';
import { findCandidates, type Candidates } from '../routing/candidates.ts';
import { selectRoute } from '../routing/route.ts';
import { choose, type StrategyName } from '../routing/strategies.ts';
import { membersOf, windowStart } from '../routing/team.ts';
import type { Db } from '../store/db.ts';
import { leadEventJobs } from '../delivery/lead-events.ts';
import { countOpenLeads, insertLead, type Lead } from '../store/leads.ts';
import { enqueueJobs } from '../store/outbox.ts';
import { lockRotation, recordTurn } from '../store/rotation.ts';
import { checkAnswers } from './answers.ts';
import { enrich } from './enrich.ts';
import { COUNTRY_CODES } from './reference-data.ts';
import { emailQuestionId } from './fields.ts';
import { canonicalZone } from './zone.ts';
import { qualify } from './qualify.ts';

const DAY = 86_400_000;

export type SubmitDeps = {
  db: Db;
  catalog: Catalog;
  now: number;
  /** Overrides `limits.openLeadsPerEmailPerDay`; `simulate` replays history with 0 (off). */
  openLeadsCap?: number;
};

export type SubmitOutcome =
  | { outcome: 'disqualified'; lead: Lead }
  | { outcome: 'schedule'; lead: Lead; leadToken: string; hostName: string | null; slots: Interval[] }
  | { outcome: 'no_availability'; lead: Lead };

/** Who may take the lead, after resolving the route target (SPEC §4). */
type Pool = {
  teamId: string | null;
  members: string[];
  mode: 'pooled' | 'assigned';
  strategy: 'round_robin' | 'balanced' | 'priority' | 'direct';
};

function poolOfTeam(catalog: Catalog, teamId: string): Pool {
  const team = catalog.config.teams[teamId]!;
  return { teamId, members: team.members, mode: team.mode, strategy: team.strategy };
}

/**
 * Submission: check answers → enrich → qualify → route → candidates → assignment.
 * Everything that is written (the lead, the rotation turn, the assignment) is written
 * in one transaction, after every check has passed.
 */
export async function submitLead(deps: SubmitDeps, formId: string, request: SubmissionRequest): Promise<SubmitOutcome> {
  const { db, catalog, now } = deps;
  const form = catalog.config.forms[formId];
  if (!Object.hasOwn(catalog.config.forms, formId) || !form) throw new ApiError('form_not_found', `no form "${formId}"`);
  const checked = checkAnswers(form, request.answers, COUNTRY_CODES);
  if (!checked.ok) throw new ApiError('invalid_answers', 'some answers need attention', { issues: checked.issues });
  const timezone = validZone(request.timezone);

  const facts = enrich(form, { ...request, answers: checked.answers }, catalog.enrichment);
  const emailHash = hashToken(checked.answers[emailQuestionId(form)]!.toLowerCase());
  const lead: Lead = {
    id: randomUUID(), formId, createdAt: now, outcome: 'no_availability', reason: null,
    answers: checked.answers, facts, timezone, locale: request.locale ?? null,
    teamId: null, repId: null, candidateIds: [], mode: null,
    trace: { qualify: { matchedRule: null, reason: null } },
  };

  const qualification = qualify(form, facts);
  if (!qualification.qualified) {
    lead.outcome = 'disqualified';
    lead.reason = qualification.reason;
    lead.trace.qualify = { matchedRule: qualification.ruleIndex, reason: qualification.reason };
    await db.transaction().execute((trx) => saveLead({ ...deps, db: trx }, lead, null, emailHash));
    return { outcome: 'disqualified', lead };
  }

  // Each qualified lead takes a rotation turn, so one address must not collect them.
  const cap = deps.openLeadsCap ?? catalog.config.limits.openLeadsPerEmailPerDay;
  if (cap > 0 && await countOpenLeads(db, emailHash, now - DAY) >= cap) {
    throw new ApiError('rate_limited', 'there are already open requests for this email address today; please book from one of them or try again tomorrow', {
      headers: { 'Retry-After': '3600' },
    });
  }

  const route = selectRoute(form, facts);
  if (!route) {
    lead.trace.route = { index: null };
    lead.reason = 'no_route';
    await db.transaction().execute((trx) => saveLead({ ...deps, db: trx }, lead, null, emailHash));
    return { outcome: 'no_availability', lead };
  }
  lead.trace.route = route;
  return db.transaction().execute((trx) => assign({ ...deps, db: trx }, form, lead, route.target, emailHash));
}

async function assign(
  deps: SubmitDeps,
  form: Form,
  lead: Lead,
  target: Form['routes'][number]['to'],
  emailHash: string,
): Promise<SubmitOutcome> {
  const { db, catalog, now } = deps;
  const meeting = meetingOf(catalog, form);
  const query = { rules: slotRules(meeting), now };
  const horizonEnd = now + query.rules.horizonDays * DAY;
  const candidatesOf = async (repIds: readonly string[]) =>
    findCandidates(await loadCalendars(db, catalog, meeting, repIds, now, horizonEnd), query);

  let pool: Pool;
  // Set when the owner takes the lead: their candidacy is already worked out.
  let ownerCandidates: Candidates | null = null;
  if ('rep' in target) {
    pool = direct(target.rep);
  } else if ('team' in target) {
    pool = poolOfTeam(catalog, target.team);
  } else {
    // The account owner takes the lead when they can; otherwise the fallback team does.
    const owner = typeof lead.facts['account.owner'] === 'string' ? lead.facts['account.owner'] : null;
    pool = poolOfTeam(catalog, target.fallback);
    if (owner !== null) {
      const candidates = await candidatesOf([owner]);
      const note = candidates.notes[0]!;
      lead.trace.owner = note.included
        ? { account: String(lead.facts['account.name']), repId: owner, used: true }
        : { account: String(lead.facts['account.name']), repId: owner, used: false, reason: note.reason };
      if (note.included) {
        pool = direct(owner);
        ownerCandidates = candidates;
      }
    }
  }

  // Lock the rotation first: concurrent submissions to one team take turns here.
  const rotates = pool.teamId !== null && pool.mode === 'assigned';
  const state = rotates ? await lockRotation(db, pool.teamId!, windowStart(catalog, pool.teamId!, now)) : null;
  const { notes, slotsByRep } = ownerCandidates ?? await candidatesOf(pool.members);
  const eligible = notes.filter((n) => n.included).map((n) => n.repId);
  lead.teamId = pool.teamId;
  lead.mode = pool.mode;
  lead.trace.team = pool.teamId;
  lead.trace.candidates = notes;

  if (eligible.length === 0) {
    lead.reason = 'no_candidates';
    lead.trace.strategy = { name: pool.strategy, mode: pool.mode, chosen: null };
    await saveLead(deps, lead, null, emailHash);
    return { outcome: 'no_availability', lead };
  }

  const leadToken = newToken();
  lead.outcome = 'schedule';
  lead.candidateIds = eligible;
  if (pool.mode === 'pooled') {
    lead.trace.strategy = { name: pool.strategy, mode: 'pooled', chosen: null, pendingUntilBooking: true };
    const slots = unionSlots(eligible.map((repId) => [repId, slotsByRep.get(repId)!] as const));
    await saveLead(deps, lead, hashToken(leadToken), emailHash);
    return { outcome: 'schedule', lead, leadToken, hostName: null, slots: slots.map(({ start, end }) => ({ start, end })) };
  }

  let repId = eligible[0]!;
  if (rotates) {
    const choice = choose(pool.strategy as StrategyName, membersOf(catalog, pool.teamId!), state!, new Set(eligible))!;
    repId = choice.repId;
    lead.trace.strategy = { name: pool.strategy, mode: 'assigned', numbers: choice.numbers, chosen: repId };
    lead.repId = repId;
    lead.candidateIds = [repId];
    await saveLead(deps, lead, hashToken(leadToken), emailHash);
    await recordTurn(db, { teamId: pool.teamId!, repId, index: choice.index, leadId: lead.id, at: now });
  } else {
    lead.trace.strategy = { name: 'direct', mode: 'assigned', chosen: repId };
    lead.repId = repId;
    lead.candidateIds = [repId];
    await saveLead(deps, lead, hashToken(leadToken), emailHash);
  }
  return { outcome: 'schedule', lead, leadToken, hostName: catalog.reps.get(repId)!.name, slots: slotsByRep.get(repId)! };
}

/** Stores the lead and, in the same transaction, the webhooks that announce it. */
async function saveLead(deps: SubmitDeps, lead: Lead, tokenHash: string | null, emailHash: string): Promise<void> {
  await insertLead(deps.db, lead, tokenHash, emailHash);
  await enqueueJobs(deps.db, leadEventJobs(deps.catalog, lead, deps.now));
}

function direct(repId: string): Pool {
  return { teamId: null, members: [repId], mode: 'assigned', strategy: 'direct' };
}

function validZone(zone: string): string {
  const canonical = canonicalZone(zone);
  if (canonical) return canonical;
  throw new ApiError('invalid_request', 'the request does not match the API', {
    issues: [{ path: 'timezone', message: `unknown time zone "${zone.slice(0, 64)}"` }],
  });
}
