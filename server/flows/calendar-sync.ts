import type { CalendarSourceRecord } from '../../shared/records.ts';
import type { SourceRead } from '../calendars/read-source.ts';
import { calendarState, type ConfiguredSource } from '../calendars/sources.ts';
import { calendarEventJobs } from '../delivery/calendar-events.ts';
import type { FlowDeps } from './deps.ts';

const MINUTE = 60_000;

/** What one read of a source came to: what it found, or why it failed. */
export type SyncOutcome = SourceRead | { kind: 'failed'; error: string };

/** When the read began, and whether it held the sync lease (a live check does not). */
export type ReadOf = { startedAt: number; leased: boolean };

/**
 * Records a read of `source`: its busy times replace the stored ones (or "not modified"
 * confirms them), or the failure is noted; a read that began before one already
 * recorded changes nothing, so a slow read never undoes a newer one. In the same transaction, a source that has
 * just become failing announces `calendar.failing`, and one that answers again after
 * that announces `calendar.recovered`; a flag flipped by one conditional update makes
 * each go out once, however many instances sync. Returns the source's record as it now is.
 */
export async function recordSync(
  deps: Pick<FlowDeps, 'store' | 'catalog'>, source: ConfiguredSource, outcome: SyncOutcome, read: ReadOf, now: number,
): Promise<CalendarSourceRecord> {
  const { store, catalog } = deps;
  const sync = catalog.config.calendarSync;
  const refresh = sync.refreshMinutes * MINUTE;
  const at = read.startedAt;
  return store.atomically({}, async (tx) => {
    if (outcome.kind === 'failed') {
      // A failed read is tried again sooner than the refresh, but not in a tight loop.
      await tx.calendars.recordFailure(source.id, { at, error: outcome.error, nextSyncAt: now + Math.min(refresh, MINUTE), release: read.leased });
    } else if (outcome.kind === 'not_modified') {
      await tx.calendars.recordUnchanged(source.id, { at, nextSyncAt: now + refresh, release: read.leased });
    } else {
      await tx.calendars.replaceBusy(source.id, outcome.busy, {
        at, ...outcome.validators, windowFrom: outcome.window.from, windowTo: outcome.window.to, expandKey: outcome.expandKey,
        nextSyncAt: now + refresh, release: read.leased,
      });
    }
    const [record] = await tx.calendars.list([source.id]);
    if (!record) throw new Error(`calendar source ${source.id} is not registered`);
    const failing = calendarState(record, sync, now) === 'failing';
    if (failing !== record.failingNotified && await tx.calendars.flipFailingNotified(source.id, record.failingNotified)) {
      await tx.outbox.enqueue(calendarEventJobs(catalog, failing ? 'calendar.failing' : 'calendar.recovered', source, record, now));
      return { ...record, failingNotified: failing };
    }
    return record;
  });
}

/** Every configured source with its stored record (none yet for a source never registered). */
export async function calendarSources(deps: Pick<FlowDeps, 'store' | 'catalog'>): Promise<{ source: ConfiguredSource; record: CalendarSourceRecord | undefined }[]> {
  const sources = [...deps.catalog.calendarSources.values()].flat();
  const records = new Map((await deps.store.calendars.list(sources.map((s) => s.id))).map((r) => [r.id, r]));
  return sources.map((source) => ({ source, record: records.get(source.id) }));
}
