import { afterEach, describe, expect, it } from 'vitest';
import { allBookingsOfRep, countBookings } from '../../../server/store/bookings.ts';
import { listJobs } from '../../../server/store/outbox.ts';
import { validAnswers } from '../../helpers/app.ts';
import { MONDAY_0600Z, TEST_CONFIG_YAML } from '../../fixtures/test-config.ts';
import { TWO_LENGTHS_YAML } from './fixtures.ts';
import { createTestApp } from '../../helpers/app.ts';
import { postgresAvailable, type DbKind } from '../../helpers/db.ts';

// In one process SQLite runs transactions one at a time; PostgreSQL runs them truly side
// by side (a pool of 10 connections), which is where the row locks have to hold.
const kinds: DbKind[] = (await postgresAvailable()) ? ['sqlite', 'postgres'] : ['sqlite'];

type App = Awaited<ReturnType<typeof createTestApp>>;
let t: App | undefined;
afterEach(async () => { await t?.close(); t = undefined; });

async function leads(app: App, form: string, count: number, answers: Record<string, string> = {}): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    const res = await app.post(`/api/forms/${form}/submissions`, {
      answers: validAnswers({ email: `racer${i}-${form}@acme${i}.io`, ...answers }), timezone: 'Europe/Berlin',
    });
    const body = await res.json();
    if (body.outcome !== 'schedule') throw new Error(`not scheduled: ${JSON.stringify(body)}`);
    tokens.push(body.leadToken);
  }
  return tokens;
}

describe.each(kinds)('concurrent bookings on %s', (kind) => {
  it('lets exactly one of 50 concurrent bookings of one rep\'s slot through', async () => {
    t = await createTestApp({ db: kind, now: MONDAY_0600Z, yaml: TEST_CONFIG_YAML });
    // The 201-1000 route sends every lead to Nora York.
    const tokens = await leads(t, 'demo', 50, { size: '201-1000' });
    const start = '2026-11-23T15:00:00.000Z';
    const answers = await Promise.all(tokens.map((leadToken) => t!.post('/api/bookings', { leadToken, start })));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    for (const res of answers.filter((r) => r.status === 409)) expect((await res.json()).error.code).toBe('slot_taken');
    expect(await countBookings(t.db)).toBe(1);
    expect(await listJobs(t.db)).toHaveLength(2);
  });

  it('gives a pooled slot to as many prospects as there are free reps, each a different rep', async () => {
    t = await createTestApp({ db: kind, now: MONDAY_0600Z, yaml: TEST_CONFIG_YAML });
    // 1000+ goes to the pooled team (New York and London); at 15:00Z both work.
    const tokens = await leads(t, 'demo', 50, { size: '1000+' });
    const start = '2026-11-23T15:00:00.000Z';
    const answers = await Promise.all(tokens.map((leadToken) => t!.post('/api/bookings', { leadToken, start })));
    const won = answers.filter((r) => r.status === 201);
    expect(won).toHaveLength(2);
    expect(answers.filter((r) => r.status === 409)).toHaveLength(48);
    const hosts = await Promise.all(won.map(async (r) => (await r.json()).host.name));
    expect(hosts.sort()).toEqual(['Leo Don', 'Nora York']);
  });

  it('never lets 50 concurrent bookings of overlapping slots of different lengths overlap for one rep', async () => {
    t = await createTestApp({ db: kind, now: MONDAY_0600Z, yaml: TWO_LENGTHS_YAML });
    // 30-minute meetings (10 min buffer after) and 75-minute ones (5 min buffer before),
    // all for Nora, at starts 15 minutes apart across one afternoon.
    const short = await leads(t, 'short', 25);
    const long = await leads(t, 'long', 25);
    // Short ones ask for 14:00-16:45, long ones for 14:00-19:45: they fight over the
    // early afternoon, and some long ones surely win later on.
    const startAt = (step: number) => new Date(Date.parse('2026-11-23T14:00:00Z') + step * 15 * 60_000).toISOString();
    const requests = short.flatMap((leadToken, i) => [
      { leadToken, start: startAt(i % 12) },
      { leadToken: long[i]!, start: startAt((i * 5) % 24) },
    ]);
    const answers = await Promise.all(requests.map((body) => t!.post('/api/bookings', body)));
    const statuses = answers.map((r) => r.status);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(2);

    const booked = (await allBookingsOfRep(t.db, 'ny')).filter((b) => b.status === 'confirmed');
    expect(booked).toHaveLength(statuses.filter((s) => s === 201).length);
    expect(new Set(booked.map((b) => b.end - b.start))).toEqual(new Set([30 * 60_000, 75 * 60_000]));
    for (let i = 1; i < booked.length; i++) {
      const [before, after] = [booked[i - 1]!, booked[i]!];
      // No overlap, and the larger of the two buffers that meet between them.
      expect(after.start - before.end).toBeGreaterThanOrEqual(Math.max(before.bufferAfter, after.bufferBefore));
    }
  });
});
