import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { AssignmentCount, RotationState, Turn } from '../../shared/records.ts';
import type { Db } from './db.ts';

/**
 * The team's rotation state, read under the team's lock (`atomically` took it).
 *
 * Balanced counts are kept, not counted: `rotation_reps` holds each rep's assignments
 * since the stored `window_start`. Moving the window to `windowStart` takes away (or
 * gives back, when the clock or the window setting went back) only the assignments
 * between the two edges: usually none, so the cost does not grow with history.
 */
export async function rotationState(db: Db, teamId: string, windowStart: number): Promise<RotationState> {
  const row = await db.selectFrom('rotation_state').select(['last_index', 'window_start'])
    .where('team_id', '=', teamId).executeTakeFirst();
  const storedStart = row === undefined ? windowStart : Number(row.window_start);
  if (row !== undefined && storedStart !== windowStart) {
    const [from, to, sign] = windowStart > storedStart ? [storedStart, windowStart, -1] : [windowStart, storedStart, 1];
    const moved = await db.selectFrom('assignments')
      .select((eb) => ['rep_id', eb.fn.countAll<number>().as('n')])
      .where('team_id', '=', teamId).where('at_ms', '>=', from).where('at_ms', '<', to)
      .groupBy('rep_id').execute();
    for (const { rep_id, n } of moved) {
      await db.updateTable('rotation_reps').set((eb) => ({ window_count: eb('window_count', '+', sign * Number(n)) }))
        .where('team_id', '=', teamId).where('rep_id', '=', rep_id).execute();
    }
    await db.updateTable('rotation_state').set({ window_start: windowStart }).where('team_id', '=', teamId).execute();
  }
  const reps = await db.selectFrom('rotation_reps').select(['rep_id', 'window_count', 'last_at'])
    .where('team_id', '=', teamId).where('window_count', '>', 0).execute();
  return {
    lastIndex: row?.last_index ?? -1,
    counts: new Map(reps.map((r) => [r.rep_id, Number(r.window_count)])),
    lastAssignedAt: new Map(reps.map((r) => [r.rep_id, Number(r.last_at)])),
  };
}

/** Records a turn: the rotation pointer, the assignment row and the rep's count, in the caller's transaction. */
export async function recordTurn(db: Db, turn: Turn): Promise<void> {
  const row = await db.updateTable('rotation_state').set({ last_index: turn.index })
    .where('team_id', '=', turn.teamId).returning('window_start').executeTakeFirst();
  await db.insertInto('assignments')
    .values({ id: randomUUID(), team_id: turn.teamId, rep_id: turn.repId, lead_id: turn.leadId, at_ms: turn.at })
    .execute();
  // Counted only inside the stored window; one from before it is counted if the window moves back.
  const counted = row === undefined || turn.at >= Number(row.window_start) ? 1 : 0;
  await db.insertInto('rotation_reps')
    .values({ team_id: turn.teamId, rep_id: turn.repId, window_count: counted, last_at: turn.at })
    .onConflict((oc) => oc.columns(['team_id', 'rep_id']).doUpdateSet((eb) => ({
      window_count: eb('rotation_reps.window_count', '+', counted),
      // GREATEST on PostgreSQL is max() on SQLite; CASE is the same on both.
      last_at: sql<number>`case when ${eb.ref('rotation_reps.last_at')} > ${turn.at} then ${eb.ref('rotation_reps.last_at')} else ${turn.at} end`,
    })))
    .execute();
}

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
