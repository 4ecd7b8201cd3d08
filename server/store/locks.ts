import { sql } from 'kysely';
import type { Db } from './db.ts';
import { toRow, type RotationRow } from './rotation.ts';

export type Dialect = 'sqlite' | 'postgres';

/** What a unit of work must hold before it reads anything it will decide on. */
export type Locks = {
  /** Teams whose rotation turn the work may take. */
  teams?: readonly string[];
  /** Reps who may get a booking. */
  reps?: readonly string[];
};

/**
 * Takes the locks, always in one order: the teams' rotation rows, then the reps' lock
 * rows, each by id. Two transactions that want overlapping locks then queue for the
 * first one they share and never wait for each other in a circle. Returns the locked
 * rotation rows, so reading a team's rotation costs no second query.
 *
 * Written as SQL: every submission and booking runs these. A team's row is locked by an
 * UPDATE … RETURNING, one per team in id order: on SQLite the first write takes the
 * database's one write lock at once, so everything after it sees what committed before;
 * on PostgreSQL it takes the row lock. Reps: SQLite takes the same write; PostgreSQL one
 * `SELECT … ORDER BY rep_id FOR UPDATE` locks the rows in id order, however many.
 */
export async function takeLocks(db: Db, dialect: Dialect, locks: Locks): Promise<Map<string, RotationRow>> {
  const teams = [...new Set(locks.teams ?? [])].sort();
  const reps = [...new Set(locks.reps ?? [])].sort();
  const rotations = new Map<string, RotationRow>();
  for (const teamId of teams) {
    const { rows: [row] } = await sql<{ last_index: number; window_start: number; oldest_counted: number | null }>`
      update rotation_state set version = version + 1 where team_id = ${teamId}
      returning last_index, window_start, oldest_counted`.execute(db);
    if (row) rotations.set(teamId, toRow(row));
  }
  if (reps.length === 0) return rotations;
  if (dialect === 'postgres') {
    await sql`select rep_id from rep_locks where rep_id in (${sql.join(reps)}) order by rep_id for update`.execute(db);
  } else {
    await sql`update rep_locks set version = version + 1 where rep_id in (${sql.join(reps)})`.execute(db);
  }
  return rotations;
}
