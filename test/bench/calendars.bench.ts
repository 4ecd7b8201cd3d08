import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { createApp } from '../../server/app.ts';
import { createCalendarReader, NO_CALENDARS, type CalendarReader } from '../../server/calendars/busy.ts';
import { busyFromIcs } from '../../server/calendars/ics.ts';
import { createCalendarSync } from '../../server/calendars/sync-worker.ts';
import { buildCatalog } from '../../server/config/catalog.ts';
import { silentLogger } from '../../server/http/log.ts';
import { migrate, openDb, seedLockRows } from '../../server/store/db.ts';
import { createStore } from '../../server/store/store.ts';
import { configFrom } from '../helpers/app.ts';
import { startFeedServer } from '../helpers/feed-server.ts';
import { benchConfig } from './bench-config.ts';

/**
 * Reps' calendars (SPEC §11):
 *
 * 1. Submission latency for a team of 20 reps, each with a 2,000-event ICS feed, against
 *    the same team with no feeds, on SQLite files, in process (`app.request`). Rounds of
 *    100 submissions alternate between the two apps; each figure is the median over
 *    7 rounds of the round's median latency, after 2 warm-up rounds. Assigned (round
 *    robin) and pooled.
 * 2. Sync time per 1,000 events: the 20 feeds read over loopback HTTP, parsed, expanded
 *    and stored (`syncAll`), and parsing and expansion alone; medians of 5.
 * 3. Memory held by the busy reader per 10,000 busy intervals (merged, in the sync window).
 *
 * Each feed: 1,800 one-hour events at random times in the 30 days before and after now,
 * 150 older events, and 50 weekly series of 20 weeks, in the rep's zone, in the style of
 * a Google export (UTC times, TZID on the series). now: Monday 2026-11-23 06:00Z.
 */

const NOW = Date.parse('2026-11-23T06:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const REPS = 20;
const EVENTS = 2_000;
const ROUNDS = 7;
const WARM_UP = 2;
const PER_ROUND = 100;

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** A deterministic stream of numbers in [0, 1), so every run builds the same feeds. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const utc = (instant: number) => new Date(instant).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

export function feedOf(rep: number, zone: string): string {
  const random = seeded(rep + 1);
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Google Inc//Google Calendar 70.9054//EN', `X-WR-TIMEZONE:${zone}`];
  const single = (uid: string, start: number) => lines.push(
    'BEGIN:VEVENT', `DTSTART:${utc(start)}`, `DTEND:${utc(start + HOUR)}`, `DTSTAMP:${utc(NOW)}`, `UID:${uid}@google.com`, 'SUMMARY:Busy', 'END:VEVENT');
  for (let i = 0; i < 1_800; i++) single(`r${rep}-${i}`, NOW - 30 * DAY + Math.floor(random() * 60 * 24 * 4) * 15 * 60_000);
  for (let i = 0; i < 150; i++) single(`old${rep}-${i}`, NOW - 400 * DAY + Math.floor(random() * 300) * DAY);
  for (let i = 0; i < 50; i++) {
    const day = 17 + (i % 5); // Tue..Sat 17-21 Nov 2026, local
    const hour = 8 + Math.floor(random() * 9);
    const local = `202611${String(day)}T${String(hour).padStart(2, '0')}0000`;
    lines.push('BEGIN:VEVENT', `DTSTART;TZID=${zone}:${local}`, `DTEND;TZID=${zone}:${local.slice(0, 9)}${String(hour).padStart(2, '0')}3000`,
      'RRULE:FREQ=WEEKLY;COUNT=20', `DTSTAMP:${utc(NOW)}`, `UID:series${rep}-${i}@google.com`, 'SUMMARY:Weekly', 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return `${lines.join('\r\n')}\r\n`;
}

type App = { request: (i: number) => Promise<void>; reader: CalendarReader; memory: () => Promise<{ held: number; bytes: number }>; close: () => Promise<void> };

export async function appFor(mode: 'assigned' | 'pooled', feeds: ((rep: number) => string) | null, label: string): Promise<App> {
  const config = parse(benchConfig({ reps: REPS, mode, horizonDays: 14, zones: ['Europe/Berlin', 'America/New_York'] })) as { reps: Record<string, unknown>[] };
  if (feeds) config.reps.forEach((rep, i) => { rep.calendars = [{ kind: 'ics', url: feeds(i) }]; });
  const checked = configFrom(stringify(config));
  const dir = mkdtempSync(join(tmpdir(), `usher-bench-cal-${label}-`));
  const db = openDb({ dataDir: dir });
  await migrate(db);
  await seedLockRows(db, checked.reps.map((r) => r.id), Object.keys(checked.teams));
  const store = createStore(db);
  const catalog = buildCatalog(checked);
  const reader = feeds ? createCalendarReader(catalog) : NO_CALENDARS;
  if (feeds) {
    const sync = createCalendarSync({ store, catalog, log: silentLogger, clock: () => NOW, secret: () => undefined });
    await sync.register();
    const results = await sync.syncAll();
    const failed = results.filter((r) => r.outcome.kind === 'failed');
    if (failed.length > 0) throw new Error(`sync failed: ${JSON.stringify(failed[0]!.outcome)}`);
  }
  const app = createApp({ catalog, store, clock: () => NOW, calendars: reader, log: silentLogger, widgetFile: '/dev/null' });
  return {
    reader,
    /**
     * Ten fresh readers each load every rep's intervals and are kept alive: what the
     * process holds afterwards, less before, over the intervals they hold (ten copies, so
     * the figure stands well above the noise of other garbage).
     */
    async memory() {
      const used = () => {
        globalThis.gc?.();
        const m = process.memoryUsage();
        return m.heapUsed + m.arrayBuffers;
      };
      const before = used();
      const readers = Array.from({ length: 10 }, () => createCalendarReader(catalog));
      for (const reader of readers) await reader.read(store, checked.reps.map((r) => r.id), NOW - 3 * DAY, NOW + 24 * DAY, NOW);
      const bytes = used() - before;
      return { held: readers.reduce((sum, r) => sum + r.held(), 0), bytes };
    },
    async request(i) {
      const response = await app.request('/api/forms/demo/submissions', {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ answers: { email: `lead${i}@acme.io`, name: 'Lead' }, timezone: 'Europe/Berlin' }),
      });
      const body = await response.json() as { outcome?: string };
      if (response.status !== 200 || body.outcome !== 'schedule') throw new Error(`submission ${i}: ${response.status} ${JSON.stringify(body)}`);
    },
    close: async () => { await store.destroy(); rmSync(dir, { recursive: true, force: true }); },
  };
}

async function roundLatency(app: App, offset: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < PER_ROUND; i++) {
    const started = performance.now();
    await app.request(offset + i);
    times.push(performance.now() - started);
  }
  return median(times);
}

export default async function run(): Promise<void> {
  const server = await startFeedServer();
  const texts = Array.from({ length: REPS }, (_, i) => feedOf(i, i % 2 ? 'America/New_York' : 'Europe/Berlin'));
  texts.forEach((text, i) => server.set(`/rep${i}.ics`, { body: text, etag: `"rep${i}"` }));
  const url = (i: number) => server.url(`/rep${i}.ics`);
  try {
    console.log(`\n1. Submission latency, ${REPS} reps with a ${EVENTS}-event feed each vs no feeds (median of ${ROUNDS} rounds of ${PER_ROUND})`);
    for (const mode of ['assigned', 'pooled'] as const) {
      const plain = await appFor(mode, null, `${mode}-plain`);
      const withFeeds = await appFor(mode, url, `${mode}-feeds`);
      const a: number[] = [];
      const b: number[] = [];
      for (let round = 0; round < WARM_UP + ROUNDS; round++) {
        const x = await roundLatency(plain, round * PER_ROUND);
        const y = await roundLatency(withFeeds, round * PER_ROUND);
        if (round >= WARM_UP) {
          a.push(x);
          b.push(y);
        }
      }
      const ratios = a.map((x, i) => b[i]! / x);
      console.log(`   ${mode.padEnd(8)} no feeds ${median(a).toFixed(2)} ms · with feeds ${median(b).toFixed(2)} ms · ratio ${median(ratios).toFixed(3)} (rounds ${Math.min(...ratios).toFixed(3)}–${Math.max(...ratios).toFixed(3)})`);
      if (mode === 'pooled') {
        const { held, bytes } = await withFeeds.memory();
        console.log(`\n3. Busy reader: ${held / 10} intervals held for ${REPS} reps (${(held / 10 / REPS).toFixed(0)} each in the sync window, merged)`);
        console.log(`   ${((bytes / held) * 10_000 / 1024).toFixed(0)} KB per 10,000 intervals held (heap and array buffers, ten readers loaded and kept, less before${globalThis.gc ? ', after gc' : '; run with --expose-gc for a settled figure'})`);
      }
      await plain.close();
      await withFeeds.close();
    }

    console.log(`\n2. Sync time per 1,000 events (${REPS} feeds of ${EVENTS} events, median of 5)`);
    const syncs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const app = await (async () => {
        const started = performance.now();
        const made = await appFor('assigned', url, `sync${i}`);
        return { made, ms: performance.now() - started };
      })();
      syncs.push(app.ms);
      await app.made.close();
    }
    const parses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      for (const text of texts) busyFromIcs(text, { from: NOW - 3 * DAY, to: NOW + 24 * DAY, repZone: 'Europe/Berlin', repEmails: [], allDayEvents: 'block' });
      parses.push(performance.now() - started);
    }
    const total = (REPS * EVENTS) / 1000;
    console.log(`   read, parsed, expanded and stored: ${(median(syncs) / total).toFixed(1)} ms per 1,000 events (${median(syncs).toFixed(0)} ms for ${REPS * EVENTS}, app start included)`);
    console.log(`   parsed and expanded alone:        ${(median(parses) / total).toFixed(1)} ms per 1,000 events`);
  } finally {
    await server.close();
  }
}
