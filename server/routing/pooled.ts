import type { DecisionTrace, Lead, RotationState, StrategyNumbers } from '../../shared/records.ts';
import type { Catalog } from '../config/catalog.ts';
import { choose } from './strategies.ts';
import { membersOf } from './team.ts';

export type PooledChoice = {
  repId: string;
  /** The turn to record; null when the lead already took its one turn. */
  turn: { repId: string; index: number } | null;
  trace: DecisionTrace;
};

/**
 * Pooled mode chooses the rep when the prospect books (SPEC §3), among the reps free at
 * the slot, with the team's strategy over the rotation state read under its lock.
 */
export function choosePooled(catalog: Catalog, lead: Lead, state: RotationState, free: ReadonlySet<string>, start: number): PooledChoice {
  const teamId = lead.teamId!;
  // A lead takes one turn in the rotation: booking again after a cancel keeps the rep
  // it had when they are free, and never counts a second assignment.
  const counted = lead.repId !== null;
  const keeps = counted && free.has(lead.repId!);
  const team = catalog.config.teams[teamId]!;
  const choice = keeps ? null : choose(team.strategy, membersOf(catalog, teamId), state, free);
  // A free rep who has since left the team still takes the meeting rather than losing it.
  const repId = keeps ? lead.repId! : choice?.repId ?? [...free].sort()[0]!;
  const numbers: { numbers?: StrategyNumbers } = choice ? { numbers: choice.numbers } : {};
  return {
    repId,
    turn: choice && !counted ? { repId, index: choice.index } : null,
    trace: { ...lead.trace, booking: { start: new Date(start).toISOString(), freeReps: [...free], ...numbers, chosen: repId } },
  };
}

/** Whether a lead's booking chooses among a team's rotation (and so needs its lock). */
export function isPooledTeamLead(catalog: Catalog, lead: Lead): lead is Lead & { teamId: string } {
  return lead.mode === 'pooled' && lead.teamId !== null && Object.hasOwn(catalog.config.teams, lead.teamId);
}
