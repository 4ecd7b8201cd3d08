import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, validAnswers, type TestApp } from '../../helpers/app.ts';
import { MONDAY_0600Z, TEST_CONFIG_YAML } from '../../fixtures/test-config.ts';

let t: TestApp | undefined;
afterEach(async () => { await t?.close(); t = undefined; });

const FIVE = TEST_CONFIG_YAML
  .replace('reps:\n', `reps:
  - { id: r1, name: Rep One, email: r1@test.co, timezone: Europe/London, workingHours: { mon-fri: ["09:00-17:00"] } }
  - { id: r2, name: Rep Two, email: r2@test.co, timezone: Europe/Paris, workingHours: { mon-fri: ["09:00-17:00"] } }
  - { id: r3, name: Rep Three, email: r3@test.co, timezone: America/Chicago, workingHours: { mon-fri: ["09:00-17:00"] } }
  - { id: r4, name: Rep Four, email: r4@test.co, timezone: Asia/Kathmandu, workingHours: { mon-fri: ["09:00-17:00"] } }
  - { id: r5, name: Rep Five, email: r5@test.co, timezone: Australia/Sydney, workingHours: { mon-fri: ["09:00-17:00"] } }
`)
  .replace('teams:\n', 'teams:\n  five: { members: [r1, r2, r3, r4, r5], strategy: round_robin, mode: assigned }\n')
  .replace('      - to: { team: rr }', '      - to: { team: five }');

describe('routing through the HTTP API', () => {
  it('gives each of 5 round-robin reps exactly 10 of 50 simultaneous submissions', async () => {
    t = await createTestApp({ now: MONDAY_0600Z, yaml: FIVE });
    const app = t;
    const responses = await Promise.all(Array.from({ length: 50 }, (_, i) =>
      app.post('/api/forms/demo/submissions', { answers: validAnswers({ email: `p${i}@acme.io` }), timezone: 'UTC' })));
    const hosts = await Promise.all(responses.map(async (r) => (await r.json()).host.name as string));
    const perRep = Object.fromEntries(['Rep One', 'Rep Two', 'Rep Three', 'Rep Four', 'Rep Five'].map((n) => [n, hosts.filter((h) => h === n).length]));
    expect(perRep).toEqual({ 'Rep One': 10, 'Rep Two': 10, 'Rep Three': 10, 'Rep Four': 10, 'Rep Five': 10 });
  });

  it('sends a named account to its owner and says so in the trace', async () => {
    t = await createTestApp({ now: MONDAY_0600Z });
    const result = await (await t.post('/api/forms/demo/submissions', { answers: validAnswers({ email: 'cfo@eu.globex.com' }), timezone: 'UTC' })).json();
    expect(result.host).toEqual({ name: 'Leo Don' });
    const lead = await t.db.selectFrom('leads').select(['trace', 'rep_id']).where('id', '=', result.leadId).executeTakeFirstOrThrow();
    expect(lead.rep_id).toBe('ldn');
    expect(JSON.parse(lead.trace)).toMatchObject({
      route: { index: 0, target: { owner: true, fallback: 'rr' } },
      owner: { account: 'Globex', repId: 'ldn', used: true },
      strategy: { name: 'direct', chosen: 'ldn' },
    });
  });

  it('sends the account to the fallback team when the owner is on time off, and the trace says why', async () => {
    const away = TEST_CONFIG_YAML.replace(
      'timezone: Europe/London, workingHours: { mon-fri: ["09:00-17:00"] } }',
      'timezone: Europe/London, workingHours: { mon-fri: ["09:00-17:00"] }, timeOff: [{ from: 2026-11-20, to: 2026-12-31 }] }',
    );
    t = await createTestApp({ now: MONDAY_0600Z, yaml: away });
    const result = await (await t.post('/api/forms/demo/submissions', { answers: validAnswers({ email: 'cfo@globex.com' }), timezone: 'UTC' })).json();
    expect(result.host).toEqual({ name: 'Nora York' });
    const row = await t.db.selectFrom('leads').select('trace').where('id', '=', result.leadId).executeTakeFirstOrThrow();
    const trace = JSON.parse(row.trace);
    expect(trace.owner).toEqual({ account: 'Globex', repId: 'ldn', used: false, reason: 'time_off' });
    expect(trace.team).toBe('rr');
    expect(trace.candidates).toEqual([
      { repId: 'ny', included: true, slots: expect.any(Number) },
      { repId: 'ldn', included: false, reason: 'time_off' },
      { repId: 'kol', included: true, slots: expect.any(Number) },
    ]);
    expect(trace.strategy).toMatchObject({ name: 'round_robin', mode: 'assigned', chosen: 'ny', numbers: { strategy: 'round_robin', lastIndex: -1, chosenIndex: 0 } });
  });

  it('records the pooled choice and its reasons when the prospect books', async () => {
    t = await createTestApp({ now: MONDAY_0600Z });
    const lead = await (await t.post('/api/forms/demo/submissions', { answers: validAnswers({ size: '1000+' }), timezone: 'UTC' })).json();
    // 15:00Z: both London (until 17:00Z) and New York (from 14:00Z) are free.
    const booked = await (await t.post('/api/bookings', { leadToken: lead.leadToken, start: '2026-11-23T15:00:00.000Z' })).json();
    expect(booked.host).toEqual({ name: 'Nora York' });
    const row = await t.db.selectFrom('leads').select(['trace', 'rep_id']).where('id', '=', lead.leadId).executeTakeFirstOrThrow();
    expect(row.rep_id).toBe('ny');
    expect(JSON.parse(row.trace).booking).toMatchObject({
      start: '2026-11-23T15:00:00.000Z', freeReps: ['ny', 'ldn'], chosen: 'ny', numbers: { strategy: 'round_robin', chosenIndex: 0 },
    });
  });
});
