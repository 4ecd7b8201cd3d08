import { afterEach, describe, expect, it } from 'vitest';
import { createTimerWorker } from '../../../server/flows/timer-worker.ts';
import type { FlowDeps } from '../../../server/flows/deps.ts';
import { NO_CALENDARS } from '../../../server/calendars/busy.ts';
import { silentLogger } from '../../../server/http/log.ts';
import { listJobs } from '../../../server/store/outbox.ts';
import { createTestApp, validAnswers, type TestApp } from '../../helpers/app.ts';
import { MONDAY_0600Z, TEST_CONFIG_YAML } from '../../fixtures/test-config.ts';

let t = undefined as unknown as TestApp;
afterEach(async () => { await t.close(); });

const MINUTE = 60_000;
const DAY = 86_400_000;
const HOST_LINK = /http:\/\/usher\.test\/h\/([A-Za-z0-9_-]{43})/;
const SECRET = 'test-secret-0123456789-0123456789-abcdef';
const form = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' };

const SLA = (extra = '') => TEST_CONFIG_YAML.replace('forms:\n', `sla:
  acceptWithinMinutes: 120
  remindBeforeMinutes: 30
  reassignTo: next
  maxReassignments: 2
${extra}webhooks:
  - { url: "http://hooks.test/usher", events: [lead.reassigned], secretEnv: USHER_TEST_HOOK }
forms:
`);

let now = MONDAY_0600Z;
const deps = (): FlowDeps => ({ store: t.store, catalog: t.catalog, clock: () => now, calendars: NO_CALENDARS, secret: SECRET });
const worker = () => createTimerWorker({ deps, log: silentLogger, leaseMs: 60_000 });
const at = (instant: number) => { now = instant; t?.setNow(instant); };

async function submit(email = 'jo@acme.io') {
  const res = await t.post('/api/forms/demo/submissions', { answers: validAnswers({ email }), timezone: 'Europe/Berlin' });
  return (await res.json()) as { leadId: string; leadToken: string; host: { name: string } | null };
}

async function emails() {
  return (await listJobs(t.db)).filter((j) => j.kind === 'email').map((j) => ({ event: j.event, ...(JSON.parse(j.payload).mail as { to: string; subject: string; text: string }) }));
}

async function hostToken(rep: string, event: string) {
  const mail = (await emails()).reverse().find((m) => m.event === event && m.to?.includes(rep));
  return HOST_LINK.exec(mail?.text ?? '')?.[1] ?? null;
}

const repOf = async (leadId: string) => (await t.store.leads.find(leadId))!.repId;
const timersOf = (leadId: string) => t.store.timers.ofLead(leadId);

describe('SLA follow-up (SPEC §12), on a fake clock', () => {
  it('emails the rep the lead with a deadline in their working time, reminds them, and reassigns on a breach', async () => {
    at(MONDAY_0600Z);
    t = await createTestApp({ now, yaml: SLA() });
    const lead = await submit();
    expect(lead.host).toEqual({ name: 'Nora York' });
    // 06:00Z is 01:00 in New York: two working hours from 09:00 there, 16:00Z.
    const timers = await timersOf(lead.leadId);
    expect(timers.filter((x) => x.kind !== 'expire').map((x) => [x.kind, new Date(x.dueAt).toISOString()])).toEqual([
      ['remind', '2026-11-23T15:30:00.000Z'], ['breach', '2026-11-23T16:00:00.000Z'],
    ]);
    const assigned = (await emails()).find((m) => m.event === 'lead.assigned')!;
    expect(assigned.to).toContain('nora@test.co');
    expect(assigned.text).toContain('Please accept it by Monday, November 23, 2026 at 11:00 AM (America/New_York)');
    expect(assigned.text).toMatch(HOST_LINK);

    at(Date.parse('2026-11-23T15:29:00Z'));
    expect(await worker().drain()).toEqual({ ran: 0 });
    at(Date.parse('2026-11-23T15:31:00Z'));
    expect(await worker().drain()).toMatchObject({ ran: 1, reminded: 1 });
    const reminder = (await emails()).find((m) => m.event === 'lead.sla_reminder')!;
    expect(reminder.to).toContain('nora@test.co');
    expect(reminder.subject).toContain('Reminder: accept Jo Prospect by Monday, November 23, 2026 at 11:00 AM');

    at(Date.parse('2026-11-23T16:01:00Z'));
    expect(await worker().drain()).toMatchObject({ ran: 1, reassigned: 1 });
    expect(await repOf(lead.leadId)).toBe('ldn');
    const trace = (await t.store.leads.find(lead.leadId))!.trace;
    expect(trace.reassignments).toEqual([expect.objectContaining({ from: 'ny', to: 'ldn', why: 'sla' })]);
    const mails = await emails();
    expect(mails.find((m) => m.event === 'lead.reassigned' && m.to.includes('leo@test.co'))!.text)
      .toContain('Nora York did not accept this lead in time, so it is yours now: Jo Prospect (jo@acme.io).');
    const away = mails.find((m) => m.event === 'lead.reassigned' && m.to.includes('nora@test.co'))!;
    expect(away.text).toContain('now is with Leo Don');
    expect(away.text).not.toMatch(HOST_LINK);
    const hook = (await listJobs(t.db)).find((j) => j.kind === 'webhook' && j.event === 'lead.reassigned')!;
    expect(JSON.parse(JSON.parse(hook.payload).body).data).toMatchObject({ from: { id: 'ny' }, to: { id: 'ldn' }, why: 'sla' });
    // Leo's own clock: 59 minutes left of his Monday (London, 09–17 GMT), 61 on Tuesday.
    const leo = (await timersOf(lead.leadId)).filter((x) => x.repId === 'ldn' && x.kind === 'breach');
    expect(leo.map((x) => new Date(x.dueAt).toISOString())).toEqual(['2026-11-24T10:01:00.000Z']);
    // Nora's old link no longer acts.
    const noraToken = await hostToken('nora@test.co', 'lead.assigned');
    expect((await t.app.request(`/h/${noraToken}/accept`, form)).status).toBe(409);
  });

  it('does not reassign a lead accepted in time, nor one the prospect booked', async () => {
    at(MONDAY_0600Z);
    t = await createTestApp({ now, yaml: SLA() });
    const accepted = await submit('a@acme.io');
    const booked = await submit('b@acme.io');
    const token = await hostToken('nora@test.co', 'lead.assigned');
    at(Date.parse('2026-11-23T15:00:00Z'));
    expect((await t.app.request(`/h/${token}/accept`, form)).status).toBe(303);
    const slots = await (await t.app.request(`/api/leads/${booked.leadId}/slots?from=2026-11-23T00:00:00.000Z&to=2026-11-30T00:00:00.000Z`, { headers: { authorization: `Bearer ${booked.leadToken}` } })).json();
    expect((await t.post('/api/bookings', { leadToken: booked.leadToken, start: slots.slots[0].start })).status).toBe(201);
    at(Date.parse('2026-11-24T18:00:00Z'));
    const report = await worker().drain();
    expect(report.reassigned ?? 0).toBe(0);
    expect(await repOf(accepted.leadId)).toBe('ny');
    expect(await repOf(booked.leadId)).toBe('ldn');
    expect((await emails()).filter((m) => m.event === 'lead.sla_reminder')).toHaveLength(0);
  });

  it('counts the deadline across a weekend in the rep\'s zone', async () => {
    // Friday 27 November, 16:00 in New York: an hour left of Nora's week.
    at(Date.parse('2026-11-27T21:00:00Z'));
    t = await createTestApp({ now, yaml: SLA() });
    const lead = await submit();
    const breach = (await timersOf(lead.leadId)).find((x) => x.kind === 'breach')!;
    expect(new Date(breach.dueAt).toISOString()).toBe('2026-11-30T15:00:00.000Z');
    at(Date.parse('2026-11-29T12:00:00Z'));
    expect((await worker().drain()).reassigned ?? 0).toBe(0);
    at(Date.parse('2026-11-30T15:01:00Z'));
    expect(await worker().drain()).toMatchObject({ reassigned: 1 });
  });

  it('survives a restart in the middle: a timer held by a worker that died runs once its lease is over', async () => {
    at(MONDAY_0600Z);
    t = await createTestApp({ now, yaml: SLA() });
    const lead = await submit();
    at(Date.parse('2026-11-23T16:30:00Z'));
    // A worker claims both due timers and dies before running them.
    const claimed = await t.store.timers.claimDue({ now, leaseMs: 60_000, limit: 10, leaseToken: 'dead-worker' });
    expect(claimed.map((x) => x.kind).sort()).toEqual(['breach', 'remind']);
    // The next process finds them held…
    expect(await worker().drain()).toEqual({ ran: 0 });
    expect(await repOf(lead.leadId)).toBe('ny');
    // …and runs them once the lease is over: the reminder is moot by then, the breach reassigns.
    at(now + 61_000);
    expect(await worker().drain()).toMatchObject({ ran: 2, reassigned: 1 });
    expect(await repOf(lead.leadId)).toBe('ldn');
    // The dead worker's late completion changes nothing.
    expect(await t.store.timers.complete(claimed[0]!.id, 'dead-worker', now)).toBe(false);
  });

  it('reassigns once when two instances run the timers at the same moment', async () => {
    at(MONDAY_0600Z);
    t = await createTestApp({ now, yaml: SLA() });
    const leads = [await submit('a@acme.io'), await submit('b@acme.io'), await submit('c@acme.io')];
    at(Date.parse('2026-11-25T12:00:00Z'));
    const reports = await Promise.all([worker().drain(), worker().drain()]);
    const reassigned = reports.reduce((sum, r) => sum + (r.reassigned ?? 0), 0);
    const moved = await Promise.all(leads.map(async (l) => (await t.store.leads.find(l.leadId))!.trace.reassignments ?? []));
    expect(moved.map((list) => list.length)).toEqual([1, 1, 1]);
    expect(reassigned).toBe(3);
    expect((await listJobs(t.db)).filter((j) => j.kind === 'webhook' && j.event === 'lead.reassigned')).toHaveLength(3);
  });

  it('stops after maxReassignments, never back to a rep who had the lead', async () => {
    at(MONDAY_0600Z);
    t = await createTestApp({ now, yaml: SLA() });
    const lead = await submit();
    for (let day = 1; day <= 6; day++) {
      at(MONDAY_0600Z + day * DAY);
      await worker().drain();
    }
    const stored = (await t.store.leads.find(lead.leadId))!;
    expect(stored.trace.reassignments?.map((r) => `${r.from}→${r.to}`)).toEqual(['ny→ldn', 'ldn→kol']);
    expect(stored.repId).toBe('kol');
  });

  it('gives a breached lead to the team\'s newest rep by startedOn, taking no turn, with reassignTo: newest', async () => {
    at(MONDAY_0600Z);
    const yaml = SLA().replace('reassignTo: next', 'reassignTo: newest')
      .replace('email: leo@test.co,', 'email: leo@test.co, startedOn: 2026-09-01,')
      .replace('email: kavya@test.co,', 'email: kavya@test.co, startedOn: 2025-01-15,');
    t = await createTestApp({ now, yaml });
    const lead = await submit();
    at(Date.parse('2026-11-23T16:01:00Z'));
    expect(await worker().drain()).toMatchObject({ reassigned: 1 });
    expect(await repOf(lead.leadId)).toBe('ldn');
    const turns = await t.db.selectFrom('assignments').select('rep_id').where('lead_id', '=', lead.leadId).execute();
    expect(turns.map((x) => x.rep_id)).toEqual(['ny']);
  });

  it('reassigns an accepted lead left untouched for untouchedDays; a touch puts it off', async () => {
    at(MONDAY_0600Z);
    t = await createTestApp({ now, yaml: SLA('  untouchedDays: 14\n') });
    const lead = await submit();
    at(Date.parse('2026-11-23T15:00:00Z'));
    expect((await t.app.request(`/h/${await hostToken('nora@test.co', 'lead.assigned')}/accept`, form)).status).toBe(303);
    const untouched = (await timersOf(lead.leadId)).find((x) => x.kind === 'untouched')!;
    expect(untouched.dueAt).toBe(now + 14 * DAY);
    // Touched on day 10: the timer comes due on day 14 and is put off to day 24.
    const { acceptAs } = await import('../../../server/flows/host.ts');
    await acceptAs(deps(), lead.leadId, 'ny', now + 10 * DAY, true);
    at(Date.parse('2026-11-23T15:00:00Z') + 14 * DAY + MINUTE);
    expect(await worker().drain()).toMatchObject({ postponed: 1 });
    expect(await repOf(lead.leadId)).toBe('ny');
    at(Date.parse('2026-11-23T15:00:00Z') + 24 * DAY + MINUTE);
    expect(await worker().drain()).toMatchObject({ reassigned: 1 });
    expect(await repOf(lead.leadId)).toBe('ldn');
  });

  it('gives an unbooked lead\'s turn back when its link expires, and keeps a booked one\'s', async () => {
    at(MONDAY_0600Z);
    t = await createTestApp({ now });
    const unbooked = await submit('a@acme.io');
    const booked = await submit('b@acme.io');
    const slots = await (await t.app.request(`/api/leads/${booked.leadId}/slots?from=2026-11-23T00:00:00.000Z&to=2026-11-30T00:00:00.000Z`, { headers: { authorization: `Bearer ${booked.leadToken}` } })).json();
    expect((await t.post('/api/bookings', { leadToken: booked.leadToken, start: slots.slots[0].start })).status).toBe(201);
    at(MONDAY_0600Z + DAY + MINUTE);
    expect(await worker().drain()).toMatchObject({ ran: 2, credited: 1 });
    const credit = async (leadId: string) => (await t.db.selectFrom('assignments').select('credit_reason').where('lead_id', '=', leadId).executeTakeFirstOrThrow()).credit_reason;
    expect(await credit(unbooked.leadId)).toBe('unbooked');
    expect(await credit(booked.leadId)).toBeNull();
  });
});

describe('SLA follow-up: the hard cases', () => {
  it('keeps nothing a worker wrote after its lease was taken over by another instance', async () => {
    at(MONDAY_0600Z);
    t = await createTestApp({ now, yaml: SLA() });
    const lead = await submit();
    at(Date.parse('2026-11-23T16:30:00Z'));
    const [stale] = (await t.store.timers.claimDue({ now, leaseMs: 1_000, limit: 10, leaseToken: 'slow-worker' })).filter((x) => x.kind === 'breach');
    // The slow worker's lease runs out; another instance takes the timer and runs it.
    at(now + 2_000);
    expect(await worker().drain()).toMatchObject({ reassigned: 1 });
    const { runTimer } = await import('../../../server/flows/sla.ts');
    expect(await runTimer(deps(), stale!)).toBe('nothing');
    const trace = (await t.store.leads.find(lead.leadId))!.trace;
    expect(trace.reassignments).toHaveLength(1);
    expect((await emails()).filter((m) => m.event === 'lead.reassigned' && m.to.includes('leo@test.co'))).toHaveLength(1);
  });

  it('tries again in an hour when nobody can take the lead at the deadline', async () => {
    at(MONDAY_0600Z);
    // Leo is off all week and Kavya is not in the team: nobody else has times.
    const yaml = SLA().replace('rr: { members: [ny, ldn, kol]', 'rr: { members: [ny, ldn]')
      .replace('email: leo@test.co,', 'email: leo@test.co, timeOff: [{ from: 2026-11-23, to: 2026-12-06 }],');
    t = await createTestApp({ now, yaml });
    const lead = await submit();
    expect(lead.host).toEqual({ name: 'Nora York' });
    at(Date.parse('2026-11-23T16:01:00Z'));
    expect(await worker().drain()).toMatchObject({ postponed: 1 });
    expect(await repOf(lead.leadId)).toBe('ny');
    const breach = (await timersOf(lead.leadId)).find((x) => x.kind === 'breach')!;
    expect(breach).toMatchObject({ doneAt: null, dueAt: now + 3_600_000 });
    expect(await worker().drain()).toEqual({ ran: 0 });
  });

  it('gives back the turn of the rep who has the lead, not the one who missed the deadline', async () => {
    at(MONDAY_0600Z);
    t = await createTestApp({ now, yaml: SLA() });
    const lead = await submit();
    at(Date.parse('2026-11-23T16:01:00Z'));
    await worker().drain();
    expect(await repOf(lead.leadId)).toBe('ldn');
    const slots = await (await t.app.request(`/api/leads/${lead.leadId}/slots?from=2026-11-23T00:00:00.000Z&to=2026-11-30T00:00:00.000Z`, { headers: { authorization: `Bearer ${lead.leadToken}` } })).json();
    const booked = await (await t.post('/api/bookings', { leadToken: lead.leadToken, start: slots.slots[0].start })).json();
    expect(booked.host).toEqual({ name: 'Leo Don' });
    expect((await t.post(`/api/manage/${booked.manageUrl.split('/m/')[1]}/cancel`, {})).status).toBe(200);
    const turns = await t.db.selectFrom('assignments').select(['rep_id', 'credit_reason']).where('lead_id', '=', lead.leadId).orderBy('at_ms').execute();
    expect(turns).toEqual([{ rep_id: 'ny', credit_reason: null }, { rep_id: 'ldn', credit_reason: 'canceled' }]);
  });
});

describe('SLA follow-up after a rep leaves', () => {
  it('still moves a lead whose rep was taken out of the config, writing to nobody who is gone', async () => {
    at(MONDAY_0600Z);
    t = await createTestApp({ now, yaml: SLA() });
    const lead = await submit();
    const { buildCatalog } = await import('../../../server/config/catalog.ts');
    const { configFrom } = await import('../../helpers/app.ts');
    const without = configFrom(SLA()
      .replace(/ {2}- \{ id: ny,[^\n]*\n/, '')
      .replace('rr: { members: [ny, ldn, kol]', 'rr: { members: [ldn, kol]')
      .replace('pool: { members: [ny, ldn]', 'pool: { members: [ldn]')
      .replace('to: { rep: ny }', 'to: { rep: ldn }'));
    const catalog = buildCatalog(without);
    at(Date.parse('2026-11-23T15:31:00Z'));
    const after = createTimerWorker({ deps: () => ({ ...deps(), catalog }), log: silentLogger });
    expect(await after.drain()).toMatchObject({ ran: 1, nothing: 1 });
    at(Date.parse('2026-11-23T16:01:00Z'));
    expect(await after.drain()).toMatchObject({ reassigned: 1 });
    // The team's next rep by its round robin (the pointer as the old member list left it).
    const to = (await repOf(lead.leadId))!;
    expect(['ldn', 'kol']).toContain(to);
    const address = catalog.reps.get(to)!.email;
    expect((await emails()).filter((m) => m.event === 'lead.reassigned').map((m) => m.to)).toEqual([expect.stringContaining(address)]);
  });
});
