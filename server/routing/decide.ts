import type { RouteTarget } from '../../shared/config.ts';
import type { CandidateNote, DecisionTrace, LeadFacts, RotationState, StrategyTrace } from '../../shared/records.ts';
import type { Catalog } from '../config/catalog.ts';
import { choose } from './strategies.ts';
import { membersOf } from './team.ts';

/** Who may take a lead once its route is known (SPEC §4). */
export type Pool = {
  teamId: string | null;
  members: string[];
  mode: 'pooled' | 'assigned';
  strategy: StrategyTrace['name'];
};

/** What routing decided: who may take the lead, who takes it, and why. */
export type Decision = {
  teamId: string | null;
  mode: 'pooled' | 'assigned';
  /** Reps the lead may be booked with: the chosen one, or every eligible member when pooled. */
  candidates: string[];
  /** The rep who takes the lead now; null when pooled (chosen at booking) or when nobody can. */
  repId: string | null;
  /** The rotation turn to record, when a team's strategy chose. */
  turn: { repId: string; index: number } | null;
  trace: Pick<DecisionTrace, 'owner' | 'sticky' | 'team' | 'candidates' | 'strategy'>;
};

export type DecideInput = {
  catalog: Catalog;
  target: RouteTarget;
  facts: LeadFacts;
  /** The account owner's candidacy, on an owner route whose account has an owner. */
  ownerNote: CandidateNote | null;
  /** A repeat prospect's previous rep's candidacy, when that rep is in the route's pool (see `poolFor`). */
  stickyNote?: CandidateNote | null;
  /** The pool's members, each with its candidacy (from `poolFor`). */
  notes: readonly CandidateNote[];
  /** The team's rotation state, read under its lock; null when the pool does not rotate. */
  rotation: RotationState | null;
};

const direct = (repId: string): Pool => ({ teamId: null, members: [repId], mode: 'assigned', strategy: 'direct' });

function teamPool(catalog: Catalog, teamId: string): Pool {
  const team = catalog.config.teams[teamId]!;
  return { teamId, members: team.members, mode: team.mode, strategy: team.strategy };
}

/** The account owner a target would give the lead to, if it names one and the account has one. */
export function ownerOf(target: RouteTarget, facts: LeadFacts): string | null {
  if (!('owner' in target)) return null;
  return typeof facts['account.owner'] === 'string' ? facts['account.owner'] : null;
}

/**
 * The pool for a route target: a rep route is that rep alone, a team route the team, an
 * owner route the owner when they can take the lead (their note is included), else the
 * fallback team.
 */
export function poolFor(catalog: Catalog, target: RouteTarget, ownerNote: CandidateNote | null, stickyNote: CandidateNote | null = null): Pool {
  const pool = 'rep' in target ? direct(target.rep)
    : 'team' in target ? teamPool(catalog, target.team)
      : ownerNote?.included ? direct(ownerNote.repId) : teamPool(catalog, target.fallback);
  // A repeat prospect's previous rep, still in this pool and able to take the meeting,
  // takes it directly: the team keeps the lead, and no turn is taken.
  if (stickyNote?.included && pool.members.includes(stickyNote.repId)) {
    return { teamId: pool.teamId, members: [stickyNote.repId], mode: 'assigned', strategy: 'direct' };
  }
  return pool;
}

/** Whether the pool's choice takes a turn in a team rotation (and so needs its lock). */
export function rotates(pool: Pool): pool is Pool & { teamId: string } {
  return pool.teamId !== null && pool.mode === 'assigned' && pool.strategy !== 'direct';
}

/**
 * The routing decision for a lead whose route is known, as one value: the pool, its
 * eligible candidates, the strategy's choice among them and the trace that explains it.
 * A pure function of its input; the caller reads the notes and the rotation state and
 * writes what this returns.
 */
export function decide(input: DecideInput): Decision {
  const { catalog, target, facts, ownerNote, stickyNote = null, notes, rotation } = input;
  const pool = poolFor(catalog, target, ownerNote, stickyNote);
  const owner: DecisionTrace['owner'] = ownerNote === null ? undefined : ownerNote.included
    ? { account: String(facts['account.name']), repId: ownerNote.repId, used: true }
    : { account: String(facts['account.name']), repId: ownerNote.repId, used: false, reason: ownerNote.reason };
  const eligible = notes.filter((n) => n.included).map((n) => n.repId);
  const sticky: DecisionTrace['sticky'] = stickyNote === null ? undefined : stickyNote.included
    ? { repId: stickyNote.repId, used: pool.strategy === 'direct' && pool.members[0] === stickyNote.repId }
    : { repId: stickyNote.repId, used: false, reason: stickyNote.reason };
  const base = { ...(owner ? { owner } : {}), ...(sticky ? { sticky } : {}), team: pool.teamId, candidates: [...notes] };
  const none = (strategy: StrategyTrace): Decision => ({
    teamId: pool.teamId, mode: pool.mode, candidates: [], repId: null, turn: null, trace: { ...base, strategy },
  });

  if (eligible.length === 0) return none({ name: pool.strategy, mode: pool.mode, chosen: null });
  if (pool.mode === 'pooled') {
    return {
      teamId: pool.teamId, mode: 'pooled', candidates: eligible, repId: null, turn: null,
      trace: { ...base, strategy: { name: pool.strategy, mode: 'pooled', chosen: null, pendingUntilBooking: true } },
    };
  }
  if (!rotates(pool) || pool.strategy === 'direct') {
    const repId = eligible[0]!;
    return {
      teamId: pool.teamId, mode: 'assigned', candidates: [repId], repId, turn: null,
      trace: { ...base, strategy: { name: 'direct', mode: 'assigned', chosen: repId } },
    };
  }
  const choice = choose(pool.strategy, membersOf(catalog, pool.teamId), rotation ?? { lastIndex: -1, counts: new Map(), lastAssignedAt: new Map() }, new Set(eligible));
  // Eligible reps are members, so a strategy always finds one of them.
  if (choice === null) return none({ name: pool.strategy, mode: 'assigned', chosen: null });
  return {
    teamId: pool.teamId, mode: 'assigned', candidates: [choice.repId], repId: choice.repId,
    turn: { repId: choice.repId, index: choice.index },
    trace: { ...base, strategy: { name: pool.strategy, mode: 'assigned', numbers: choice.numbers, chosen: choice.repId } },
  };
}
