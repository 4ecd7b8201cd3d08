import type { Db } from './db.ts';

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
 * first one they share and never wait for each other in a circle.
 *
 * SQLite: the first write (an UPDATE, not a read) takes the database's one write lock
 * at once, so everything after it sees what committed before. PostgreSQL: one
 * `SELECT … ORDER BY id FOR UPDATE` per kind locks the rows in id order, however many.
 */
export async function takeLocks(db: Db, dialect: Dialect, locks: Locks): Promise<void> {
  const teams = [...new Set(locks.teams ?? [])].sort();
  const reps = [...new Set(locks.reps ?? [])].sort();
  if (dialect === 'postgres') {
    if (teams.length > 0) {
      await db.selectFrom('rotation_state').select('team_id').where('team_id', 'in', teams).orderBy('team_id').forUpdate().execute();
    }
    if (reps.length > 0) {
      await db.selectFrom('rep_locks').select('rep_id').where('rep_id', 'in', reps).orderBy('rep_id').forUpdate().execute();
    }
    return;
  }
  if (teams.length > 0) {
    await db.updateTable('rotation_state').set((eb) => ({ version: eb('version', '+', 1) })).where('team_id', 'in', teams).execute();
  }
  if (reps.length > 0) {
    await db.updateTable('rep_locks').set((eb) => ({ version: eb('version', '+', 1) })).where('rep_id', 'in', reps).execute();
  }
}
