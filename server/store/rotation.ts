import { randomUUID } from 'node:crypto';
import type { RotationState } from '../routing/strategies.ts';
import type { Db } from './db.ts';

/**
 * Locks the team's rotation row for the rest of the transaction, then reads the state
 * the strategies need. Writing first (not reading) makes SQLite take its write lock at
 * once and PostgreSQL take a row lock, so two requests never read the same turn.
 */
export async function lockRotation(db: Db, teamId: string, windowStart: number): Promise<RotationState> {
  await db.updateTable('rotation_state').set((eb) => ({ version: eb('version', '+', 1) }))
    .where('team_id', '=', teamId).execute();
  const row = await db.selectFrom('rotation_state').select('last_index').where('team_id', '=', teamId).executeTakeFirst();
  const load = await db.selectFrom('assignments')
    .select((eb) => ['rep_id', eb.fn.countAll<number>().as('count'), eb.fn.max('at_ms').as('last_at')])
    .where('team_id', '=', teamId)
    .where('at_ms', '>=', windowStart)
    .groupBy('rep_id')
    .execute();
  return {
    lastIndex: row?.last_index ?? -1,
    counts: new Map(load.map((r) => [r.rep_id, Number(r.count)])),
    lastAssignedAt: new Map(load.map((r) => [r.rep_id, Number(r.last_at)])),
  };
}

/** Records a turn: the rotation pointer and the assignment row, in the caller's transaction. */
export async function recordTurn(
  db: Db,
  turn: { teamId: string; repId: string; index: number; leadId: string; at: number },
): Promise<void> {
  await db.updateTable('rotation_state').set({ last_index: turn.index }).where('team_id', '=', turn.teamId).execute();
  await db.insertInto('assignments')
    .values({ id: randomUUID(), team_id: turn.teamId, rep_id: turn.repId, lead_id: turn.leadId, at_ms: turn.at })
    .execute();
}

export type AssignmentCount = { teamId: string; repId: string; count: number };

/** Assignments per team and rep with `at` in `[from, to)`. */
export async function assignmentCounts(db: Db, from: number, to: number): Promise<AssignmentCount[]> {
  const rows = await db.selectFrom('assignments')
    .select((eb) => ['team_id', 'rep_id', eb.fn.countAll<number>().as('count')])
    .where('at_ms', '>=', from)
    .where('at_ms', '<', to)
    .groupBy(['team_id', 'rep_id'])
    .execute();
  return rows.map((r) => ({ teamId: r.team_id, repId: r.rep_id, count: Number(r.count) }));
}
