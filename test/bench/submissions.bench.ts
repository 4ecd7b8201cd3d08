import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { createApp } from '../../server/app.ts';
import { NO_CALENDARS } from '../../server/calendars/busy.ts';
import { buildCatalog } from '../../server/config/catalog.ts';
import { silentLogger } from '../../server/http/log.ts';
import { migrate, openDb, seedLockRows, type Db } from '../../server/store/db.ts';
import { createStore } from '../../server/store/store.ts';
import { configFrom } from '../helpers/app.ts';
import { benchConfig, type BenchTeam } from './bench-config.ts';
import { openTestDb, postgresAvailable } from '../helpers/db.ts';

/**
 * The submission path over real HTTP: `POST /api/forms/demo/submissions` end to end
 * (answers, enrichment, routing, the reps' bookings read, slots laid, the rotation turn
 * under the team's lock, the lead and its outbox rows written), and `POST /api/bookings`
 * beside it.
 *
 * The app is served with `@hono/node-server` on 127.0.0.1 (port 0), in this process. The
 * load comes from `http-client.mjs` in a child process: keep-alive connections,
 * 8 requests in flight, a fixed number of requests per round, every answer checked
 * (a submission must be a 200 with `outcome: 'schedule'`, a booking a 201). Server CPU
 * per request is this process's `process.cpuUsage()` over the round divided by the
 * requests; the client's CPU is not in it (nor, on PostgreSQL, the database server's).
 * Each figure is the median of 5 rounds after two warm-up rounds; the spread is the
 * lowest and highest round.
 *
 * 1. Throughput beside a Hono hello-world started in the same run, as a share of its
 *    requests/s (each round follows a hello-world round, and the share is the median of
 *    the rounds' shares). The hello-world runs in a process of its own
 *    (`hello-server.mjs`), served the same way and loaded by the same client, so its
 *    garbage is not collected on Usher's time nor Usher's on its time. An assigned round-robin team of 20 reps on a
 *    SQLite file (WAL, the default install) and, when one answers, PostgreSQL. Leads
 *    for the booking rounds are made in process first and not timed; each books a
 *    distinct free start of its own rep.
 * 2. Server CPU per submission on an empty SQLite database and on one holding 10,000
 *    bookings made in the 10 weeks before now (so the reps are still free now), same
 *    team, same requests; the rounds alternate between the two servers.
 * 3. Pooled submissions for teams of 3, 20 and 100 reps (zones Berlin, New York and
 *    Kolkata in turn) with a 14- and a 60-day horizon, each on a fresh SQLite file.
 *
 * Every rep works mon-fri 08:00-18:00 in their zone; meetings are 30 minutes on a
 * 30-minute step, no notice. now: Monday 2026-11-23 06:00Z, running on in real time.
 */

const NOW = Date.parse('2026-11-23T06:00:00Z');
const DAY = 86_400_000;
const CONCURRENCY = 8;
const ROUNDS = 5;
/** Rounds run and thrown away first, so the JIT has settled before anything is timed. */
const WARM_UP_ROUNDS = 2;
const ROUND_TIMEOUT_MS = 60_000;
const HELLO_REQUESTS = 10_000;
const SUBMISSIONS = 400;
/**
 * Section 1's rounds are longer: the server sits idle while the hello-world round runs,
 * and a short round would mostly measure it waking up (the same server costs a third
 * more CPU per request in 400-request rounds after a pause than back to back).
 */
const THROUGHPUT_SUBMISSIONS = 1000;
const THROUGHPUT_BOOKINGS = 300;
const HISTORY_BOOKINGS = 10_000;
const HISTORY_WEEKS = 10;
const CLIENT_FILE = join(import.meta.dirname, 'http-client.mjs');
const HELLO_FILE = join(import.meta.dirname, 'hello-server.mjs');

type Team = BenchTeam;

const ASSIGNED_20: Team = { reps: 20, mode: 'assigned', horizonDays: 14, zones: ['Europe/Berlin'] };
const POOLED_ZONES = ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata'];

// ---- The app under test -------------------------------------------------------------

type Storage = { label: string; open: () => Promise<{ db: Db; close: () => Promise<void> }> };

const sqliteFile: Storage = {
  label: 'SQLite file (WAL)',
  open: async () => {
    const dir = mkdtempSync(join(tmpdir(), 'usher-bench-db-'));
    const db = openDb({ dataDir: dir });
    return { db, close: async () => { await db.destroy(); rmSync(dir, { recursive: true, force: true }); } };
  },
};

const postgres: Storage = { label: 'PostgreSQL', open: () => openTestDb('postgres') };

type Usher = { app: Hono; db: Db; clock: { now: number }; close: () => Promise<void> };

async function openUsher(storage: Storage, team: Team): Promise<Usher> {
  const config = configFrom(benchConfig(team));
  const { db, close } = await storage.open();
  await migrate(db);
  await seedLockRows(db, config.reps.map((r) => r.id), Object.keys(config.teams));
  const clock = { now: NOW };
  // Time runs on from `clock.now` as it does in production, so every submission sees a
  // later instant and the balancing window moves (seconds at most: the slots stay the same).
  const started = performance.now();
  const app = createApp({
    catalog: buildCatalog(config), store: createStore(db), clock: () => clock.now + Math.floor(performance.now() - started),
    calendars: NO_CALENDARS, log: silentLogger, widgetFile: '/dev/null',
  });
  return { app, db, clock, close };
}

type Served = { port: number; close: () => Promise<void> };

async function listen(app: Hono): Promise<Served> {
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    close: () => new Promise<void>((resolve) => {
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      server.close(() => resolve());
    }),
  };
}

// ---- Requests -----------------------------------------------------------------------

let leadNumber = 0;

/** Submission bodies, each with an address never used before in this run. */
function submissionBodies(count: number): string[] {
  return Array.from({ length: count }, () => {
    const n = leadNumber++;
    return JSON.stringify({ answers: { email: `lead${n}@company${n}.com`, name: `Lead ${n}` }, timezone: 'Europe/Berlin' });
  });
}

type Lead = { outcome: string; leadToken: string; slots: { start: string }[]; host: { name: string } | null };

const postJson = (body: string) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body });

async function submitInProcess(usher: Usher, body: string): Promise<Lead> {
  const res = await usher.app.request('/api/forms/demo/submissions', postJson(body));
  const text = await res.text();
  if (res.status !== 200) throw new Error(`submission answered ${res.status}: ${text}`);
  const lead = JSON.parse(text) as Lead;
  if (lead.outcome !== 'schedule') throw new Error(`submission answered outcome ${lead.outcome}: ${text}`);
  return lead;
}

async function bookInProcess(usher: Usher, body: string): Promise<void> {
  const res = await usher.app.request('/api/bookings', postJson(body));
  if (res.status !== 201) throw new Error(`booking answered ${res.status}: ${await res.text()}`);
}

/**
 * `count` new leads of the assigned team (made in process, not timed) and a booking body
 * for each: the next start its rep has not given out yet among the slots it was offered.
 */
async function bookingBodies(usher: Usher, count: number): Promise<string[]> {
  const taken = new Map<string, number>();
  const bodies: string[] = [];
  for (const body of submissionBodies(count)) {
    const lead = await submitInProcess(usher, body);
    const rep = lead.host!.name;
    const index = taken.get(rep) ?? 0;
    taken.set(rep, index + 1);
    const slot = lead.slots[index];
    if (!slot) throw new Error(`${rep} offered only ${lead.slots.length} slots, wanted slot ${index}`);
    bodies.push(JSON.stringify({ leadToken: lead.leadToken, start: slot.start }));
  }
  return bodies;
}

/**
 * Past bookings: on each weekday of the `HISTORY_WEEKS` weeks before now, with now set to
 * that day's 06:00Z, leads come in and each books a slot of its rep on that day, until
 * `total` bookings exist. Then now is put back.
 */
async function seedPastBookings(usher: Usher, total: number): Promise<void> {
  const weekdays = HISTORY_WEEKS * 5;
  const perDay = Math.ceil(total / weekdays);
  let booked = 0;
  const started = performance.now();
  for (let d = 0; d < HISTORY_WEEKS * 7 && booked < total; d++) {
    const day = NOW - HISTORY_WEEKS * 7 * DAY + d * DAY;
    const weekday = new Date(day).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    usher.clock.now = day;
    const bodies = await bookingBodies(usher, Math.min(perDay, total - booked));
    for (const body of bodies) {
      await bookInProcess(usher, body);
      booked++;
      if (booked % 1000 === 0) {
        console.log(`    seeding: ${String(booked).padStart(5)} of ${total} past bookings (${new Date(day).toISOString().slice(0, 10)}, ${((performance.now() - started) / 1000).toFixed(1)} s)`);
      }
    }
  }
  usher.clock.now = NOW;
  const { n } = await usher.db.selectFrom('bookings').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  if (Number(n) !== total) throw new Error(`seeded ${n} bookings, wanted ${total}`);
}

// ---- The load client (a child process) ----------------------------------------------

type Job = { port: number; method: 'GET' | 'POST'; path: string; bodies: string[] | null; count: number; status: number; outcome: string | null };
type Figures = { perSecond: number; cpuMs: number; p50: number; p99: number };
type ClientMessage =
  | { type: 'ready' }
  | { type: 'done'; requests: number; elapsedMs: number; p50: number; p99: number }
  | { type: 'failed'; message: string };

function reply(child: ChildProcess, timeoutMs: number): Promise<ClientMessage> {
  return new Promise((resolve, reject) => {
    const cleanUp = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    const onMessage = (message: unknown) => { cleanUp(); resolve(message as ClientMessage); };
    const onExit = (code: number | null) => { cleanUp(); reject(new Error(`the load client exited (${code})`)); };
    const timer = setTimeout(() => { cleanUp(); reject(new Error(`the load client did not answer in ${timeoutMs} ms`)); }, timeoutMs);
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/** Reads a server process's CPU time so far: this process's, or the hello-world child's. */
type CpuOf = () => Promise<NodeJS.CpuUsage>;
const ownCpu: CpuOf = async () => process.cpuUsage();

type Client = { run: (job: Job, cpuOf?: CpuOf) => Promise<Figures>; close: () => void };

function startClient(): Client {
  const child = fork(CLIENT_FILE, [], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const dir = mkdtempSync(join(tmpdir(), 'usher-bench-load-'));
  let jobs = 0;
  return {
    async run(job, cpuOf = ownCpu) {
      let bodiesFile: string | null = null;
      if (job.bodies !== null) {
        bodiesFile = join(dir, `bodies-${jobs++}.json`);
        writeFileSync(bodiesFile, JSON.stringify(job.bodies));
      }
      const { bodies: _bodies, ...rest } = job;
      child.send({ type: 'load', job: { ...rest, bodiesFile, concurrency: CONCURRENCY, timeoutMs: ROUND_TIMEOUT_MS } });
      const ready = await reply(child, 30_000);
      if (ready.type !== 'ready') throw new Error(`the load client did not get ready: ${JSON.stringify(ready)}`);
      const before = await cpuOf();
      child.send({ type: 'go' });
      const done = await reply(child, ROUND_TIMEOUT_MS + 10_000);
      const after = await cpuOf();
      const cpu = { user: after.user - before.user, system: after.system - before.system };
      if (bodiesFile !== null) rmSync(bodiesFile, { force: true });
      if (done.type === 'failed') throw new Error(done.message);
      if (done.type !== 'done') throw new Error(`unexpected message from the load client: ${JSON.stringify(done)}`);
      return {
        perSecond: done.requests / (done.elapsedMs / 1000),
        cpuMs: (cpu.user + cpu.system) / 1000 / done.requests,
        p50: done.p50, p99: done.p99,
      };
    },
    close() {
      child.disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The hello-world baseline in its own process (hello-server.mjs): its port and its CPU. */
async function startHello(): Promise<{ port: number; cpu: CpuOf; close: () => void }> {
  const child = fork(HELLO_FILE, [], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const listening = await reply(child, 30_000) as unknown as { type: string; port: number };
  if (listening.type !== 'listening') throw new Error(`the hello-world server did not start: ${JSON.stringify(listening)}`);
  return {
    port: listening.port,
    cpu: async () => {
      child.send({ type: 'cpu' });
      return ((await reply(child, 10_000)) as unknown as { usage: NodeJS.CpuUsage }).usage;
    },
    close: () => child.disconnect(),
  };
}

// ---- Rounds and figures -------------------------------------------------------------

type Summary = Figures & { lowPerSecond: number; highPerSecond: number; lowCpuMs: number; highCpuMs: number };

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function summarise(rounds: readonly Figures[]): Summary {
  const of = (key: keyof Figures) => rounds.map((r) => r[key]);
  return {
    perSecond: median(of('perSecond')), cpuMs: median(of('cpuMs')), p50: median(of('p50')), p99: median(of('p99')),
    lowPerSecond: Math.min(...of('perSecond')), highPerSecond: Math.max(...of('perSecond')),
    lowCpuMs: Math.min(...of('cpuMs')), highCpuMs: Math.max(...of('cpuMs')),
  };
}

/** Warm-up rounds, then `ROUNDS` rounds; `round` makes its own (untimed) requests first. */
async function measure(round: () => Promise<Figures>): Promise<Summary> {
  for (let i = 0; i < WARM_UP_ROUNDS; i++) await round();
  const rounds: Figures[] = [];
  for (let i = 0; i < ROUNDS; i++) rounds.push(await round());
  return summarise(rounds);
}

const ms = (value: number) => `${value < 1 ? value.toFixed(3) : value.toFixed(2)} ms`;
const rate = (value: number) => value.toFixed(0).padStart(6);

function row(label: string, s: Summary, share?: number): string {
  const ofHello = share === undefined ? ''.padEnd(15) : `${(100 * share).toFixed(1).padStart(5)}% of hello`;
  const spread = `(${s.lowPerSecond.toFixed(0)}-${s.highPerSecond.toFixed(0)})`.padEnd(13);
  return `  ${label.padEnd(34)} ${rate(s.perSecond)} req/s ${spread} ${ofHello}   server CPU ${ms(s.cpuMs).padStart(8)}/req`
    + `   p50 ${ms(s.p50).padStart(8)}  p99 ${ms(s.p99).padStart(9)}`;
}

// ---- 1. Throughput beside hello-world -----------------------------------------------

/**
 * Rounds of `round`, each right after a hello-world round, so a busy moment on the
 * machine weighs on both; the share is the median over rounds of the round's requests/s
 * over those of the hello-world round before it.
 */
async function beside(helloRound: () => Promise<Figures>, round: () => Promise<Figures>, hellos: Figures[]) {
  for (let i = 0; i < WARM_UP_ROUNDS; i++) {
    await helloRound();
    await round();
  }
  const rounds: Figures[] = [];
  const shares: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const hello = await helloRound();
    const figures = await round();
    hellos.push(hello);
    rounds.push(figures);
    shares.push(figures.perSecond / hello.perSecond);
  }
  return { figures: summarise(rounds), share: median(shares) };
}

async function throughput(client: Client, storages: readonly Storage[]): Promise<void> {
  console.log(`\n1. Throughput beside a Hono hello-world; assigned round-robin team of ${ASSIGNED_20.reps}, horizon ${ASSIGNED_20.horizonDays} days`);
  const helloServer = await startHello();
  const helloRound = () => client.run(
    { port: helloServer.port, method: 'GET', path: '/', bodies: null, count: HELLO_REQUESTS, status: 200, outcome: null },
    helloServer.cpu,
  );
  const hellos: Figures[] = [];
  for (const storage of storages) {
    const usher = await openUsher(storage, ASSIGNED_20);
    const server = await listen(usher.app);
    const submissions = await beside(helloRound, () => client.run({
      port: server.port, method: 'POST', path: '/api/forms/demo/submissions',
      bodies: submissionBodies(THROUGHPUT_SUBMISSIONS), count: THROUGHPUT_SUBMISSIONS, status: 200, outcome: 'schedule',
    }), hellos);
    console.log(row(`${storage.label}, submissions`, submissions.figures, submissions.share));
    const bookings = await beside(helloRound, async () => client.run({
      port: server.port, method: 'POST', path: '/api/bookings',
      bodies: await bookingBodies(usher, THROUGHPUT_BOOKINGS), count: THROUGHPUT_BOOKINGS, status: 201, outcome: null,
    }), hellos);
    console.log(row(`${storage.label}, bookings`, bookings.figures, bookings.share));
    await server.close();
    await usher.close();
  }
  helloServer.close();
  console.log(row('Hono hello-world (all its rounds)', summarise(hellos)));
  console.log(`  (${THROUGHPUT_SUBMISSIONS} submissions, ${THROUGHPUT_BOOKINGS} bookings, ${HELLO_REQUESTS} hello-world requests a round; % of hello: median of`
    + ' round / hello-world round before it; target: at least 3%)');
}

// ---- 2. CPU per submission, empty database and 10,000 bookings ------------------------

async function historyCost(client: Client): Promise<void> {
  console.log(`\n2. Server CPU per submission, empty database and ${HISTORY_BOOKINGS.toLocaleString('en')} past bookings (SQLite file; team as in 1; ${SUBMISSIONS} submissions/round)`);
  const empty = await openUsher(sqliteFile, ASSIGNED_20);
  const seeded = await openUsher(sqliteFile, ASSIGNED_20);
  await seedPastBookings(seeded, HISTORY_BOOKINGS);
  const servers = [await listen(empty.app), await listen(seeded.app)] as const;
  const round = (server: Served) => client.run({
    port: server.port, method: 'POST', path: '/api/forms/demo/submissions',
    bodies: submissionBodies(SUBMISSIONS), count: SUBMISSIONS, status: 200, outcome: 'schedule',
  });
  // Alternating rounds, so a busy moment on the machine falls on both alike.
  await round(servers[0]);
  await round(servers[1]);
  const rounds: [Figures[], Figures[]] = [[], []];
  for (let i = 0; i < ROUNDS; i++) {
    rounds[0].push(await round(servers[0]));
    rounds[1].push(await round(servers[1]));
  }
  const [before, after] = rounds.map(summarise) as [Summary, Summary];
  console.log(row('empty database', before));
  console.log(row(`${HISTORY_BOOKINGS.toLocaleString('en')} past bookings`, after));
  console.log(`  CPU per submission, ${HISTORY_BOOKINGS.toLocaleString('en')} bookings / empty: ${(after.cpuMs / before.cpuMs).toFixed(2)}x  (target: within 1.5x)`);
  for (const server of servers) await server.close();
  await empty.close();
  await seeded.close();
}

// ---- 3. Pooled submissions ----------------------------------------------------------

/** Fewer requests a round for the bigger teams, so each case takes a few seconds. */
const pooledRequests = (reps: number) => (reps <= 3 ? 400 : reps <= 20 ? 200 : 60);

async function pooledCost(client: Client): Promise<void> {
  console.log(`\n3. Pooled submissions, server CPU per submission (SQLite file, fresh for each case; zones ${POOLED_ZONES.join(', ')})`);
  for (const reps of [3, 20, 100]) {
    for (const horizonDays of [14, 60]) {
      const usher = await openUsher(sqliteFile, { reps, mode: 'pooled', horizonDays, zones: POOLED_ZONES });
      const server = await listen(usher.app);
      const count = pooledRequests(reps);
      const figures = await measure(() => client.run({
        port: server.port, method: 'POST', path: '/api/forms/demo/submissions',
        bodies: submissionBodies(count), count, status: 200, outcome: 'schedule',
      }));
      console.log(`  ${String(reps).padStart(3)} reps, ${String(horizonDays).padStart(2)} days: CPU ${ms(figures.cpuMs).padStart(8)}/submission`
        + ` (${ms(figures.lowCpuMs)}-${ms(figures.highCpuMs)}), ${rate(figures.perSecond)} submissions/s, p50 ${ms(figures.p50)}, ${count}/round`);
      await server.close();
      await usher.close();
    }
  }
  console.log('  (target: 100 reps, 60 days under 15 ms)');
}

export default async function submissionsBench() {
  console.log(`Submissions over HTTP on 127.0.0.1, load from a child process; median of ${ROUNDS} rounds after ${WARM_UP_ROUNDS} warm-up rounds (Node ${process.version})`);
  const storages = [sqliteFile];
  if (await postgresAvailable()) storages.push(postgres);
  else console.log('PostgreSQL: not reachable on 127.0.0.1:5432, skipped');
  const client = startClient();
  try {
    await throughput(client, storages);
    await historyCost(client);
    await pooledCost(client);
  } finally {
    client.close();
  }
}
