import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { AssignmentCount, CreditReason, RotationState, Turn } from '../../shared/records.ts';
import type { Db } from './db.ts';

/** A team's rotation row as its lock statement returned it. */
export type RotationRow = { lastIndex: number; windowStart: number; oldestCounted: number | null };

export async function readRotationRow(db: Db, teamId: string): Promise<RotationRow | undefined> {
  const row = await db.selectFrom('rotation_state').select(['last_index', 'window_start', 'oldest_counted'])
    .where('team_id', '=', teamId).executeTakeFirst();
  return row && toRow(row);
}

export function toRow(row: { last_index: number; window_start: number; oldest_counted: number | null }): RotationRow {
  return {
    lastIndex: Number(row.last_index),
    windowStart: Number(row.window_start),
    oldestCounted: row.oldest_counted === null ? null : Number(row.oldest_counted),
  };
}

/**
 * The team's rotation state, read under the team's lock (`atomically` took it and
 * passes the row its lock statement returned).
 *
 * Balanced counts are kept, not counted: `rotation_reps` holds each rep's assignments
 * since the stored `window_start`, and `oldest_counted` is the earliest of them. Moving
 * the window forward past nothing counted changes nothing and costs no query; past
 * something, only the assignments between the two edges are taken away, each once in
 * its life. A window that moves back (the clock or the setting went back) gives them
 * back the same way. So the cost does not grow with history.
 */
export async function rotationState(db: Db, teamId: string, windowStart: number, locked?: RotationRow): Promise<RotationState> {
  const row = locked ?? await readRotationRow(db, teamId);
  if (row === undefined) return { lastIndex: -1, counts: new Map(), lastAssignedAt: new Map() };
  const leaves = windowStart > row.windowStart && row.oldestCounted !== null && row.oldestCounted < windowStart;
  if (leaves || windowStart < row.windowStart) {
    const [from, to, sign] = leaves ? [row.windowStart, windowStart, -1] : [windowStart, row.windowStart, 1];
    const moved = await db.selectFrom('assignments')
      .select((eb) => ['rep_id', eb.fn.countAll<number>().as('n'), eb.fn.min('at_ms').as('first')])
      .where('team_id', '=', teamId).where('at_ms', '>=', from).where('at_ms', '<', to).where('credited_at', 'is', null)
      .groupBy('rep_id').execute();
    for (const { rep_id, n } of moved) {
      await db.updateTable('rotation_reps').set((eb) => ({ window_count: eb('window_count', '+', sign * Number(n)) }))
        .where('team_id', '=', teamId).where('rep_id', '=', rep_id).execute();
    }
    let oldest: number | null;
    if (leaves) {
      const next = await db.selectFrom('assignments').select((eb) => eb.fn.min('at_ms').as('first'))
        .where('team_id', '=', teamId).where('at_ms', '>=', windowStart).where('credited_at', 'is', null).executeTakeFirst();
      oldest = next?.first === null || next?.first === undefined ? null : Number(next.first);
    } else {
      oldest = [row.oldestCounted, ...moved.map((m) => Number(m.first))].reduce<number | null>((a, b) => (a === null || (b !== null && b < a) ? b : a), null);
    }
    await db.updateTable('rotation_state').set({ window_start: windowStart, oldest_counted: oldest }).where('team_id', '=', teamId).execute();
  }
  const { rows: reps } = await sql<{ rep_id: string; window_count: number; last_at: number }>`
    select rep_id, window_count, last_at from rotation_reps where team_id = ${teamId} and window_count > 0`.execute(db);
  return {
    lastIndex: row.lastIndex,
    counts: new Map(reps.map((r) => [r.rep_id, Number(r.window_count)])),
    lastAssignedAt: new Map(reps.map((r) => [r.rep_id, Number(r.last_at)])),
  };
}

/**
 * Records a turn: the rotation pointer, the assignment row and the rep's count, in the
 * caller's transaction. Once per routed lead, so written as SQL (the builder costs more
 * than these statements).
 */
export async function recordTurn(db: Db, turn: Turn): Promise<void> {
  const at = sql`cast(${turn.at} as bigint)`;
  // A turn inside the stored window may be its new oldest.
  const { rows: [row] } = await sql<{ window_start: number }>`
    update rotation_state set last_index = ${turn.index},
      oldest_counted = case when ${at} >= window_start and (oldest_counted is null or ${at} < oldest_counted) then ${at} else oldest_counted end
    where team_id = ${turn.teamId} returning window_start`.execute(db);
  await sql`insert into assignments (id, team_id, rep_id, lead_id, at_ms)
    values (${randomUUID()}, ${turn.teamId}, ${turn.repId}, ${turn.leadId}, ${turn.at})`.execute(db);
  // Counted only inside the stored window; one from before it is counted if the window moves back.
  const counted = row === undefined || turn.at >= Number(row.window_start) ? 1 : 0;
  // GREATEST on PostgreSQL is max() on SQLite; CASE is the same on both.
  await sql`insert into rotation_reps (team_id, rep_id, window_count, last_at) values (${turn.teamId}, ${turn.repId}, ${counted}, ${turn.at})
    on conflict (team_id, rep_id) do update set window_count = rotation_reps.window_count + ${counted},
      last_at = case when rotation_reps.last_at > ${at} then rotation_reps.last_at else ${at} end`.execute(db);
}

/**
 * Gives back the turn a lead took (`routing.creditBack`): the assignment is marked and,
 * when the team's stored window counts it, the rep's count goes down by one. The caller
 * holds the team's lock. A turn is given back once; returns the assignment, or null when
 * the lead took none or it was given back already.
 */
export async function creditTurn(db: Db, leadId: string, repId: string, reason: CreditReason, at: number): Promise<{ teamId: string; repId: string } | null> {
  // The turn this rep took for the lead (a lead reassigned by the SLA has one per rep).
  const { rows: [row] } = await sql<{ team_id: string; rep_id: string; at_ms: number }>`
    update assignments set credited_at = ${at}, credit_reason = ${reason}
    where id = (select id from assignments where lead_id = ${leadId} and rep_id = ${repId} and credited_at is null order by at_ms desc limit 1)
    returning team_id, rep_id, at_ms`.execute(db);
  if (!row) return null;
  await sql`update rotation_reps set window_count = window_count - 1
    where team_id = ${row.team_id} and rep_id = ${row.rep_id} and window_count > 0
      and ${Number(row.at_ms)} >= (select window_start from rotation_state where team_id = ${row.team_id})`.execute(db);
  return { teamId: row.team_id, repId: row.rep_id };
}

/**
 * Takes back a turn given back for a canceled booking, when the lead books again with its
 * rep (an assigned lead takes no new turn then). The caller holds the team's lock.
 */
export async function retakeTurn(db: Db, leadId: string, repId: string): Promise<void> {
  const { rows: [row] } = await sql<{ team_id: string; rep_id: string; at_ms: number }>`
    update assignments set credited_at = null, credit_reason = null
    where id = (select id from assignments where lead_id = ${leadId} and rep_id = ${repId} and credit_reason = 'canceled' order by at_ms desc limit 1)
    returning team_id, rep_id, at_ms`.execute(db);
  if (!row) return;
  await sql`update rotation_reps set window_count = window_count + 1
    where team_id = ${row.team_id} and rep_id = ${row.rep_id}
      and ${Number(row.at_ms)} >= (select window_start from rotation_state where team_id = ${row.team_id})`.execute(db);
}

/**
 * Per team and rep, the turns taken with `at` in `[from, to)`: how many, how many were
 * given back, and what became of those leads with this rep (booked, held, no-show).
 */
export async function assignmentCounts(db: Db, from: number, to: number): Promise<AssignmentCount[]> {
  const outcome = (condition: ReturnType<typeof sql>) => sql<number>`sum(case when exists (select 1 from bookings b
    where b.lead_id = a.lead_id and b.rep_id = a.rep_id and ${condition}) then 1 else 0 end)`;
  const { rows } = await sql<{ team_id: string; rep_id: string; count: number; credited: number; booked: number; held: number; no_show: number }>`
    select a.team_id, a.rep_id, count(*) as count,
      sum(case when a.credited_at is null then 0 else 1 end) as credited,
      ${outcome(sql`1 = 1`)} as booked,
      ${outcome(sql`b.host_outcome = 'held'`)} as held,
      ${outcome(sql`b.host_outcome = 'no_show'`)} as no_show
    from assignments a where a.at_ms >= ${from} and a.at_ms < ${to}
    group by a.team_id, a.rep_id`.execute(db);
  return rows.map((r) => ({
    teamId: r.team_id, repId: r.rep_id, count: Number(r.count), credited: Number(r.credited),
    booked: Number(r.booked), held: Number(r.held), noShow: Number(r.no_show),
  }));
}
