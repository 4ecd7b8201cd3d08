import type { Db } from './db.ts';
import type { Dialect } from './locks.ts';

/** `expire`: the lead token's end, when an unbooked lead's turn may be given back. */
export type TimerKind = 'remind' | 'breach' | 'untouched' | 'expire';

export type NewTimer = { id: string; leadId: string; repId: string; kind: TimerKind; dueAt: number; createdAt: number };

export type ClaimedTimer = NewTimer & { leaseToken: string };

export async function addTimers(db: Db, timers: readonly NewTimer[]): Promise<void> {
  if (timers.length === 0) return;
  await db.insertInto('lead_timers').values(timers.map((t) => ({
    id: t.id, lead_id: t.leadId, rep_id: t.repId, kind: t.kind, due_at: t.dueAt, created_at: t.createdAt,
    lease_until: null, lease_token: null, done_at: null,
  }))).execute();
}

/**
 * Claims up to `limit` due timers for `leaseMs`, as the outbox claims its jobs: not done,
 * due, not held by a live lease. PostgreSQL skips rows another instance is claiming at
 * this instant (`FOR UPDATE SKIP LOCKED`); SQLite runs it under its one write lock. A
 * worker that dies holds its timers only until the lease runs out.
 */
export async function claimDueTimers(
  db: Db,
  dialect: Dialect,
  claim: { now: number; leaseMs: number; limit: number; leaseToken: string },
): Promise<ClaimedTimer[]> {
  const { now } = claim;
  const due = db.selectFrom('lead_timers').select('id')
    .where('done_at', 'is', null)
    .where('due_at', '<=', now)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
    .orderBy('due_at').orderBy('id')
    .limit(claim.limit)
    .$if(dialect === 'postgres', (q) => q.forUpdate().skipLocked());
  const rows = await db.updateTable('lead_timers')
    .set({ lease_token: claim.leaseToken, lease_until: now + claim.leaseMs })
    .where('id', 'in', due)
    .returningAll()
    .execute();
  return rows.map((r) => ({
    id: r.id, leadId: r.lead_id, repId: r.rep_id, kind: r.kind, dueAt: Number(r.due_at), createdAt: Number(r.created_at), leaseToken: claim.leaseToken,
  })).sort((a, b) => a.dueAt - b.dueAt);
}

/**
 * Confirms this worker still holds the timer, as the first write of the transaction that
 * runs it: the row stays locked until that commits, so no other instance can take it
 * meanwhile. False when the lease ran out and another took it.
 */
export async function holdTimer(db: Db, id: string, leaseToken: string, now: number): Promise<boolean> {
  const result = await db.updateTable('lead_timers').set({ lease_until: now + 60_000 })
    .where('id', '=', id).where('lease_token', '=', leaseToken).where('done_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Done, when this worker still holds it; false when its lease was lost to another. */
export async function completeTimer(db: Db, id: string, leaseToken: string, at: number): Promise<boolean> {
  const result = await db.updateTable('lead_timers').set({ done_at: at, lease_until: null, lease_token: null })
    .where('id', '=', id).where('lease_token', '=', leaseToken).where('done_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Due again later (an untouched lead touched meanwhile), released. */
export async function postponeTimer(db: Db, id: string, leaseToken: string, dueAt: number): Promise<boolean> {
  const result = await db.updateTable('lead_timers').set({ due_at: dueAt, lease_until: null, lease_token: null })
    .where('id', '=', id).where('lease_token', '=', leaseToken).where('done_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function timersOfLead(db: Db, leadId: string): Promise<(NewTimer & { doneAt: number | null })[]> {
  const rows = await db.selectFrom('lead_timers').selectAll().where('lead_id', '=', leadId).orderBy('due_at').orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id, leadId: r.lead_id, repId: r.rep_id, kind: r.kind, dueAt: Number(r.due_at), createdAt: Number(r.created_at),
    doneAt: r.done_at === null ? null : Number(r.done_at),
  }));
}
