import { mergeIntervals } from '../availability/intervals.ts';
import type { Busy } from '../availability/slots.ts';
import type { Catalog } from '../config/catalog.ts';
import type { CalendarSourceRecord } from '../../shared/records.ts';
import type { Operations, StoredBusy } from '../store/store.ts';
import { isUsable } from './sources.ts';

/** Reps' calendar busy time as availability reads it, and the reps that cannot be offered. */
export type CalendarRead = {
  busy: ReadonlyMap<string, readonly Busy[]>;
  /** Reps with a calendar that cannot be read: never synced, or failing with `onFailure: exclude`. */
  unavailable: ReadonlySet<string>;
};

export type CalendarReader = {
  /**
   * Busy intervals for these reps, from what the sync stored: at least every one
   * overlapping `[from, to)`, sorted by start (they may reach further).
   * `ops` is the store or the caller's transaction (SQLite has one connection, so a read
   * inside a transaction must go through it).
   */
  read(ops: Pick<Operations, 'calendars'>, repIds: readonly string[], from: number, to: number, now: number): Promise<CalendarRead>;
  /** Busy intervals held in memory now, for the numbers in `npm run bench`. */
  held(): number;
};

/** A rep's calendar busy time, all sources merged into disjoint intervals, sorted: built once per set of versions. */
type Cached = { key: string; intervals: readonly Busy[] };

const NOTHING: CalendarRead = { busy: new Map(), unavailable: new Set() };

/** A reader that sees no calendars at all: for `usher simulate`, which replays the past. */
export const NO_CALENDARS: CalendarReader = { read: async () => NOTHING, held: () => 0 };

/**
 * The busy reader, built once per process. Each read asks the database for the
 * calendars' generation (one row), re-reads the sources' states only when it moved,
 * and reloads a rep's intervals only when a source's version moved: the sync raises
 * both in the same transaction that replaces the intervals, so a copy held here is
 * never older than what the database says, and a busy rep can never
 * look free because of the cache. The held intervals are merged once per version, so a
 * read only finds its window in them by binary search and hands out that slice.
 */
export function createCalendarReader(catalog: Catalog): CalendarReader {
  const cache = new Map<string, Cached>();
  const sync = catalog.config.calendarSync;
  const allIds = [...catalog.calendarSources.values()].flat().map((s) => s.id);
  let sources: { generation: number; records: ReadonlyMap<string, CalendarSourceRecord> } | null = null;

  /**
   * Every source's record, re-read only when the generation moved. The generation is
   * read first: a record that changes between the two reads is newer than the number
   * it is kept under, so the next read looks again; never the other way round.
   */
  async function recordsNow(ops: Pick<Operations, 'calendars'>): Promise<ReadonlyMap<string, CalendarSourceRecord>> {
    const generation = await ops.calendars.generation();
    if (sources && sources.generation === generation) return sources.records;
    const records = new Map((await ops.calendars.list(allIds)).map((r) => [r.id, r]));
    sources = { generation, records };
    return records;
  }

  async function intervalsOf(ops: Pick<Operations, 'calendars'>, repId: string, records: readonly CalendarSourceRecord[]): Promise<readonly Busy[]> {
    const key = records.map((r) => `${r.id}:${r.version}`).join(',');
    const held = cache.get(repId);
    if (held && held.key === key) return held.intervals;
    let all: readonly Busy[] = [];
    for (const record of records) {
      if (record.busyCount === 0) continue;
      const stored: StoredBusy = await ops.calendars.busyOf(record.id);
      const list: Busy[] = [];
      for (let i = 0; i < stored.starts.length; i++) list.push({ start: stored.starts[i]!, end: stored.ends[i]! });
      all = mergeByStart(all, list);
    }
    // Calendar events carry no buffers of their own, and widening by the same buffers
    // commutes with union: merged once here, they are fewer for every read to look at.
    // Shared by every read, so never changed: typed readonly rather than frozen (V8 copies
    // and walks frozen arrays on a slow path, which measured 10 times slower here).
    const intervals: readonly Busy[] = mergeIntervals(all);
    cache.set(repId, { key, intervals });
    return intervals;
  }

  return {
    async read(ops, repIds, from, to, now) {
      const withSources = repIds.filter((id) => catalog.calendarSources.has(id));
      if (withSources.length === 0) return NOTHING;
      const records = await recordsNow(ops);
      const busy = new Map<string, readonly Busy[]>();
      const unavailable = new Set<string>();
      for (const repId of withSources) {
        const mine: CalendarSourceRecord[] = [];
        for (const source of catalog.calendarSources.get(repId)!) {
          const record = records.get(source.id);
          // Never read: no busy times stand for it, so not free either, whatever `onFailure`
          // says. Nor are days past what the last full read expanded (reads that keep
          // failing, or a feed answering "not modified" while the horizon moves on).
          if (!isUsable(record, sync, now) || record!.windowTo === null || record!.windowTo < to) unavailable.add(repId);
          if (record && record.lastSuccessAt !== null) mine.push(record);
        }
        if (unavailable.has(repId)) continue;
        const intervals = await intervalsOf(ops, repId, mine);
        // Disjoint and sorted, so the ends are sorted too: two binary searches find the window.
        const first = firstIndex(intervals, (b) => b.end > from);
        const last = firstIndex(intervals, (b) => b.start >= to);
        if (last > first) busy.set(repId, first === 0 && last === intervals.length ? intervals : intervals.slice(first, last));
      }
      return { busy, unavailable };
    },
    held() {
      let total = 0;
      for (const entry of cache.values()) total += entry.intervals.length;
      return total;
    },
  };
}

/** Two lists sorted by start, as one sorted list: availability's fast path wants them in order. */
export function mergeByStart<T extends { start: number }>(a: readonly T[], b: readonly T[]): readonly T[] {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out: T[] = new Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = a[i]!.start <= b[j]!.start ? a[i++]! : b[j++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}

/** The first index whose interval passes `test`, for a test that fails, then holds, along the list. */
function firstIndex(list: readonly Busy[], test: (b: Busy) => boolean): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (test(list[mid]!)) high = mid;
    else low = mid + 1;
  }
  return low;
}
