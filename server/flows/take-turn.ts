import type { RotationState } from '../../shared/records.ts';
import type { Catalog } from '../config/catalog.ts';
import { windowStart } from '../routing/team.ts';
import type { Tx } from '../store/store.ts';

export type Picked = { turn: { repId: string; index: number } | null };

/**
 * The one way a team's rotation turn is taken: by assigned routing, by a pooled booking
 * and, through those two, by `simulate`. The caller's `atomically` holds the team's
 * lock; this reads the rotation state under it, lets `pick` choose (a pure strategy,
 * plus whatever re-check the caller needs), and records the turn `pick` names in the
 * same transaction, so no two requests ever see the same turn.
 */
export async function takeTurn<T extends Picked>(
  tx: Tx,
  catalog: Catalog,
  turn: { teamId: string; leadId: string; at: number },
  pick: (state: RotationState) => T | Promise<T>,
): Promise<T> {
  const state = await tx.rotation.state(turn.teamId, windowStart(catalog, turn.teamId, turn.at));
  const picked = await pick(state);
  if (picked.turn) await tx.rotation.recordTurn({ teamId: turn.teamId, leadId: turn.leadId, at: turn.at, ...picked.turn });
  return picked;
}
