import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { testConfigWith } from '../server/booking/fixtures.ts';

/**
 * `kill -9` in the middle of a burst of bookings, then a restart on the same data dir:
 * every booking that was answered 201 is there, and every invite the bookings queued is
 * delivered after the restart, each exactly once (.eml files are named after the message).
 */

// Reps who work around the clock, so the real clock of the child process always finds slots.
const CONFIG = testConfigWith((config) => {
  for (const rep of config.reps as { workingHours: unknown }[]) rep.workingHours = { 'mon-sun': ['00:00-24:00'] };
});

const LEADS = 60;
const KILL_AFTER = 15;

describe('crash safety', () => {
  const servers: RunningServer[] = [];
  // A killed process has exited already; only the ones still running need stopping.
  afterAll(async () => { await Promise.all(servers.filter((s) => s.process.exitCode === null && s.process.signalCode === null).map((s) => s.stop())); });

  it('keeps every answered booking and delivers every queued invite once after a kill -9', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'usher-crash-'));
    const configFile = join(dataDir, 'usher.config.yaml');
    writeFileSync(configFile, CONFIG);
    // A short lease, so jobs the killed process held are taken back within the test.
    const env = { USHER_DATA_DIR: dataDir, USHER_OUTBOX_LEASE_SECONDS: '2', SMTP_URL: '', DATABASE_URL: '' };
    const first = await startServer({ config: configFile, env });
    servers.push(first);

    const post = (url: string, path: string, body: unknown) =>
      fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const leads: { leadToken: string; slots: { start: string }[] }[] = [];
    for (let i = 0; i < LEADS; i++) {
      const res = await post(first.url, '/api/forms/demo/submissions', {
        answers: { email: `crash${i}@acme${i}.io`, name: `Crash ${i}`, size: '11-50', country: 'DE' }, timezone: 'Europe/Berlin',
      });
      const body = await res.json();
      expect(body.outcome).toBe('schedule');
      leads.push(body);
    }

    // The burst: every lead books at once; the process dies after the 15th answer.
    const booked: string[] = [];
    let answered = 0;
    const burst = leads.map((lead, i) => post(first.url, '/api/bookings', { leadToken: lead.leadToken, start: lead.slots[i % lead.slots.length]!.start })
      .then(async (res) => {
        answered++;
        if (res.status === 201) booked.push((await res.json()).bookingId);
        if (answered === KILL_AFTER) first.process.kill('SIGKILL');
      }, () => undefined));
    await Promise.all(burst);
    await new Promise<void>((resolve) => (first.process.exitCode !== null || first.process.signalCode !== null ? resolve() : first.process.once('exit', () => resolve())));
    expect(first.process.signalCode).toBe('SIGKILL');
    expect(booked.length).toBeGreaterThan(0);
    expect(answered).toBeLessThan(LEADS);

    const second = await startServer({ config: configFile, env });
    servers.push(second);
    const db = new SQLite(join(dataDir, 'usher.db'), { readonly: true });
    try {
      const pending = () => (db.prepare(`select count(*) as n from outbox where status <> 'done'`).get() as { n: number }).n;
      const deadline = Date.now() + 30_000;
      while (pending() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
      expect(pending()).toBe(0);

      const bookings = (db.prepare(`select id from bookings where status = 'confirmed'`).all() as { id: string }[]).map((r) => r.id);
      // Every 201 is a booking that exists (more may exist: committed, but killed before the answer went out).
      for (const id of booked) expect(bookings).toContain(id);
      const jobs = db.prepare('select booking_id, kind, status from outbox').all() as { booking_id: string; kind: string; status: string }[];
      expect(jobs).toHaveLength(2 * bookings.length);

      await second.stop();
      const files = readdirSync(join(dataDir, 'outbox')).filter((name) => name.endsWith('.eml'));
      expect(files).toHaveLength(2 * bookings.length);
      for (const id of bookings) {
        expect(files.filter((name) => name.includes(`-${id}-0-rep.eml`))).toHaveLength(1);
        expect(files.filter((name) => name.includes(`-${id}-0-prospect.eml`))).toHaveLength(1);
      }
      // One message per job: as many distinct Message-IDs as files, each a job's.
      const messageIds = files.map((name) => /^Message-ID: <([0-9a-f-]{36})@usher\.test>$/m.exec(readFileSync(join(dataDir, 'outbox', name), 'utf8'))?.[1]);
      expect(new Set(messageIds).size).toBe(files.length);
      const jobIds = new Set((db.prepare('select id from outbox').all() as { id: string }[]).map((r) => r.id));
      for (const id of messageIds) expect(jobIds.has(id!)).toBe(true);
    } finally {
      db.close();
    }
  }, 120_000);
});
