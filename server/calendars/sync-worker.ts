import type { CalendarSourceRecord } from '../../shared/records.ts';
import type { Catalog } from '../config/catalog.ts';
import { recordSync, type SyncOutcome } from '../flows/calendar-sync.ts';
import type { Logger } from '../http/log.ts';
import type { Store } from '../store/store.ts';
import { readSource } from './read-source.ts';
import type { ConfiguredSource } from './sources.ts';

export type CalendarSyncOptions = {
  store: Store;
  catalog: Catalog;
  log: Logger;
  clock: () => number;
  /** Reads a password by its environment variable name (config `passwordEnv`). */
  secret: (name: string) => string | undefined;
  fetch?: typeof fetch;
  /** A sync's read of one source gives up after this long. */
  timeoutMs?: number;
  /** Sources read at once. */
  concurrency?: number;
  /** How often the worker looks for due sources. */
  pollMs?: number;
};

export type SyncResult = { source: ConfiguredSource; outcome: SyncOutcome; record: CalendarSourceRecord; ms: number };

export type CalendarSync = {
  /** Registers the configured sources; run once before anything reads them. */
  register(): Promise<void>;
  /** Reads every source that is due (`all`: every one) and not held by another instance. */
  syncDue(all?: boolean): Promise<SyncResult[]>;
  /** Reads every source now, due or not (`usher check --calendars`, tests). */
  syncAll(onResult?: (result: SyncResult) => void): Promise<SyncResult[]>;
  /**
   * Reads these reps' sources now, for a booking about to be made; gives up after
   * `timeoutMs`, and then the stored busy times stand. Only a successful read is
   * recorded: a live check cut short says nothing about the source's health.
   */
  liveCheck(repIds: readonly string[], timeoutMs: number): Promise<void>;
  start(): void;
  stop(): Promise<void>;
};

export const CALENDAR_SYNC_DEFAULTS = { timeoutMs: 15_000, concurrency: 4, pollMs: 15_000, leaseMs: 120_000 } as const;

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The calendar sync worker of `usher serve` (SPEC §11): reads each source at start and
 * every `calendarSync.refreshMinutes`, with conditional requests, and stores what it
 * found for every instance to read. Sources are claimed with a lease in the database,
 * so instances share the work instead of repeating it.
 */
export function createCalendarSync(options: CalendarSyncOptions): CalendarSync {
  const { store, catalog, log, clock } = options;
  const timeoutMs = options.timeoutMs ?? CALENDAR_SYNC_DEFAULTS.timeoutMs;
  const concurrency = options.concurrency ?? CALENDAR_SYNC_DEFAULTS.concurrency;
  const pollMs = options.pollMs ?? CALENDAR_SYNC_DEFAULTS.pollMs;
  const sources = [...catalog.calendarSources.values()].flat();
  const byId = new Map(sources.map((s) => [s.id, s]));

  async function readOne(source: ConfiguredSource, limitMs: number): Promise<{ outcome: SyncOutcome; ms: number; startedAt: number }> {
    const started = performance.now();
    const startedAt = clock();
    const [previous] = await store.calendars.list([source.id]);
    try {
      const read = await readSource(source, previous, { config: catalog.config, now: startedAt, timeoutMs: limitMs, secret: options.secret, fetch: options.fetch });
      return { outcome: read, ms: performance.now() - started, startedAt };
    } catch (error) {
      return { outcome: { kind: 'failed', error: message(error) }, ms: performance.now() - started, startedAt };
    }
  }

  async function syncOne(source: ConfiguredSource, leased: boolean): Promise<SyncResult> {
    const { outcome, ms, startedAt } = await readOne(source, timeoutMs);
    const record = await recordSync({ store, catalog }, source, outcome, { startedAt, leased }, clock());
    const fields = { rep: source.repId, source: source.label, kind: source.config.kind, ms: Math.round(ms) };
    if (outcome.kind === 'failed') log.error('calendar sync failed', { ...fields, error: outcome.error });
    else if (outcome.kind === 'busy') log.info('calendar synced', { ...fields, busy: outcome.busy.length });
    return { source, outcome, record, ms };
  }

  async function inBatches(list: readonly ConfiguredSource[], leased: boolean, onResult?: (result: SyncResult) => void): Promise<SyncResult[]> {
    const results: SyncResult[] = [];
    let next = 0;
    const lane = async () => {
      while (next < list.length) {
        const result = await syncOne(list[next++]!, leased);
        results.push(result);
        onResult?.(result);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, list.length) }, lane));
    return results;
  }

  const live = new Map<string, Promise<void>>();
  let running = false;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;

  const api: CalendarSync = {
    register: () => store.calendars.ensure(sources.map((s) => ({ id: s.id, repId: s.repId, kind: s.config.kind })), clock()),
    async syncDue(all = false) {
      const now = clock();
      const ids = await store.calendars.claimDue({
        ids: [...byId.keys()], now, leaseMs: CALENDAR_SYNC_DEFAULTS.leaseMs, limit: byId.size, ...(all ? { dueBy: Number.MAX_SAFE_INTEGER } : {}),
      });
      return inBatches(ids.map((id) => byId.get(id)!), true);
    },
    syncAll: (onResult) => inBatches(sources, false, onResult),
    async liveCheck(repIds, limitMs) {
      const mine = repIds.flatMap((id) => catalog.calendarSources.get(id) ?? []);
      await Promise.all(mine.map((source) => {
        // Bookings that come in together for one rep share one read of each calendar.
        const running = live.get(source.id);
        if (running) return running;
        const check = (async () => {
          const { outcome, startedAt } = await readOne(source, limitMs);
          if (outcome.kind !== 'failed') await recordSync({ store, catalog }, source, outcome, { startedAt, leased: false }, clock());
        })().finally(() => live.delete(source.id));
        live.set(source.id, check);
        return check;
      }));
    },
    start() {
      if (running || sources.length === 0) return;
      running = true;
      loop = (async () => {
        // At start every source is read, due or not: the config may have changed since.
        let first = true;
        while (running) {
          try {
            await api.syncDue(first);
            first = false;
          } catch (error) {
            // The database may be briefly unavailable; the next round tries again.
            log.error('calendar sync round failed', { error: message(error) });
          }
          if (!running) break;
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, pollMs);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          wake = null;
        }
      })();
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
      loop = null;
    },
  };
  return api;
}
