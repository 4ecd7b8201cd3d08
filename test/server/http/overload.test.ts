import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openDb } from '../../../server/store/db.ts';
import { createStore } from '../../../server/store/store.ts';
import { createTestApp, validAnswers, type TestApp } from '../../helpers/app.ts';
import { MONDAY_0600Z } from '../../fixtures/test-config.ts';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('overload', () => {
  it('answers 503 overloaded with Retry-After beyond the requests in flight it admits, writes nothing for those, and serves the rest', async () => {
    t = await createTestApp({ now: MONDAY_0600Z, maxInFlight: 2 });
    const submit = (i: number) => t!.post('/api/forms/demo/submissions', { answers: validAnswers({ email: `jo${i}@acme.io` }), timezone: 'Europe/Berlin' });
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => submit(i)));
    const refused = answers.filter((r) => r.status === 503);
    const served = answers.filter((r) => r.status === 200);
    expect(refused.length).toBeGreaterThan(0);
    expect(served.length).toBeGreaterThanOrEqual(2);
    expect(refused.length + served.length).toBe(12);
    for (const r of refused) {
      expect(r.headers.get('retry-after')).toBe('1');
      expect((await r.json() as { error: { code: string } }).error.code).toBe('overloaded');
    }
    expect(await t.store.leads.count()).toBe(served.length);
    // Once the burst is over, requests are admitted again.
    expect((await submit(99)).status).toBe(200);
  });

  it('starts no more than its share of requests in one turn of the event loop, the rest in the turns after', async () => {
    const { Hono } = await import('hono');
    const { inFlightLimit } = await import('../../../server/http/in-flight.ts');
    const app = new Hono();
    app.use(inFlightLimit({ max: 100, perTurn: 3 }));
    let turn = 0;
    const tick = () => {
      turn++;
      if (turn < 20) setImmediate(tick);
    };
    const startedIn: number[] = [];
    app.get('/work', (c) => {
      startedIn.push(turn);
      return c.text('done');
    });
    setImmediate(tick);
    const answers = await Promise.all(Array.from({ length: 7 }, () => app.request('/work')));
    expect(answers.map((r) => r.status)).toEqual(Array(7).fill(200));
    // Three in the first turn, three in the next, one after.
    expect(startedIn.slice(0, 3).every((n) => n === startedIn[0])).toBe(true);
    expect(startedIn[3]).toBeGreaterThan(startedIn[2]!);
    expect(startedIn[6]).toBeGreaterThan(startedIn[5]!);
  });

  it('never refuses the health check, however full it is', async () => {
    t = await createTestApp({ now: MONDAY_0600Z, maxInFlight: 1 });
    const burst = Array.from({ length: 6 }, (_, i) => t!.post('/api/forms/demo/submissions', { answers: validAnswers({ email: `h${i}@acme.io` }), timezone: 'Europe/Berlin' }));
    const health = await t.app.request('/health');
    expect(health.status).toBe(200);
    expect((await Promise.all(burst)).some((r) => r.status === 503)).toBe(true);
  });

  it('checks a SQLite file on a connection of its own, so the health check does not wait behind a long transaction', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'usher-probe-'));
    const db = openDb({ dataDir: dir });
    await migrate(db);
    const store = createStore(db);
    let release!: () => void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    const transaction = store.atomically({}, async (tx) => {
      await tx.leads.count();
      await held;
    });
    const ping = store.ping().then(() => 'answered');
    const waited = await Promise.race([ping, new Promise((resolve) => setTimeout(() => resolve('still waiting'), 1_000))]);
    release();
    await transaction;
    expect(waited).toBe('answered');
    await store.destroy();
  });
});
