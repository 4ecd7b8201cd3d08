import type { Catalog } from '../config/catalog.ts';
import type { Db } from '../store/db.ts';
import { recordPooledChoice, type Lead } from '../store/leads.ts';
import { lockRotation, recordTurn } from '../store/rotation.ts';
import type { RotationState, StrategyName } from './strategies.ts';
import { choose } from './strategies.ts';
import { membersOf, windowStart } from './team.ts';

/**
 * Pooled mode chooses the rep when the prospect books (SPEC §3). These two calls bracket
 * that choice inside the booking's transaction: lock the team's rotation first (the
 * lock order everywhere is rotation row, then reps), choose among the reps free at the
 * slot later, and record the turn and the trace with the booking.
 */
export async function lockPooledRotation(db: Db, catalog: Catalog, lead: Lead, now: number): Promise<RotationState | null> {
  if (lead.mode !== 'pooled' || lead.teamId === null || !catalog.config.teams[lead.teamId]) return null;
  return lockRotation(db, lead.teamId, windowStart(catalog, lead.teamId, now));
}

export async function takePooledTurn(
  db: Db,
  catalog: Catalog,
  lead: Lead,
  state: RotationState,
  free: ReadonlySet<string>,
  start: number,
  now: number,
): Promise<string> {
  const teamId = lead.teamId!;
  // A lead takes one turn in the rotation: booking again after a cancel keeps the rep
  // it had when they are free, and never counts a second assignment.
  const counted = lead.repId !== null;
  const strategy = catalog.config.teams[teamId]!.strategy as StrategyName;
  const choice = counted && free.has(lead.repId!) ? null : choose(strategy, membersOf(catalog, teamId), state, free);
  // A free rep who has since left the team still takes the meeting rather than losing it.
  const repId = counted && free.has(lead.repId!) ? lead.repId! : choice?.repId ?? [...free].sort()[0]!;
  if (choice && !counted) await recordTurn(db, { teamId, repId, index: choice.index, leadId: lead.id, at: now });
  const trace = {
    ...lead.trace,
    booking: { start: new Date(start).toISOString(), freeReps: [...free], ...(choice ? { numbers: choice.numbers } : {}), chosen: repId },
  };
  await recordPooledChoice(db, lead.id, repId, trace);
  return repId;
}
