import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { createApp } from '../../server/app.ts';
import { NO_CALENDARS } from '../../server/calendars/busy.ts';
import { buildCatalog } from '../../server/config/catalog.ts';
import { createMailer } from '../../server/delivery/mail.ts';
import { createOutboxWorker } from '../../server/delivery/outbox.ts';
import { silentLogger } from '../../server/http/log.ts';
import { migrate, openDb, seedLockRows, type Db } from '../../server/store/db.ts';
import { createStore } from '../../server/store/store.ts';
import { configFrom } from '../helpers/app.ts';
import { benchConfig } from './bench-config.ts';
import { openTestDb, postgresAvailable } from '../helpers/db.ts';

/**
 * Bookings per second through the HTTP API: `POST /api/bookings` end to end (lead
 * lookup, locks, slot re-check, rep choice, booking row, two outbox rows, commit).
 *
 * Two ways in: the app in process (`app.request`, no sockets) and a real HTTP server on
 * 127.0.0.1 driven by concurrent `fetch` clients. Storage is a SQLite file (WAL, the
 * default install) and, when one answers on 127.0.0.1:5432, PostgreSQL. The leads are
 * made first and not timed. Every booking is for a distinct free slot, so each answer
 * is a 201 and every one is checked. now: Monday 2026-11-23 06:00Z.
 */

const NOW = Date.parse('2026-11-23T06:00:00Z');
const REPS = 20;
const BOOKINGS = 600;
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);

// One zone for all, so each pooled start has every rep free and every booking is a 201.
const benchConfigOf = (mode: 'assigned' | 'pooled') => benchConfig({ reps: REPS, mode, horizonDays: 14, zones: ['Europe/Berlin'] });

type Request = { leadToken: string; start: string };

async function setUp(db: Db, mode: 'assigned' | 'pooled') {
  const config = configFrom(benchConfigOf(mode));
  await migrate(db);
  await seedLockRows(db, config.reps.map((r) => r.id), Object.keys(config.teams));
  const dataDir = mkdtempSync(join(tmpdir(), 'usher-bench-'));
  const app = createApp({
    catalog: buildCatalog(config), store: createStore(db), clock: () => NOW, calendars: NO_CALENDARS, log: silentLogger, widgetFile: '/dev/null',
  });
  // Leads first (untimed). Each takes the next unused slot of the slots it was offered:
  // in assigned mode its own rep's, in pooled mode the union (one rep per lead and start).
  const used = new Map<string, number>();
  const requests: Request[] = [];
  for (let i = 0; i < BOOKINGS; i++) {
    const res = await app.request('/api/forms/demo/submissions', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ answers: { email: `lead${i}@company${i}.com`, name: `Lead ${i}` }, timezone: 'Europe/Berlin' }),
    });
    const lead = await res.json() as { outcome: string; leadToken: string; slots: { start: string }[]; host: { name: string } | null };
    if (lead.outcome !== 'schedule') throw new Error(`lead ${i} was not scheduled`);
    const key = mode === 'pooled' ? 'pool' : lead.host!.name;
    const taken = used.get(key) ?? 0;
    used.set(key, taken + 1);
    const index = mode === 'pooled' ? Math.floor(taken / REPS) : taken;
    requests.push({ leadToken: lead.leadToken, start: lead.slots[index]!.start });
  }
  return { app, requests, dataDir, db };
}

async function timed(requests: readonly Request[], concurrency: number, send: (r: Request) => Promise<Response>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < requests.length) {
      const request = requests[next++]!;
      const t0 = performance.now();
      const res = await send(request);
      latencies.push(performance.now() - t0);
      if (res.status !== 201) throw new Error(`booking answered ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!.toFixed(1);
  return `${(requests.length / seconds).toFixed(0).padStart(5)} bookings/s  (${requests.length} in ${seconds.toFixed(2)} s, p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms)`;
}

const post = (request: Request) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) });

async function run(label: string, open: () => Promise<{ db: Db; close: () => Promise<void> }>) {
  console.log(`\n${label}`);
  for (const mode of ['assigned', 'pooled'] as const) {
    for (const way of ['in process', 'over HTTP'] as const) {
      const { db, close } = await open();
      const { app, requests, dataDir } = await setUp(db, mode);
      let figure: string;
      if (way === 'in process') {
        figure = await timed(requests, 1, (r) => Promise.resolve(app.request('/api/bookings', post(r))));
      } else {
        const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
        await new Promise((resolve) => server.once('listening', resolve));
        const { port } = server.address() as AddressInfo;
        figure = await timed(requests, CLIENTS, (r) => fetch(`http://127.0.0.1:${port}/api/bookings`, post(r)));
        await new Promise((resolve) => server.close(resolve));
      }
      const what = way === 'in process' ? 'app.request, 1 at a time       ' : `HTTP 127.0.0.1, ${CLIENTS} clients       `;
      console.log(`  ${mode.padEnd(8)} team of ${REPS}, ${what} ${figure}`);
      if (mode === 'assigned' && way === 'in process') {
        // The other half of a booking's cost: its two invites, rendered by the worker, written as .eml files.
        const worker = createOutboxWorker({ store: createStore(db), mailer: createMailer({ dataDir }), log: silentLogger, clock: () => NOW, secret: () => undefined, batchSize: 32 });
        const t0 = performance.now();
        const { sent } = await worker.drain();
        const seconds = (performance.now() - t0) / 1000;
        console.log(`  outbox worker, .eml files:                           ${(sent / seconds).toFixed(0).padStart(5)} emails/s    (${sent} in ${seconds.toFixed(2)} s)`);
      }
      await close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
}

export default async function bookingsBench() {
  console.log(`POST /api/bookings, ${BOOKINGS} bookings per run, every one a 201 (Node ${process.version})`);
  await run('SQLite file (WAL, synchronous=NORMAL)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'usher-bench-db-'));
    const db = openDb({ dataDir: dir });
    return { db, close: async () => { await db.destroy(); rmSync(dir, { recursive: true, force: true }); } };
  });
  if (await postgresAvailable()) await run('PostgreSQL on 127.0.0.1 (pool of 10)', () => openTestDb('postgres'));
  else console.log('\nPostgreSQL: not reachable on 127.0.0.1:5432, skipped');
}
