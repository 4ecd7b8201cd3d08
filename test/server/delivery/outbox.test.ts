import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMailer } from '../../../server/delivery/mail.ts';
import { createOutboxWorker, deliveryTarget, OUTBOX_DEFAULTS, retryDelay } from '../../../server/delivery/outbox.ts';
import { silentLogger } from '../../../server/http/log.ts';
import type { NewOutboxJob } from '../../../shared/records.ts';
import { migrate } from '../../../server/store/db.ts';
import { createStore, type Store } from '../../../server/store/store.ts';
import { openTestDb, postgresAvailable, type DbKind } from '../../helpers/db.ts';

const T0 = Date.parse('2026-11-23T06:00:00Z');
const kinds: DbKind[] = (await postgresAvailable()) ? ['sqlite', 'postgres'] : ['sqlite'];

const closers: (() => Promise<void>)[] = [];
afterEach(async () => { await Promise.all(closers.splice(0).map((close) => close())); });

async function database(kind: DbKind): Promise<Store> {
  const { db, close } = await openTestDb(kind);
  closers.push(close);
  await migrate(db);
  return createStore(db);
}

function mailJob(n: number): NewOutboxJob {
  const id = randomUUID();
  return {
    id, kind: 'email', event: 'booking.created', bookingId: `booking-${n}`, runAt: T0, createdAt: T0,
    payload: JSON.stringify({ mail: { key: `booking-${n}-0-rep`, from: 'a@usher.test', to: 'rep@test.co', subject: `Mail ${n}`, text: 'hi', html: '<p>hi</p>', messageId: `<${id}@usher.test>`, date: T0 } }),
  };
}

const emlFiles = (dataDir: string) => {
  try {
    return readdirSync(join(dataDir, 'outbox')).filter((name) => name.endsWith('.eml'));
  } catch {
    return [];
  }
};

describe('retryDelay', () => {
  const backoff = { baseMs: 10_000, maxMs: 160_000 };
  it('doubles from the base, keeps half of each step fixed and jitters the other half', () => {
    expect([1, 2, 3, 4].map((n) => retryDelay(n, backoff, () => 0))).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect([1, 2, 3, 4].map((n) => retryDelay(n, backoff, () => 0.999999))).toEqual([10_000, 20_000, 40_000, 80_000]);
  });
  it('stops growing at the cap', () => {
    expect(retryDelay(30, backoff, () => 0.999999)).toBe(160_000);
    expect(retryDelay(1000, backoff, () => 0)).toBe(80_000);
  });
});

describe.each(kinds)('the outbox on %s', (kind) => {
  it('does not hand a job a live worker holds to a second worker, but takes it back once the lease ends', async () => {
    const db = await database(kind);
    await db.outbox.enqueue([mailJob(1)]);
    const first = await db.outbox.claimDue({ now: T0, leaseMs: 60_000, limit: 10, leaseToken: 'worker-a' });
    expect(first).toHaveLength(1);
    expect(await db.outbox.claimDue({ now: T0 + 59_999, leaseMs: 60_000, limit: 10, leaseToken: 'worker-b' })).toEqual([]);

    // Worker A went quiet (crashed): after its lease, B takes the job.
    const second = await db.outbox.claimDue({ now: T0 + 60_000, leaseMs: 60_000, limit: 10, leaseToken: 'worker-b' });
    expect(second.map((j) => [j.id, j.attempts])).toEqual([[first[0]!.id, 2]]);
    // A waking up late cannot settle what it no longer holds; B can.
    expect(await db.outbox.complete(first[0]!, T0 + 61_000)).toBe(false);
    expect(await db.outbox.complete(second[0]!, T0 + 61_000)).toBe(true);
    expect((await db.outbox.list())[0]).toMatchObject({ status: 'done', attempts: 2, doneAt: T0 + 61_000 });
  });

  it('gives concurrent claimers disjoint jobs', async () => {
    const db = await database(kind);
    await db.outbox.enqueue(Array.from({ length: 40 }, (_, n) => mailJob(n)));
    const claims = await Promise.all(Array.from({ length: 6 }, (_, n) =>
      db.outbox.claimDue({ now: T0, leaseMs: 60_000, limit: 10, leaseToken: `worker-${n}` })));
    const ids = claims.flat().map((j) => j.id);
    expect(ids).toHaveLength(40);
    expect(new Set(ids).size).toBe(40);
  });

  it('still sends a message queued before invites were rendered at send time, with the invite it holds', async () => {
    const db = await database(kind);
    const dataDir = mkdtempSync(join(tmpdir(), 'usher-outbox-'));
    const old = mailJob(7);
    const payload = JSON.parse(old.payload) as { mail: Record<string, unknown> };
    payload.mail.ics = { method: 'REQUEST', content: 'BEGIN:VCALENDAR\r\nUID:kept-from-before\r\nEND:VCALENDAR\r\n' };
    await db.outbox.enqueue([{ ...old, payload: JSON.stringify(payload) }]);
    const worker = createOutboxWorker({ store: db, mailer: createMailer({ dataDir }), log: silentLogger, clock: () => T0, secret: () => undefined });
    expect(await worker.drain()).toMatchObject({ sent: 1 });
    const [file] = emlFiles(dataDir);
    expect(readFileSync(join(dataDir, 'outbox', file!), 'utf8')).toContain('UID:kept-from-before');
  });

  it('resumes after a crash: a new worker delivers what an old one claimed and never finished', async () => {
    const db = await database(kind);
    const dataDir = mkdtempSync(join(tmpdir(), 'usher-outbox-'));
    await db.outbox.enqueue(Array.from({ length: 5 }, (_, n) => mailJob(n)));
    // The first worker claims everything and dies before sending.
    await db.outbox.claimDue({ now: T0, leaseMs: 120_000, limit: 10, leaseToken: 'dead-worker' });
    const restarted = createOutboxWorker({
      store: db, mailer: createMailer({ dataDir }), log: silentLogger, clock: () => T0 + 120_000, secret: () => undefined,
    });
    expect(await restarted.drain()).toMatchObject({ claimed: 5, sent: 5 });
    expect(emlFiles(dataDir)).toHaveLength(5);
    expect((await db.outbox.list()).every((j) => j.status === 'done')).toBe(true);
  });

  it('delivers at once when a commit queued a job, and stops cleanly', async () => {
    const db = await database(kind);
    const dataDir = mkdtempSync(join(tmpdir(), 'usher-outbox-'));
    const worker = createOutboxWorker({
      store: db, mailer: createMailer({ dataDir }), log: silentLogger, clock: Date.now, secret: () => undefined, pollMs: 60_000,
    });
    worker.start();
    try {
      // Let the first (empty) round finish, so only the wake-up can find the job.
      await new Promise((resolve) => setTimeout(resolve, 200));
      // A write outside a transaction commits at once, and wakes the worker then.
      await db.outbox.enqueue([{ ...mailJob(1), runAt: Date.now() }]);
      const deadline = Date.now() + 5_000;
      while (emlFiles(dataDir).length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(emlFiles(dataDir)).toHaveLength(1);
    } finally {
      await worker.stop();
    }
  });
});

/** An HTTP server that takes every request and never answers: a webhook endpoint that hangs. */
async function hangingEndpoint(): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
  const { createServer } = await import('node:http');
  let count = 0;
  const server = createServer(() => { count++; });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests: () => count,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

describe.each(kinds)('delivery isolation on %s', (kind) => {
  it('sends an invite at once while a webhook endpoint hangs with a backlog queued before it', async () => {
    const db = await database(kind);
    const hook = await hangingEndpoint();
    closers.push(hook.close);
    const hookJob = (n: number): NewOutboxJob => ({
      id: randomUUID(), kind: 'webhook', target: deliveryTarget.webhook(hook.url), event: 'lead.routed', bookingId: null, runAt: T0 - 1_000, createdAt: T0,
      payload: JSON.stringify({ url: hook.url, secretEnv: 'HOOK_SECRET', eventId: `evt_${n}`, event: 'lead.routed', body: '{}' }),
    });
    // Ten webhook deliveries, due before the invite: a batch-at-a-time worker would take
    // eight of them first and wait for them all.
    await db.outbox.enqueue([...Array.from({ length: 10 }, (_, n) => hookJob(n)), { ...mailJob(1), target: deliveryTarget.mail }]);
    const dataDir = mkdtempSync(join(tmpdir(), 'usher-isolation-'));
    const worker = createOutboxWorker({ store: db, mailer: createMailer({ dataDir }), log: silentLogger, clock: () => T0, secret: () => 'hook-secret' });
    worker.start();
    try {
      await expect.poll(() => emlFiles(dataDir).length, { timeout: 8_000, interval: 20 }).toBe(1);
      // Sent while every webhook delivery is still hanging (each may take 10 s): none
      // has been given up yet, so the invite waited for none of them.
      const hooks = (await db.outbox.list()).filter((job) => job.kind === 'webhook');
      expect(hooks.filter((job) => job.lastError !== null || job.status !== 'pending')).toEqual([]);
      expect((await db.outbox.list({ status: 'done' })).map((job) => job.kind)).toEqual(['email']);
      // The hanging endpoint holds only its own share of the worker.
      expect(hook.requests()).toBe(OUTBOX_DEFAULTS.perTarget);
    } finally {
      await hook.close();
      await worker.stop();
    }
  });
});
