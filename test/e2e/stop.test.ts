import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/app.ts';
import { databaseForServers, postgresAvailable, type DbKind } from '../helpers/db.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { testConfigWith } from '../server/booking/fixtures.ts';

// Reps who work around the clock, so the real clock of the child process always finds slots.
const CONFIG = testConfigWith((config) => {
  for (const rep of config.reps as { workingHours: unknown }[]) rep.workingHours = { 'mon-sun': ['00:00-24:00'] };
});

const BOOKINGS = 100;

const kinds: DbKind[] = (await postgresAvailable()) ? ['sqlite', 'postgres'] : ['sqlite'];

function sqliteBookingIds(file: string): string[] {
  const db = new SQLite(file, { readonly: true });
  try {
    return (db.prepare(`select id from bookings where status = 'confirmed'`).all() as { id: string }[]).map((r) => r.id);
  } finally {
    db.close();
  }
}

type Answer = { status: number; body: { bookingId?: string; error?: string } };

/** One request over `agent`; a connection error is status 0, with its code. */
function send(agent: Agent, base: string, method: string, path: string, body?: unknown): Promise<Answer> {
  return new Promise((resolve) => {
    const req = request(`${base}${path}`, { method, agent, headers: body === undefined ? {} : { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => { text += chunk; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text.startsWith('{') ? JSON.parse(text) as Answer['body'] : {} }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ status: 0, body: { error: error.code ?? error.message } }));
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

describe('stopping usher serve', () => {
  const servers: RunningServer[] = [];
  afterAll(async () => { await Promise.all(servers.filter((s) => s.process.exitCode === null && s.process.signalCode === null).map((s) => s.stop())); });

  it.each(kinds)('finishes every request in flight on SIGTERM before closing the database (%s), and exits 0', async (kind) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'usher-stop-'));
    const configFile = join(dataDir, 'usher.config.yaml');
    writeFileSync(configFile, CONFIG);
    const database = kind === 'postgres' ? await databaseForServers('usher_stop') : null;
    // Load shedding off: this is about stopping, and a burst of 100 would be shed in part.
    const server = await startServer({ config: configFile, env: { USHER_DATA_DIR: dataDir, SMTP_URL: '', DATABASE_URL: database?.url ?? '', USHER_MAX_IN_FLIGHT: '0' } });
    servers.push(server);
    const post = (path: string, body: unknown) =>
      fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const leads: { leadToken: string; slots: { start: string }[] }[] = [];
    for (let i = 0; i < BOOKINGS; i++) {
      const res = await post('/api/forms/demo/submissions', {
        answers: { email: `stop${i}@acme${i}.io`, name: `Stop ${i}`, size: '11-50', country: 'DE' }, timezone: 'Europe/Berlin',
      });
      leads.push(await res.json());
    }
    const exited = new Promise<number | null>((resolve) => server.process.once('exit', (code) => resolve(code)));

    // One kept-alive connection per booking, opened before (as a load balancer keeps
    // them): the requests are on the wire when the signal comes.
    const agent = new Agent({ keepAlive: true, maxSockets: BOOKINGS });
    await Promise.all(leads.map(() => send(agent, server.url, 'GET', '/health')));
    // Every lead books at once; SIGTERM arrives with the first answer, the rest in flight.
    let signalled = false;
    const answers = await Promise.all(leads.map((lead, i) => send(agent, server.url, 'POST', '/api/bookings', { leadToken: lead.leadToken, start: lead.slots[i % lead.slots.length]!.start })
      .then((answer) => {
        if (!signalled) {
          signalled = true;
          server.process.kill('SIGTERM');
        }
        return answer;
      })));
    agent.destroy();
    expect(await exited).toBe(0);

    // No reset, no 5xx: each answer is a booking or a plain refusal (a slot another lead took).
    expect(answers.filter((a) => a.status === 0 || a.status >= 500)).toEqual([]);
    const booked = answers.filter((a) => a.status === 201).map((a) => a.body.bookingId!);
    expect(booked.length).toBeGreaterThan(1);
    const stored = new Set(database ? (await database.rows<{ id: string }>(`select id from bookings where status = 'confirmed'`)).map((r) => r.id) : sqliteBookingIds(join(dataDir, 'usher.db')));
    for (const id of booked) expect(stored.has(id)).toBe(true);
    await database?.drop();
    expect(server.output()).toContain('"msg":"stopped"');
  }, 120_000);

  it('says in one line that the port is taken, before it opens the database or starts anything', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, resolve));
    const { port } = taken.address() as { port: number };
    const dataDir = mkdtempSync(join(tmpdir(), 'usher-port-'));
    try {
      const child = spawn(process.execPath, [join(ROOT, 'bin', 'usher.mjs'), 'serve'], {
        cwd: ROOT, env: { ...process.env, PORT: String(port), USHER_DATA_DIR: dataDir, DATABASE_URL: '' }, stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => { stdout += chunk; });
      child.stderr.on('data', (chunk) => { stderr += chunk; });
      const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
      expect(code).toBe(1);
      expect(stderr).toBe(`usher: port ${port} is already in use; stop what is using it or set PORT to another one\n`);
      expect(stdout).toBe('');
      expect(existsSync(join(dataDir, 'usher.db'))).toBe(false);
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  }, 60_000);
});
