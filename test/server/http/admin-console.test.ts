import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, validAnswers, type TestApp } from '../../helpers/app.ts';
import { MONDAY_0600Z, TEST_CONFIG_YAML } from '../../fixtures/test-config.ts';

const TOKEN = 'test-admin-token-0123456789';
let t: TestApp;
afterEach(async () => { await t.close(); });

async function start(options: { yaml?: string; adminRoot?: string } = {}) {
  t = await createTestApp({ now: MONDAY_0600Z, adminToken: TOKEN, ...options });
  return t;
}

const bearer = { authorization: `Bearer ${TOKEN}` };
const admin = (path: string) => t.app.request(path, { headers: bearer });
const adminPost = (path: string, body: unknown) => t.post(path, body, bearer);
const submit = (answers = validAnswers()) => t.post('/api/forms/demo/submissions', { answers, timezone: 'UTC' });

async function signIn(): Promise<{ cookie: string; csrf: string; setCookie: string }> {
  const res = await t.post('/api/admin/session', { token: TOKEN });
  expect(res.status).toBe(200);
  const setCookie = res.headers.get('set-cookie')!;
  return { cookie: setCookie.split(';')[0]!, csrf: (await res.json()).csrf, setCookie };
}

describe('admin sign-in and session', () => {
  it('refuses a wrong token and gives the right one an HttpOnly, SameSite=Strict cookie for 12 hours', async () => {
    await start();
    const wrong = await t.post('/api/admin/session', { token: 'not-it' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const { cookie, setCookie } = await signIn();
    expect(setCookie).toMatch(/^usher_admin=[\w-]{43};/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Path=/');
    expect(setCookie).toContain('Max-Age=43200');
    // Plain http here: Secure would keep the browser from sending it.
    expect(setCookie).not.toContain('Secure');
    expect((await t.app.request('/api/admin/leads', { headers: { cookie } })).status).toBe(200);
    expect((await t.app.request('/api/admin/leads')).status).toBe(401);
  });

  it('marks the cookie Secure behind https', async () => {
    await start({ yaml: TEST_CONFIG_YAML.replace('publicUrl: http://usher.test', 'publicUrl: https://usher.test') });
    const res = await t.post('/api/admin/session', { token: TOKEN });
    expect(res.headers.get('set-cookie')).toMatch(/^__Host-usher_admin=.*; Secure/);
  });

  it('keeps only the hash of the session token', async () => {
    await start();
    const { cookie } = await signIn();
    const rows = await t.db.selectFrom('admin_sessions').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(cookie.split('=')[1]);
  });

  it('refuses a change made with the cookie but without the session\'s CSRF token (403)', async () => {
    await start();
    const { cookie, csrf } = await signIn();
    const retry = (headers: Record<string, string>) => t.app.request('/api/admin/outbox/nope/retry', { method: 'POST', headers: { cookie, ...headers } });
    const refused = await retry({});
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe('csrf_failed');
    expect((await retry({ 'x-csrf-token': 'x'.repeat(32) })).status).toBe(403);
    // With it, the request is heard (and there is no such delivery).
    expect((await retry({ 'x-csrf-token': csrf })).status).toBe(404);
  });

  it('ends the session on sign-out and after 12 hours', async () => {
    await start();
    const first = await signIn();
    const out = await t.app.request('/api/admin/session/end', { method: 'POST', headers: { cookie: first.cookie, 'x-csrf-token': first.csrf } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/usher_admin=;.*Max-Age=0/);
    expect((await t.app.request('/api/admin/session', { headers: { cookie: first.cookie } })).status).toBe(401);
    const second = await signIn();
    t.setNow(MONDAY_0600Z + 12 * 3_600_000 - 1000);
    expect((await t.app.request('/api/admin/leads', { headers: { cookie: second.cookie } })).status).toBe(200);
    t.setNow(MONDAY_0600Z + 12 * 3_600_000);
    expect((await t.app.request('/api/admin/leads', { headers: { cookie: second.cookie } })).status).toBe(401);
  });

  it('limits sign-in attempts from one address to ten per quarter hour', async () => {
    await start();
    for (let i = 0; i < 10; i++) expect((await t.post('/api/admin/session', { token: `guess-${i}` })).status).toBe(401);
    const limited = await t.post('/api/admin/session', { token: TOKEN });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('answers a malformed sign-in with a 4xx, never a 500', async () => {
    await start();
    expect((await t.post('/api/admin/session', '{"token":')).status).toBe(400);
    expect((await t.post('/api/admin/session', { token: 42 })).status).toBe(422);
    expect((await t.post('/api/admin/session', { token: 'x'.repeat(5000) })).status).toBe(422);
  });
});

describe('admin leads list', () => {
  async function seed() {
    await start({ yaml: TEST_CONFIG_YAML.replace('  publicUrl: http://usher.test', '  publicUrl: http://usher.test\n  timezone: America/New_York') });
    // Sunday 22 Nov in New York until 05:00Z on the 23rd.
    t.setNow(Date.parse('2026-11-23T04:00:00Z'));
    await submit(validAnswers({ email: 'early@acme.io' }));
    t.setNow(MONDAY_0600Z - 2000);
    await submit(validAnswers({ email: 'small@acme.io', size: '1-10' }));
    t.setNow(MONDAY_0600Z - 1000);
    await submit(validAnswers({ email: 'Big@Acme.io', size: '201-1000' }));
    t.setNow(MONDAY_0600Z);
    await submit(validAnswers({ email: 'team@acme.io' }));
  }
  const emails = async (query: string) => {
    const res = await admin(`/api/admin/leads${query}`);
    expect(res.status).toBe(200);
    return (await res.json()).leads.map((l: { email: string }) => l.email);
  };

  it('filters by outcome, form, team, rep and email', async () => {
    await seed();
    expect(await emails('?outcome=disqualified')).toEqual(['small@acme.io']);
    expect(await emails('?team=rr')).toEqual(['team@acme.io', 'early@acme.io']);
    expect(await emails('?rep=ny')).toEqual(['Big@Acme.io', 'early@acme.io']);
    expect(await emails('?email=big@ACME.io')).toEqual(['Big@Acme.io']);
    expect(await emails('?form=demo&outcome=schedule&team=rr&rep=ldn')).toEqual(['team@acme.io']);
    expect(await emails('?form=other')).toEqual([]);
  });

  it('reads dates in the organization\'s zone, the last day included, and takes full instants too', async () => {
    await seed();
    expect(await emails('?from=2026-11-22&to=2026-11-22')).toEqual(['early@acme.io']);
    expect(await emails('?from=2026-11-23')).toEqual(['team@acme.io', 'Big@Acme.io', 'small@acme.io']);
    expect(await emails('?from=2026-11-23T05:59:58Z&to=2026-11-23T06:00:00Z')).toEqual(['Big@Acme.io', 'small@acme.io']);
    expect(await emails('?to=2026-11-23T06:00:00%2B01:00')).toEqual(['early@acme.io']);
  });

  it('shows times as ISO strings and names the rep', async () => {
    await seed();
    const { leads } = await (await admin('/api/admin/leads?rep=ny&limit=1')).json();
    expect(leads[0]).toMatchObject({ createdAt: '2026-11-23T05:59:59.000Z', repId: 'ny', repName: 'Nora York', bookedFor: null, name: 'Jo Prospect' });
  });

  it('refuses unknown, repeated, empty and malformed parameters with a 400 that lists the valid ones', async () => {
    await seed();
    const unknown = await admin('/api/admin/leads?outcomes=schedule');
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error.issues).toEqual([{ path: 'outcomes', message: 'unknown parameter; expected one of: outcome, form, team, rep, from, to, email, limit, cursor' }]);
    for (const query of ['?outcome=maybe', '?outcome=', '?from=2026-02-30', '?from=yesterday', '?team=rr&team=pool', '?from=2026-11-24&to=2026-11-23', '?limit=0', '?limit=201']) {
      const res = await admin(`/api/admin/leads${query}`);
      expect(res.status, query).toBe(400);
    }
    expect((await admin('/api/admin/distribution?form=demo')).status).toBe(400);
    expect((await admin('/api/admin/calendars?x=1')).status).toBe(400);
  });

  it('exports every matching lead as CSV, with formulas defused', async () => {
    await seed();
    await submit(validAnswers({ email: 'evil@acme.io', name: '=HYPERLINK("http://evil.test","x")' }));
    const res = await admin('/api/admin/leads.csv?team=rr');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const lines = (await res.text()).trim().split('\n');
    expect(lines[0]).toBe('id,created_at,form,outcome,reason,email,name,team,rep,booked_for');
    expect(lines).toHaveLength(4);
    expect(lines.filter((line) => line.includes('"\'=HYPERLINK(""http://evil.test"",""x"")"'))).toHaveLength(1);
    expect((await admin('/api/admin/leads.csv?cursor=abc')).status).toBe(400);
  });
});

describe('admin lead page and actions', () => {
  it('reassigns an unbooked lead to the rep chosen, with the history to show for it', async () => {
    await start();
    const { leadId } = await (await submit()).json();
    const before = await (await admin(`/api/admin/leads/${leadId}`)).json();
    expect(before.lead.repId).toBe('ny');
    expect(before.actions).toEqual({ reassign: true, reassignTo: ['ldn', 'kol'], cancel: false, markOutcome: false });
    expect((await adminPost(`/api/admin/leads/${leadId}/reassign`, { repId: 'ny' })).status).toBe(422);
    expect((await adminPost(`/api/admin/leads/${leadId}/reassign`, { repId: 'nobody' })).status).toBe(422);
    const res = await adminPost(`/api/admin/leads/${leadId}/reassign`, { repId: 'kol' });
    expect(res.status).toBe(200);
    const after = await res.json();
    expect(after.lead.repId).toBe('kol');
    expect(after.lead.trace.reassignments).toEqual([expect.objectContaining({ from: 'ny', to: 'kol', why: 'admin' })]);
    expect(after.timeline.map((e: { event: string }) => e.event)).toEqual(expect.arrayContaining(['lead.schedule', 'turn.taken', 'turn.credited', 'reassigned.admin']));
    // Kavya gets her own host link by email, Nora is told who has it now.
    const jobs = await t.store.outbox.list();
    const mails = jobs.filter((j) => j.event === 'lead.reassigned' && j.kind === 'email').map((j) => JSON.parse(j.payload).mail);
    expect(mails.map((m: { to: string }) => m.to).sort()).toEqual(['"Kavya Kol" <kavya@test.co>', '"Nora York" <nora@test.co>']);
    expect(mails.find((m: { to: string }) => m.to.includes('nora')).text).toContain('This lead was reassigned to Kavya Kol');
  });

  it('reassigns to the team\'s next rep when none is named', async () => {
    await start();
    const { leadId } = await (await submit()).json();
    const after = await (await adminPost(`/api/admin/leads/${leadId}/reassign`, {})).json();
    expect(['ldn', 'kol']).toContain(after.lead.repId);
  });

  it('cancels a booked meeting with a reason, and refuses to reassign it or cancel it twice', async () => {
    await start();
    const lead = await (await submit(validAnswers({ size: '201-1000' }))).json();
    const booked = await (await t.post('/api/bookings', { leadToken: lead.leadToken, start: lead.slots[0].start })).json();
    const detail = await (await admin(`/api/admin/leads/${lead.leadId}`)).json();
    expect(detail.actions).toMatchObject({ reassign: false, cancel: true, markOutcome: false });
    expect(detail.lead.bookedFor).toBe(lead.slots[0].start);
    expect((await adminPost(`/api/admin/leads/${lead.leadId}/reassign`, {})).status).toBe(409);
    const noReason = await adminPost(`/api/admin/bookings/${booked.bookingId}/cancel`, { reason: '  ' });
    expect(noReason.status).toBe(422);
    const res = await adminPost(`/api/admin/bookings/${booked.bookingId}/cancel`, { reason: 'Nora is ill' });
    expect(res.status).toBe(200);
    const after = await res.json();
    expect(after.booking).toMatchObject({ status: 'canceled', cancelReason: 'Nora is ill', canceledBy: 'host' });
    expect(after.timeline.map((e: { event: string }) => e.event)).toContain('booking.canceled');
    expect((await adminPost(`/api/admin/bookings/${booked.bookingId}/cancel`, { reason: 'again' })).status).toBe(409);
    expect((await adminPost('/api/admin/bookings/nope/cancel', { reason: 'x' })).status).toBe(404);
  });

  it('marks a meeting held once it has started, and only once', async () => {
    await start();
    const lead = await (await submit(validAnswers({ size: '201-1000' }))).json();
    const booked = await (await t.post('/api/bookings', { leadToken: lead.leadToken, start: lead.slots[0].start })).json();
    expect((await adminPost(`/api/admin/bookings/${booked.bookingId}/outcome`, { outcome: 'held' })).status).toBe(409);
    t.setNow(Date.parse(lead.slots[0].start) + 60_000);
    expect((await (await admin(`/api/admin/leads/${lead.leadId}`)).json()).actions.markOutcome).toBe(true);
    const res = await adminPost(`/api/admin/bookings/${booked.bookingId}/outcome`, { outcome: 'held' });
    expect(res.status).toBe(200);
    expect((await res.json()).booking.hostOutcome).toBe('held');
    expect((await adminPost(`/api/admin/bookings/${booked.bookingId}/outcome`, { outcome: 'no_show' })).status).toBe(409);
    expect((await adminPost(`/api/admin/bookings/${booked.bookingId}/outcome`, { outcome: 'maybe' })).status).toBe(422);
  });
});

describe('admin troubleshooter', () => {
  it('explains a start blocked by a booking, its buffer, working hours, notice and the day cap', async () => {
    await start({ yaml: TEST_CONFIG_YAML.replace('    bufferAfterMinutes: 0', '    bufferAfterMinutes: 15\n    maxPerRepPerDay: 2') });
    const lead = await (await submit(validAnswers({ size: '201-1000' }))).json();
    // 09:00 in New York.
    expect((await t.post('/api/bookings', { leadToken: lead.leadToken, start: '2026-11-23T14:00:00.000Z' })).status).toBe(201);
    const states = async () => {
      const res = await admin('/api/admin/availability?rep=ny&date=2026-11-23');
      expect(res.status).toBe(200);
      const body = await res.json();
      return new Map<string, { state: string; detail: string | null }>(body.reps[0].starts.map((s: { local: string; state: string; detail: string | null }) => [s.local, s]));
    };
    const first = await states();
    expect(first.size).toBe(48);
    expect(first.get('01:30')!.state).toBe('notice');
    expect(first.get('08:30')!.state).toBe('outside_working_hours');
    expect(first.get('09:00')).toMatchObject({ state: 'busy_booking' });
    expect(first.get('09:30')!.state).toBe('buffer');
    expect(first.get('10:00')!.state).toBe('free');
    expect(first.get('16:30')!.state).toBe('free');
    expect(first.get('17:00')!.state).toBe('outside_working_hours');
    const second = await (await submit(validAnswers({ email: 'two@acme.io', size: '201-1000' }))).json();
    expect((await t.post('/api/bookings', { leadToken: second.leadToken, start: '2026-11-23T18:00:00.000Z' })).status).toBe(201);
    const capped = await states();
    expect(capped.get('10:00')).toEqual(expect.objectContaining({ state: 'day_cap', detail: '2' }));
    expect(capped.get('13:00')!.state).toBe('busy_booking');
  });

  it('explains every member of a team, each in their own zone', async () => {
    await start();
    const body = await (await admin('/api/admin/availability?team=rr&date=2026-11-24&meetingType=demo')).json();
    expect(body.reps.map((r: { repId: string; timezone: string }) => [r.repId, r.timezone]))
      .toEqual([['ny', 'America/New_York'], ['ldn', 'Europe/London'], ['kol', 'Asia/Kolkata']]);
    const kol = body.reps[2].starts;
    expect(kol.find((s: { local: string }) => s.local === '10:00')).toMatchObject({ state: 'free', start: '2026-11-24T04:30:00.000Z' });
  });

  it('refuses a request it cannot answer with a 4xx', async () => {
    await start();
    for (const query of ['?rep=ny', '?rep=ny&team=rr&date=2026-11-24', '?date=2026-11-24', '?rep=ny&date=2026-13-01', '?rep=ny&date=tomorrow']) {
      expect((await admin(`/api/admin/availability${query}`)).status, query).toBe(400);
    }
    expect((await admin('/api/admin/availability?rep=zed&date=2026-11-24')).status).toBe(404);
    expect((await admin('/api/admin/availability?rep=ny&date=2026-11-24&meetingType=zed')).status).toBe(404);
  });
});

describe('admin delivery and configuration', () => {
  it('lists dead deliveries with their counts and tries one again', async () => {
    await start();
    await submit(validAnswers({ size: '201-1000' }));
    const lead = await (await submit(validAnswers({ email: 'b@acme.io', size: '201-1000' }))).json();
    await t.post('/api/bookings', { leadToken: lead.leadToken, start: lead.slots[0].start });
    const [job] = await t.store.outbox.list();
    await t.db.updateTable('outbox').set({ status: 'dead', attempts: 20, last_error: 'smtp: 550 no such user' }).where('id', '=', job!.id).execute();
    const dead = await (await admin('/api/admin/outbox?state=dead')).json();
    expect(dead.counts.dead).toBe(1);
    expect(dead.jobs).toEqual([expect.objectContaining({ id: job!.id, state: 'dead', attempts: 20, lastError: 'smtp: 550 no such user' })]);
    const retried = await adminPost(`/api/admin/outbox/${job!.id}/retry`, {});
    expect(retried.status).toBe(200);
    expect((await retried.json()).job).toMatchObject({ state: 'pending', attempts: 0 });
    expect((await adminPost(`/api/admin/outbox/${job!.id}/retry`, {})).status).toBe(409);
    expect((await (await admin('/api/admin/outbox?state=dead')).json()).counts.dead).toBe(0);
    expect((await admin('/api/admin/outbox?state=lost')).status).toBe(400);
  });

  it('shows the loaded config without a calendar feed\'s secret path', async () => {
    await start({ yaml: TEST_CONFIG_YAML.replace('workingHours: { mon-fri: ["09:00-17:00"] } }', 'workingHours: { mon-fri: ["09:00-17:00"] }, calendars: [{ kind: ics, url: "https://cal.example/private-0123/basic.ics" }] }') });
    const body = await (await admin('/api/admin/config')).json();
    expect(body.config.organization.name).toBe('Test Co');
    expect(JSON.stringify(body)).not.toContain('private-0123');
    expect(body.config.reps[0].calendars[0].url).toBe('https://cal.example/…');
    expect(Array.isArray(body.warnings)).toBe(true);
  });

  it('draws the distribution in day buckets of the organization\'s zone', async () => {
    await start();
    for (let i = 0; i < 3; i++) await submit(validAnswers({ email: `d${i}@acme.io` }));
    t.setNow(MONDAY_0600Z + 86_400_000);
    await submit(validAnswers({ email: 'next@acme.io' }));
    const body = await (await admin('/api/admin/distribution?from=2026-11-22&to=2026-11-24&bucket=day')).json();
    const rr = body.teams.find((team: { teamId: string }) => team.teamId === 'rr');
    expect(rr.series.map((b: { start: string }) => b.start)).toEqual(['2026-11-22T00:00:00.000Z', '2026-11-23T00:00:00.000Z', '2026-11-24T00:00:00.000Z']);
    expect(rr.series[1].reps.map((r: { leads: number }) => r.leads)).toEqual([1, 1, 1]);
    expect(rr.series[2].reps.map((r: { leads: number }) => r.leads)).toEqual([1, 0, 0]);
    expect(rr.reps.map((r: { leads: number }) => r.leads)).toEqual([2, 1, 1]);
  });
});

describe('the console page', () => {
  it('serves the built bundle under a strict CSP, and says so when it is not built', async () => {
    const root = mkdtempSync(join(tmpdir(), 'usher-admin-'));
    await start({ adminRoot: root });
    const missing = await t.app.request('/admin', { headers: { 'accept-language': 'de' } });
    expect(missing.status).toBe(503);
    expect(await missing.text()).toContain('Die Verwaltung ist nicht gebaut');
    mkdirSync(join(root, '.vite'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, '.vite', 'manifest.json'), JSON.stringify({ 'admin/main.tsx': { file: 'assets/admin-abc123.js', isEntry: true } }));
    writeFileSync(join(root, 'assets', 'admin-abc123.js'), 'console.log("admin")');
    const page = await t.app.request('/admin');
    expect(page.status).toBe(200);
    const html = await page.text();
    const nonce = /nonce-([^']+)'/.exec(page.headers.get('content-security-policy')!)![1];
    expect(html).toContain(`<script type="module" nonce="${nonce}" src="/admin/assets/admin-abc123.js">`);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const script = await t.app.request('/admin/assets/admin-abc123.js', { headers: { 'accept-encoding': 'gzip' } });
    expect(script.status).toBe(200);
    expect(script.headers.get('content-encoding')).toBe('gzip');
    expect((await t.app.request('/admin/assets/..%2F.vite%2Fmanifest.json')).status).toBe(404);
  });
});
