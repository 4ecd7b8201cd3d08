import { randomUUID } from 'node:crypto';
import { IANAZone } from 'luxon';
import type { SubmissionRequest } from '../../shared/api.ts';
import type { Form } from '../../shared/config.ts';
import { repSlots, unionSlots } from '../availability/slots.ts';
import type { Interval } from '../availability/intervals.ts';
import { loadCalendars } from '../booking/calendars.ts';
import { meetingOf, slotRules, type Catalog } from '../config/catalog.ts';
import { ApiError } from '../http/errors.ts';
import { hashToken, newToken } from '../http/tokens.ts';
import { noteCandidates } from '../routing/candidates.ts';
import { selectRoute } from '../routing/route.ts';
import { roundRobin } from '../routing/strategies.ts';
import type { Db } from '../store/db.ts';
import { insertLead, type Lead } from '../store/leads.ts';
import { lockRotation, recordAssignment, saveRotation } from '../store/rotation.ts';
import { checkAnswers } from './answers.ts';
import { enrich } from './enrich.ts';
import { COUNTRY_CODES } from './reference-data.ts';
import { qualify } from './qualify.ts';

const DAY = 86_400_000;

export type SubmitDeps = { db: Db; catalog: Catalog; now: number };

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
    await insertLead(db, lead, null);
    return { outcome: 'disqualified', lead };
  }

  const route = selectRoute(form, facts);
  if (!route) {
    lead.trace.route = { index: null };
    lead.reason = 'no_route';
    await insertLead(db, lead, null);
    return { outcome: 'no_availability', lead };
  }
  lead.trace.route = route;
  return db.transaction().execute((trx) => assign({ ...deps, db: trx }, form, lead, route.target));
}

async function assign(
  deps: SubmitDeps,
  form: Form,
  lead: Lead,
  target: Form['routes'][number]['to'],
): Promise<SubmitOutcome> {
  const { db, catalog, now } = deps;
  const meeting = meetingOf(catalog, form);
  const rules = slotRules(meeting);
  const horizon = { start: now, end: now + rules.horizonDays * DAY };
  const slotsFor = async (repIds: readonly string[]) => {
    const calendars = await loadCalendars(db, catalog, meeting, repIds, horizon.start, horizon.end);
    return new Map(calendars.map((calendar) => [calendar.id, repSlots(calendar, { rules, now })]));
  };

  let pool: Pool;
  if ('rep' in target) {
    pool = { teamId: null, members: [target.rep], mode: 'assigned', strategy: 'direct' };
  } else if ('team' in target) {
    pool = poolOfTeam(catalog, target.team);
  } else {
    // The account owner takes the lead when they can; otherwise the fallback team does.
    const owner = typeof lead.facts['account.owner'] === 'string' ? lead.facts['account.owner'] : null;
    pool = poolOfTeam(catalog, target.fallback);
    if (owner !== null) {
      const [note] = noteCandidates([owner], await slotsFor([owner]), catalog.schedules, horizon);
      const used = note!.included;
      lead.trace.owner = { account: String(lead.facts['account.name']), repId: owner, used, ...(note!.included ? {} : { reason: note!.reason }) };
      if (used) pool = { teamId: null, members: [owner], mode: 'assigned', strategy: 'direct' };
    }
  }

  // Lock the rotation first: concurrent submissions to one team take turns here.
  const usesRotation = pool.teamId !== null && pool.mode === 'assigned';
  const lastIndex = usesRotation ? await lockRotation(db, pool.teamId!) : -1;
  const slotsByRep = await slotsFor(pool.members);
  const notes = noteCandidates(pool.members, slotsByRep, catalog.schedules, horizon);
  const eligible = notes.filter((n) => n.included).map((n) => n.repId);
  lead.teamId = pool.teamId;
  lead.mode = pool.mode;
  lead.trace.team = pool.teamId;
  lead.trace.candidates = notes;

  if (eligible.length === 0) {
    lead.reason = 'no_candidates';
    lead.trace.strategy = { name: pool.strategy, mode: pool.mode, chosen: null };
    await insertLead(db, lead, null);
    return { outcome: 'no_availability', lead };
  }

  const leadToken = newToken();
  lead.outcome = 'schedule';
  lead.candidateIds = eligible;
  if (pool.mode === 'pooled') {
    // The rep is chosen at booking time among those free then.
    lead.trace.strategy = { name: pool.strategy, mode: 'pooled', chosen: null };
    const slots = unionSlots(eligible.map((repId) => [repId, slotsByRep.get(repId)!] as const));
    await insertLead(db, lead, hashToken(leadToken));
    return { outcome: 'schedule', lead, leadToken, hostName: null, slots: slots.map(({ start, end }) => ({ start, end })) };
  }

  const chosen = pickAssigned(pool, lastIndex, new Set(eligible));
  lead.repId = chosen.repId;
  lead.candidateIds = [chosen.repId];
  lead.trace.strategy = { name: pool.strategy, mode: 'assigned', ...(usesRotation ? { lastIndex } : {}), chosen: chosen.repId };
  await insertLead(db, lead, hashToken(leadToken));
  if (usesRotation) {
    await saveRotation(db, pool.teamId!, chosen.index);
    await recordAssignment(db, pool.teamId!, chosen.repId, lead.id, lead.createdAt);
  }
  return {
    outcome: 'schedule', lead, leadToken,
    hostName: catalog.reps.get(chosen.repId)!.name,
    slots: slotsByRep.get(chosen.repId)!,
  };
}

/**
 * Picks the rep in assigned mode. Balanced rotation lands with the routing engine; until
 * then it and priority order fall back to the simplest fair choices.
 */
function pickAssigned(pool: Pool, lastIndex: number, eligible: ReadonlySet<string>): { repId: string; index: number } {
  if (pool.strategy === 'priority' || pool.strategy === 'direct') {
    const index = pool.members.findIndex((m) => eligible.has(m));
    return { repId: pool.members[index]!, index };
  }
  const turn = roundRobin(pool.members, lastIndex, eligible)!;
  return { repId: turn.chosen, index: turn.index };
}

/** Keeps the zone name the browser sent (e.g. "Asia/Calcutta"), when it is a real zone. */
function validZone(zone: string): string {
  if (IANAZone.isValidZone(zone)) return zone;
  throw new ApiError('invalid_request', 'the request does not match the API', {
    issues: [{ path: 'timezone', message: `unknown time zone "${zone.slice(0, 64)}"` }],
  });
}
