import { sql, type Selectable } from 'kysely';
import type { CalendarSourceRecord } from '../../shared/records.ts';
import type { Db } from './db.ts';
import type { Dialect } from './locks.ts';
import type { CalendarSourcesTable } from './schema.ts';

/** A configured source, as `usher serve` registers it at start. */
export type SourceKey = { id: string; repId: string; kind: 'ics' | 'caldav' };

/** What a successful sync leaves behind beside its busy times. */
export type SyncMeta = {
  etag: string | null;
  lastModified: string | null;
  ctag: string | null;
  syncToken: string | null;
  windowFrom: number;
  windowTo: number;
};

/** Busy times of one source, sorted by start: two parallel arrays, 16 bytes an interval. */
export type StoredBusy = { starts: Float64Array; ends: Float64Array };

/** Rows per insert statement: well under either database's limit on bound values. */
const CHUNK = 500;

function toRecord(row: Selectable<CalendarSourcesTable>): CalendarSourceRecord {
  const num = (value: number | null) => (value === null ? null : Number(value));
  return {
    id: row.id, repId: row.rep_id, kind: row.kind === 'caldav' ? 'caldav' : 'ics',
    createdAt: Number(row.created_at), lastAttemptAt: num(row.last_attempt_at), lastSuccessAt: num(row.last_success_at),
    lastError: row.last_error, etag: row.etag, lastModified: row.last_modified, ctag: row.ctag, syncToken: row.sync_token,
    windowFrom: num(row.window_from), windowTo: num(row.window_to), expandKey: row.expand_key, version: Number(row.version), busyCount: Number(row.busy_count),
    failingNotified: Number(row.failing_notified) === 1, nextSyncAt: Number(row.next_sync_at), leaseUntil: num(row.lease_until),
  };
}

/** Raised with every change to `calendar_sources`, in the same transaction. */
async function bump(db: Db): Promise<void> {
  await sql`update calendar_generation set value = value + 1 where id = 1`.execute(db);
}

/** The number every change to the sources raises: equal means nothing changed since. */
export async function generation(db: Db): Promise<number> {
  const { rows } = await sql<{ value: number }>`select value from calendar_generation where id = 1`.execute(db);
  return Number(rows[0]?.value ?? 0);
}

/** Registers sources that are new in the config; existing rows keep their state. */
export async function ensureSources(db: Db, sources: readonly SourceKey[], now: number): Promise<void> {
  await bump(db);
  for (let i = 0; i < sources.length; i += CHUNK) {
    await db.insertInto('calendar_sources')
      .values(sources.slice(i, i + CHUNK).map((s) => ({ id: s.id, rep_id: s.repId, kind: s.kind, created_at: now })))
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }
}

/**
 * Read on every submission and booking for reps with calendars, so written as SQL: the
 * query builder costs more than the query (as in `bookedTimes`).
 */
export async function listSources(db: Db, ids: readonly string[]): Promise<CalendarSourceRecord[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<Selectable<CalendarSourcesTable>>`select * from calendar_sources where id in (${sql.join(ids)}) order by id`.execute(db);
  return rows.map(toRecord);
}

export async function readBusy(db: Db, sourceId: string): Promise<StoredBusy> {
  const rows = await db.selectFrom('calendar_busy').select(['start_ms', 'end_ms'])
    .where('source_id', '=', sourceId).orderBy('start_ms').orderBy('end_ms').execute();
  const starts = new Float64Array(rows.length);
  const ends = new Float64Array(rows.length);
  rows.forEach((row, i) => {
    starts[i] = Number(row.start_ms);
    ends[i] = Number(row.end_ms);
  });
  return { starts, ends };
}

/**
 * Claims up to `limit` of `ids` that are due for a sync (by `dueBy`, default now) and
 * not held by another instance's live lease. Each claim is one conditional update, so two instances never
 * both take a source.
 */
export async function claimDueSources(
  db: Db,
  dialect: Dialect,
  claim: { ids: readonly string[]; now: number; leaseMs: number; limit: number; dueBy?: number },
): Promise<string[]> {
  if (claim.ids.length === 0) return [];
  const { now } = claim;
  const due = db.selectFrom('calendar_sources').select('id')
    .where('id', 'in', claim.ids)
    .where('next_sync_at', '<=', claim.dueBy ?? now)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
    .orderBy('next_sync_at').orderBy('id')
    .limit(claim.limit)
    .$if(dialect === 'postgres', (q) => q.forUpdate().skipLocked());
  const rows = await db.updateTable('calendar_sources')
    .set({ lease_until: now + claim.leaseMs })
    .where('id', 'in', due)
    .returning('id')
    .execute();
  return rows.map((r) => r.id).sort();
}

/**
 * How a read is recorded. `at` is when the read began: a result is applied only when no
 * read that began later has been recorded already (reads that began at the same
 * millisecond are taken in the order they are recorded), so a slow read can never put back
 * what a newer one replaced. `release`: the read held the sync lease (a live check does
 * not, and must not free another instance's).
 */
export type ReadRecord = { at: number; nextSyncAt: number; release: boolean };

/**
 * Replaces the source's busy times with a new read's (inside the caller's transaction);
 * false, changing nothing, when a read that began later is already recorded.
 */
export async function replaceBusy(
  db: Db, sourceId: string, busy: readonly { start: number; end: number }[], meta: SyncMeta & ReadRecord & { expandKey: string },
): Promise<boolean> {
  const updated = await db.updateTable('calendar_sources')
    .set((eb) => ({
      version: eb('version', '+', 1), busy_count: busy.length,
      last_attempt_at: meta.at, last_success_at: meta.at, last_error: null, expand_key: meta.expandKey,
      etag: meta.etag, last_modified: meta.lastModified, ctag: meta.ctag, sync_token: meta.syncToken,
      window_from: meta.windowFrom, window_to: meta.windowTo, next_sync_at: meta.nextSyncAt,
      ...(meta.release ? { lease_until: null } : {}),
    }))
    .where('id', '=', sourceId)
    .where((eb) => eb.or([eb('last_success_at', 'is', null), eb('last_success_at', '<=', meta.at)]))
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) return false;
  await bump(db);
  await db.deleteFrom('calendar_busy').where('source_id', '=', sourceId).execute();
  for (let i = 0; i < busy.length; i += CHUNK) {
    await db.insertInto('calendar_busy')
      .values(busy.slice(i, i + CHUNK).map((b) => ({ source_id: sourceId, start_ms: b.start, end_ms: b.end })))
      .execute();
  }
  return true;
}

/** The source answered "not modified": its stored busy times are current as of `at`. */
export async function recordUnchanged(db: Db, sourceId: string, change: ReadRecord): Promise<void> {
  const updated = await db.updateTable('calendar_sources')
    .set({
      last_attempt_at: change.at, last_success_at: change.at, last_error: null, next_sync_at: change.nextSyncAt,
      ...(change.release ? { lease_until: null } : {}),
    })
    .where('id', '=', sourceId)
    .where((eb) => eb.or([eb('last_success_at', 'is', null), eb('last_success_at', '<=', change.at)]))
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 1) await bump(db);
}

/** A failed read; not recorded over a success or a failure of a read that began later. */
export async function recordFailure(db: Db, sourceId: string, change: ReadRecord & { error: string }): Promise<void> {
  const updated = await db.updateTable('calendar_sources')
    .set({
      last_attempt_at: change.at, last_error: change.error.slice(0, 500), next_sync_at: change.nextSyncAt,
      ...(change.release ? { lease_until: null } : {}),
    })
    .where('id', '=', sourceId)
    .where((eb) => eb.or([eb('last_attempt_at', 'is', null), eb('last_attempt_at', '<=', change.at)]))
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 1) await bump(db);
}

/**
 * Flips the "failing was announced" flag from `from` to its opposite; true when this
 * call made the change. Only one caller among all instances sees true, which is what
 * makes `calendar.failing` and `calendar.recovered` go out once each.
 */
export async function flipFailingNotified(db: Db, sourceId: string, from: boolean): Promise<boolean> {
  const result = await db.updateTable('calendar_sources')
    .set({ failing_notified: from ? 0 : 1 })
    .where('id', '=', sourceId)
    .where('failing_notified', '=', from ? 1 : 0)
    .executeTakeFirst();
  const flipped = Number(result.numUpdatedRows) === 1;
  if (flipped) await bump(db);
  return flipped;
}
