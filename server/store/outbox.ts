import { sql, type Selectable } from 'kysely';
import type { ClaimedJob, NewOutboxJob, OutboxJob, OutboxStatus } from '../../shared/records.ts';
import type { Db } from './db.ts';
import type { Dialect } from './locks.ts';
import type { OutboxTable } from './schema.ts';

export async function enqueueJobs(db: Db, jobs: readonly NewOutboxJob[]): Promise<void> {
  if (jobs.length === 0) return;
  const rows = jobs.map((job) => sql`(${job.id}, ${job.kind}, ${job.target ?? job.kind}, ${job.event}, ${job.bookingId}, ${job.payload}, 'pending', 0, ${job.runAt}, ${job.createdAt})`);
  await sql`insert into outbox (id, kind, target, event, booking_id, payload, status, attempts, run_at, created_at)
    values ${sql.join(rows)}`.execute(db);
}

/**
 * Drops a booking's jobs of `event` that still wait (not sent, not held by a worker):
 * its reminders, when it moves or is canceled. Returns how many.
 */
export async function dropPendingJobs(db: Db, bookingId: string, event: string, now: number): Promise<number> {
  const result = await db.deleteFrom('outbox')
    .where('booking_id', '=', bookingId).where('event', '=', event).where('status', '=', 'pending')
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Claims up to `limit` due jobs for `leaseMs`: pending, due, not held by a live lease,
 * and not going to one of `skipTargets` (targets that already have their share in
 * flight in this worker). A worker that dies keeps its jobs only until the lease runs out. PostgreSQL
 * skips rows another worker is claiming at this instant (`FOR UPDATE SKIP LOCKED`);
 * SQLite runs the one statement under its single write lock.
 */
export async function claimDueJobs(
  db: Db,
  dialect: Dialect,
  claim: { now: number; leaseMs: number; limit: number; leaseToken: string; skipTargets?: readonly string[] },
): Promise<ClaimedJob[]> {
  const { now } = claim;
  const skip = claim.skipTargets ?? [];
  const due = db.selectFrom('outbox').select('id')
    .where('status', '=', 'pending')
    .where('run_at', '<=', now)
    .$if(skip.length > 0, (q) => q.where((eb) => eb(eb.fn.coalesce('target', 'kind'), 'not in', skip)))
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
    .orderBy('run_at').orderBy('id')
    .limit(claim.limit)
    .$if(dialect === 'postgres', (q) => q.forUpdate().skipLocked());
  const rows = await db.updateTable('outbox')
    .set((eb) => ({ lease_token: claim.leaseToken, lease_until: now + claim.leaseMs, attempts: eb('attempts', '+', 1) }))
    .where('id', 'in', due)
    .returningAll()
    .execute();
  return rows.map((row) => ({ ...toJob(row), leaseToken: claim.leaseToken })).sort((a, b) => a.runAt - b.runAt);
}

/**
 * Marks a claimed job delivered. `payload` replaces the stored one (a summary, so a sent
 * message's link and answers do not stay in the table). False when the lease was lost.
 */
export async function completeJob(db: Db, job: ClaimedJob, at: number, payload?: string): Promise<boolean> {
  const result = await db.updateTable('outbox')
    .set({ status: 'done', done_at: at, lease_until: null, lease_token: null, last_error: null, ...(payload === undefined ? {} : { payload }) })
    .where('id', '=', job.id).where('lease_token', '=', job.leaseToken)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * A failed try: back to pending at `retryAt`, or dead when there is none. A job that
 * could not even be tried (`uncounted`, e.g. its webhook secret is not set yet) gets
 * its attempt back, so waiting for the operator never uses up its retries.
 */
export async function failJob(
  db: Db,
  job: ClaimedJob,
  failure: { error: string; retryAt: number | null; at: number; uncounted?: boolean },
): Promise<boolean> {
  const result = await db.updateTable('outbox')
    .set((eb) => ({
      ...(failure.uncounted ? { attempts: eb('attempts', '-', 1) } : {}),
      status: failure.retryAt === null ? 'dead' : 'pending',
      run_at: failure.retryAt ?? job.runAt,
      done_at: failure.retryAt === null ? failure.at : null,
      lease_until: null,
      lease_token: null,
      last_error: failure.error.slice(0, 2000),
    }))
    .where('id', '=', job.id).where('lease_token', '=', job.leaseToken)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Jobs by creation, optionally of one booking: for tests, admin views and checks. */
export async function listJobs(db: Db, filter: { bookingId?: string; status?: OutboxStatus } = {}): Promise<OutboxJob[]> {
  const rows = await db.selectFrom('outbox').selectAll()
    .$if(filter.bookingId !== undefined, (q) => q.where('booking_id', '=', filter.bookingId!))
    .$if(filter.status !== undefined, (q) => q.where('status', '=', filter.status!))
    .orderBy('created_at').orderBy('id')
    .execute();
  return rows.map(toJob);
}

export function toJob(r: Selectable<OutboxTable>): OutboxJob {
  return {
    id: r.id,
    kind: r.kind,
    target: r.target ?? r.kind,
    event: r.event,
    bookingId: r.booking_id,
    payload: r.payload,
    runAt: Number(r.run_at),
    createdAt: Number(r.created_at),
    status: r.status,
    attempts: Number(r.attempts),
    leaseUntil: r.lease_until === null ? null : Number(r.lease_until),
    lastError: r.last_error,
    doneAt: r.done_at === null ? null : Number(r.done_at),
  };
}

/** Undelivered jobs by kind and state, with the oldest one's age: what the metrics report. */
export type OutboxDepth = { kind: OutboxJob['kind']; state: 'pending' | 'retrying' | 'dead'; count: number; oldestCreatedAt: number }[];

export async function outboxDepth(db: Db): Promise<OutboxDepth> {
  const retrying = sql<number>`case when attempts > 0 then 1 else 0 end`;
  const rows = await db.selectFrom('outbox')
    .select((eb) => ['kind', 'status', retrying.as('retrying'), eb.fn.countAll<number>().as('count'), eb.fn.min('created_at').as('oldest')])
    .where('status', 'in', ['pending', 'dead'])
    .groupBy(['kind', 'status', retrying])
    .execute();
  // Dead jobs come in two groups (tried or not); they are one state here.
  const depth = new Map<string, OutboxDepth[number]>();
  for (const r of rows) {
    const state = r.status === 'dead' ? 'dead' : Number(r.retrying) === 1 ? 'retrying' : 'pending';
    const seen = depth.get(`${r.kind}:${state}`);
    const oldest = Number(r.oldest);
    if (seen) {
      seen.count += Number(r.count);
      seen.oldestCreatedAt = Math.min(seen.oldestCreatedAt, oldest);
    } else {
      depth.set(`${r.kind}:${state}`, { kind: r.kind, state, count: Number(r.count), oldestCreatedAt: oldest });
    }
  }
  return [...depth.values()];
}
