import { randomUUID } from 'node:crypto';
import type { Db } from './db.ts';

/**
 * Locks the team's rotation row for the rest of the transaction and returns the index
 * of the last turn. Writing first (not reading) makes SQLite take its write lock at once
 * and PostgreSQL take a row lock, so two requests never read the same turn.
 */
export async function lockRotation(db: Db, teamId: string): Promise<number> {
  await db.updateTable('rotation_state').set((eb) => ({ version: eb('version', '+', 1) }))
    .where('team_id', '=', teamId).execute();
  const row = await db.selectFrom('rotation_state').select('last_index').where('team_id', '=', teamId).executeTakeFirst();
  return row?.last_index ?? -1;
}

export async function saveRotation(db: Db, teamId: string, lastIndex: number): Promise<void> {
  await db.updateTable('rotation_state').set({ last_index: lastIndex }).where('team_id', '=', teamId).execute();
}

export async function recordAssignment(db: Db, teamId: string, repId: string, leadId: string, at: number): Promise<void> {
  await db.insertInto('assignments').values({ id: randomUUID(), team_id: teamId, rep_id: repId, lead_id: leadId, at_ms: at }).execute();
}
