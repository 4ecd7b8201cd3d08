import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, validAnswers, type TestApp } from '../../helpers/app.ts';
import { MONDAY_0600Z } from '../../fixtures/test-config.ts';

const TOKEN = 'test-admin-token-0123456789';
let t: TestApp;
beforeEach(async () => { t = await createTestApp({ now: MONDAY_0600Z, adminToken: TOKEN }); });
afterEach(async () => { await t.close(); });

const admin = (path: string, token = TOKEN) => t.app.request(path, { headers: { authorization: `Bearer ${token}` } });
const submit = (answers = validAnswers()) => t.post('/api/forms/demo/submissions', { answers, timezone: 'UTC' });

describe('admin API', () => {
  it('is switched off with a clear message when no token is configured', async () => {
    const off = await createTestApp({ now: MONDAY_0600Z });
    const res = await off.app.request('/api/admin/leads', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(404);
    expect((await res.json()).error).toEqual({ code: 'admin_disabled', message: 'the admin API is disabled; set USHER_ADMIN_TOKEN to enable it' });
    await off.close();
  });

  it('answers 401 to a missing or wrong token', async () => {
    expect((await t.app.request('/api/admin/leads')).status).toBe(401);
    const wrong = await admin('/api/admin/leads', 'x'.repeat(27));
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('shows a lead with its decision trace', async () => {
    const { leadId } = await (await submit()).json();
    const res = await admin(`/api/admin/leads/${leadId}`);
    expect(res.status).toBe(200);
    const { lead, booking } = await res.json();
    expect(lead).toMatchObject({ id: leadId, outcome: 'schedule', email: 'jo@acme.io', teamId: 'rr', repId: 'ny' });
    expect(lead.trace).toMatchObject({
      qualify: { matchedRule: null, reason: null },
      route: { index: 3, target: { team: 'rr' } },
      strategy: { name: 'round_robin', chosen: 'ny' },
    });
    expect(booking).toBeNull();
    expect((await admin('/api/admin/leads/00000000-0000-0000-0000-000000000000')).status).toBe(404);
  });

  it('shows the disqualifying rule of a disqualified lead', async () => {
    await submit(validAnswers({ size: '1-10' }));
    const { leads } = await (await admin('/api/admin/leads')).json();
    const { lead } = await (await admin(`/api/admin/leads/${leads[0].id}`)).json();
    expect(lead.trace.qualify).toEqual({ matchedRule: 0, reason: 'too_small' });
  });

  it('pages through leads newest first without repeating one', async () => {
    for (let i = 0; i < 5; i++) {
      t.setNow(MONDAY_0600Z + i * 60_000);
      await submit(validAnswers({ email: `p${i}@acme.io` }));
    }
    const first = await (await admin('/api/admin/leads?limit=2')).json();
    expect(first.leads.map((l: { email: string }) => l.email)).toEqual(['p4@acme.io', 'p3@acme.io']);
    const second = await (await admin(`/api/admin/leads?limit=2&cursor=${first.nextCursor}`)).json();
    const third = await (await admin(`/api/admin/leads?limit=2&cursor=${second.nextCursor}`)).json();
    expect([...second.leads, ...third.leads].map((l: { email: string }) => l.email)).toEqual(['p2@acme.io', 'p1@acme.io', 'p0@acme.io']);
    expect(third.nextCursor).toBeNull();
    expect((await admin("/api/admin/leads?cursor=bogus")).status).toBe(400);
    expect((await admin('/api/admin/leads?limit=lots')).status).toBe(400);
  });

  it('reports the distribution per team against the weighted shares', async () => {
    for (let i = 0; i < 6; i++) await submit(validAnswers({ email: `p${i}@acme.io` }));
    const res = await admin('/api/admin/distribution?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z');
    const report = await res.json();
    const rr = report.teams.find((team: { teamId: string }) => team.teamId === 'rr');
    expect(rr.leads).toBe(6);
    expect(rr.reps.map((r: { repId: string; leads: number; targetShare: number; deviation: number }) => [r.repId, r.leads, r.targetShare, r.deviation]))
      .toEqual([['ny', 2, 0.3333, 0], ['ldn', 2, 0.3333, 0], ['kol', 2, 0.3333, 0]]);
    expect(report.spread).toBe(0);
    expect((await admin('/api/admin/distribution?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z')).status).toBe(400);
    expect((await admin('/api/admin/distribution?from=yesterday')).status).toBe(400);
  });

  it('lists bookings by start time, paged and filtered', async () => {
    for (let i = 0; i < 3; i++) {
      const lead = await (await submit(validAnswers({ email: `p${i}@acme.io`, size: '201-1000' }))).json();
      expect((await t.post('/api/bookings', { leadToken: lead.leadToken, start: lead.slots[2 - i].start })).status).toBe(201);
    }
    const first = await (await admin('/api/admin/bookings?limit=2')).json();
    expect(first.bookings.map((b: { start: string; repName: string }) => [b.start, b.repName])).toEqual([
      ['2026-11-23T14:00:00.000Z', 'Nora York'], ['2026-11-23T14:30:00.000Z', 'Nora York'],
    ]);
    const rest = await (await admin(`/api/admin/bookings?limit=2&cursor=${first.nextCursor}`)).json();
    expect(rest.bookings.map((b: { start: string }) => b.start)).toEqual(['2026-11-23T15:00:00.000Z']);
    expect(rest.nextCursor).toBeNull();
    const later = await (await admin('/api/admin/bookings?from=2026-11-23T14:15:00Z&to=2026-11-23T15:00:00Z')).json();
    expect(later.bookings).toHaveLength(1);
    expect(JSON.stringify(first)).not.toContain('manage');
  });

  it('simulates a CSV of leads sent as the body, without storing them', async () => {
    const csv = ['email,name,size', 'a@acme.io,A,11-50', 'b@acme.io,B,11-50', 'c@acme.io,C,1-10', 'd@gmail.com,D,11-50'].join('\n');
    const res = await t.app.request('/api/admin/simulate', {
      method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/csv' }, body: csv,
    });
    expect(res.status).toBe(200);
    const report = await res.json();
    expect(report).toMatchObject({ rows: 4, routed: 2, disqualified: { too_small: 1, personal_email: 1 } });
    expect(report.distribution.teams.find((team: { teamId: string }) => team.teamId === 'rr').leads).toBe(2);
    const stored = await t.db.selectFrom('leads').select('id').execute();
    expect(stored).toEqual([]);

    const bad = await t.app.request('/api/admin/simulate', {
      method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/csv' }, body: 'email,colour\n',
    });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.issues[0].message).toMatch(/unknown column\(s\) colour/);
    const json = await t.app.request('/api/admin/simulate', { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: '{}' });
    expect(json.status).toBe(415);
  });
});
