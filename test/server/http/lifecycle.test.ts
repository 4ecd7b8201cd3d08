import { afterEach, describe, expect, it } from 'vitest';
import { createMailer } from '../../../server/delivery/mail.ts';
import { createOutboxWorker } from '../../../server/delivery/outbox.ts';
import { silentLogger } from '../../../server/http/log.ts';
import { listJobs } from '../../../server/store/outbox.ts';
import { createTestApp, validAnswers, type TestApp } from '../../helpers/app.ts';
import { MONDAY_0600Z, TEST_CONFIG_YAML } from '../../fixtures/test-config.ts';

let t: TestApp;
afterEach(async () => { await t.close(); });

const HOUR = 3_600_000;
const HOST_LINK = /http:\/\/usher\.test\/h\/([A-Za-z0-9_-]{43})/;
const form = (body: Record<string, string>) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body).toString() });

type Scheduled = { leadId: string; leadToken: string; host: { name: string } | null; slots: { start: string; end: string }[] };

async function submit(answers: Record<string, string> = {}) {
  return (await t.post('/api/forms/demo/submissions', { answers: validAnswers(answers), timezone: 'Europe/Berlin' })).json();
}

async function booked(answers: Record<string, string> = {}) {
  const lead: Scheduled = await submit(answers);
  const booking = await (await t.post('/api/bookings', { leadToken: lead.leadToken, start: lead.slots[0]!.start })).json();
  return { lead, booking: booking as { bookingId: string; manageUrl: string; start: string; end: string } };
}

/** The queued emails, as their text parts, newest last. */
async function mails(filter: { bookingId?: string } = {}) {
  return (await listJobs(t.db, filter)).filter((j) => j.kind === 'email')
    .map((j) => ({ event: j.event, ...(JSON.parse(j.payload) as { mail: { to: string; text: string; html: string; invite?: { link?: { url: string } } } }).mail }));
}

async function hostTokenOf(email: string, filter: { bookingId?: string; about?: string } = {}): Promise<string> {
  const mail = (await mails(filter)).reverse().find((m) => m.to?.includes(email) && (!filter.about || m.text.includes(filter.about)));
  const match = mail && HOST_LINK.exec(mail.text);
  if (!match) throw new Error(`no host link in an email to ${email}`);
  return match[1]!;
}

const deliver = () => createOutboxWorker({
  store: t.store, mailer: createMailer({ dataDir: t.dataDir }), log: silentLogger, clock: () => MONDAY_0600Z, secret: () => undefined,
}).drain();

const turns = async (leadId: string) => t.db.selectFrom('assignments').select(['rep_id', 'credited_at', 'credit_reason']).where('lead_id', '=', leadId).orderBy('at_ms').execute();

describe('known prospects (SPEC §12)', () => {
  it('answers already_booked with the meeting, emails its manage link (never in the answer), routes nothing and takes no turn', async () => {
    t = await createTestApp({ now: MONDAY_0600Z });
    const { lead, booking } = await booked({ email: 'ana@acme.io' });
    expect(lead.host).toEqual({ name: 'Nora York' });
    const leads = await t.store.leads.count();
    const res = await t.post('/api/forms/demo/submissions', { answers: validAnswers({ email: 'ANA@acme.io', name: 'Ana' }), timezone: 'America/New_York', locale: 'de' });
    expect(res.status).toBe(200);
    const text = await res.text();
    const body = JSON.parse(text);
    expect(body).toMatchObject({ outcome: 'already_booked', booking: { start: booking.start, end: booking.end, host: { name: 'Nora York' } } });
    // In the prospect's language, the time in the zone they sent, and no key to the booking.
    expect(body.message).toMatch(/^Sie haben bereits einen Termin: Test demo mit Nora York, .*America\/New_York.*per E-Mail/);
    expect(text).not.toContain(booking.manageUrl);
    expect(text).not.toMatch(/\/m\/|\/h\/|leadToken/);
    expect(await t.store.leads.count()).toBe(leads);
    const again = (await mails({ bookingId: booking.bookingId })).filter((m) => m.event === 'booking.link_requested');
    expect(again).toHaveLength(1);
    expect(again[0]!.to).toContain('<ana@acme.io>');
    expect(again[0]!.text).toContain(booking.manageUrl);
    // Asking again at once sends nothing more; the rotation did not move (ldn is next).
    expect((await submit({ email: 'ana@acme.io' })).outcome).toBe('already_booked');
    expect((await mails({ bookingId: booking.bookingId })).filter((m) => m.event === 'booking.link_requested')).toHaveLength(1);
    expect((await submit({ email: 'bo@acme.io' })).host).toEqual({ name: 'Leo Don' });
    // Once the meeting has ended, the prospect is routed like anyone else.
    t.setNow(Date.parse(booking.end) + 1);
    expect((await submit({ email: 'ana@acme.io' })).outcome).toBe('schedule');
  });

  it('routes a prospect whose meeting was canceled', async () => {
    t = await createTestApp({ now: MONDAY_0600Z });
    const { booking } = await booked({ email: 'ana@acme.io' });
    const token = booking.manageUrl.split('/m/')[1]!;
    expect((await t.post(`/api/manage/${token}/cancel`, {})).status).toBe(200);
    expect((await submit({ email: 'ana@acme.io' })).outcome).toBe('schedule');
  });
});

describe('host links (SPEC §12)', () => {
  it('gives the rep a host link of their own, in the email and the invite; the prospect keeps the manage link', async () => {
    t = await createTestApp({ now: MONDAY_0600Z });
    const { booking } = await booked();
    const created = await mails({ bookingId: booking.bookingId });
    const rep = created.find((m) => m.to.includes('nora@test.co'));
    const prospect = created.find((m) => m.to.includes('jo@acme.io'));
    expect(rep!.text).toMatch(HOST_LINK);
    expect(rep!.text + rep!.html).not.toContain(booking.manageUrl);
    expect(rep!.invite!.link!.url).toMatch(HOST_LINK);
    expect(prospect!.text).toContain(booking.manageUrl);
    expect(prospect!.text).not.toMatch(HOST_LINK);
    const hostToken = await hostTokenOf('nora@test.co');
    // The rendered invites, as sent (a sent job keeps only a summary).
    await deliver();
    const sent = t.outbox();
    const toRep = sent.find((m) => /^To: .*nora@test\.co/m.test(m.text))!;
    expect(toRep.text).toMatch(/^URL(;VALUE=URI)?:http:\/\/usher\.test\/h\//m);
    expect(toRep.text).not.toContain(booking.manageUrl);
    // A later change carries the same host link; only its hash is stored.
    const manage = booking.manageUrl.split('/m/')[1]!;
    const moved = await t.post(`/api/manage/${manage}/reschedule`, { start: new Date(Date.parse(booking.start) + HOUR).toISOString() });
    expect(moved.status).toBe(200);
    expect(await hostTokenOf('nora@test.co', { bookingId: booking.bookingId })).toBe(hostToken);
    const stored = JSON.stringify(await t.db.selectFrom('host_links').selectAll().execute());
    expect(stored).not.toContain(hostToken);
  });

  it('shows the lead, its answers and why it came, and accepts it once', async () => {
    t = await createTestApp({ now: MONDAY_0600Z });
    const { lead, booking } = await booked({ country: 'FR' });
    const token = await hostTokenOf('nora@test.co', { bookingId: booking.bookingId });
    const page = await t.app.request(`/h/${token}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const html = await page.text();
    expect(html).toContain('Lead: Jo Prospect');
    expect(html).toContain('France');
    expect(html).toContain('route 4 → team rr, round robin');
    expect(html).toContain('You have not accepted this lead yet.');
    const accepted = await t.app.request(`/h/${token}/accept`, form({}));
    expect(accepted.status).toBe(303);
    expect(accepted.headers.get('location')).toBe(`/h/${token}?done=accepted`);
    const after = await (await t.app.request(accepted.headers.get('location')!)).text();
    expect(after).toContain('Accepted. The lead is yours.');
    expect(after).toMatch(/You accepted this lead on Monday, November 23, 2026/);
    expect(after).not.toContain('action="/h/' + token + '/accept"');
    expect((await t.store.leads.followUp(lead.leadId)).acceptedAt).toBe(MONDAY_0600Z);
    t.setNow(MONDAY_0600Z + HOUR);
    expect((await t.app.request(`/h/${token}/accept`, form({}))).status).toBe(303);
    expect((await t.store.leads.followUp(lead.leadId)).acceptedAt).toBe(MONDAY_0600Z);
  });

  it('answers an unknown or malformed host token with a 404 page', async () => {
    t = await createTestApp({ now: MONDAY_0600Z });
    for (const path of [`/h/${'x'.repeat(43)}`, '/h/%00', `/h/${'a'.repeat(300)}`]) {
      const res = await t.app.request(path);
      expect(res.status).toBe(404);
      expect(await res.text()).toContain('This link is not valid.');
    }
    expect((await t.app.request(`/h/${'x'.repeat(43)}/accept`, form({}))).status).toBe(404);
  });

  it('cancels as host only with a reason, tells the prospect why, and gives the turn back', async () => {
    t = await createTestApp({ now: MONDAY_0600Z });
    const { lead, booking } = await booked();
    const token = await hostTokenOf('nora@test.co');
    const refused = await t.app.request(`/h/${token}/cancel`, form({ reason: '  ' }));
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('Please give a reason. The prospect reads it.');
    expect((await t.store.bookings.find(booking.bookingId))!.status).toBe('confirmed');
    expect((await t.app.request(`/h/${token}/cancel`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(415);

    const done = await t.app.request(`/h/${token}/cancel`, form({ reason: 'I am out sick; a colleague will write to you.' }));
    expect(done.status).toBe(303);
    const canceled = (await t.store.bookings.find(booking.bookingId))!;
    expect(canceled).toMatchObject({ status: 'canceled', canceledBy: 'host', cancelReason: 'I am out sick; a colleague will write to you.' });
    const toProspect = (await mails({ bookingId: booking.bookingId })).find((m) => m.event === 'booking.canceled' && m.to.includes('jo@acme.io'))!;
    expect(toProspect.text).toContain('Reason: I am out sick; a colleague will write to you.');
    expect(toProspect.text).toContain(booking.manageUrl);
    expect(toProspect.text).toContain('Book a new time: http://usher.test/?form=demo');
    expect(await turns(lead.leadId)).toEqual([{ rep_id: 'ny', credited_at: MONDAY_0600Z, credit_reason: 'canceled' }]);
    const page = await (await t.app.request(`/h/${token}`)).text();
    expect(page).toContain('Canceled by the host');
  });

  it('marks held or no-show after the start only, once; a no-show gives the turn back, held does not', async () => {
    t = await createTestApp({ now: MONDAY_0600Z });
    const first = await booked({ email: 'a@acme.io' });
    const second = await booked({ email: 'b@acme.io' });
    const tokenA = await hostTokenOf('nora@test.co');
    const tokenB = await hostTokenOf('leo@test.co');
    const early = await t.app.request(`/h/${tokenA}/outcome`, form({ outcome: 'no_show' }));
    expect(early.status).toBe(409);
    expect(await early.text()).toContain('This can be marked once the meeting has started.');
    expect((await t.app.request(`/h/${tokenA}/outcome`, form({ outcome: 'maybe' }))).status).toBe(422);

    t.setNow(Math.max(Date.parse(first.booking.start), Date.parse(second.booking.start)) + 5 * 60_000);
    expect((await t.app.request(`/h/${tokenA}`)).status).toBe(200);
    const noShow = await t.app.request(`/h/${tokenA}/outcome`, form({ outcome: 'no_show' }));
    expect(noShow.status).toBe(303);
    expect(noShow.headers.get('location')).toContain('done=no_show');
    expect((await t.app.request(`/h/${tokenB}/outcome`, form({ outcome: 'held' }))).status).toBe(303);
    expect((await t.app.request(`/h/${tokenA}/outcome`, form({ outcome: 'held' }))).status).toBe(409);
    expect((await t.store.bookings.find(first.booking.bookingId))!.hostOutcome).toBe('no_show');
    expect((await t.store.bookings.find(second.booking.bookingId))!.hostOutcome).toBe('held');
    expect((await turns(first.lead.leadId))[0]).toMatchObject({ credit_reason: 'no_show' });
    expect((await turns(second.lead.leadId))[0]).toMatchObject({ credited_at: null });
  });

  it('keeps every turn when routing.creditBack is empty', async () => {
    t = await createTestApp({ now: MONDAY_0600Z, yaml: TEST_CONFIG_YAML.replace('  stickyDays: 0\n', '  stickyDays: 0\n  creditBack: []\n') });
    const { lead } = await booked();
    const token = await hostTokenOf('nora@test.co');
    expect((await t.app.request(`/h/${token}/cancel`, form({ reason: 'Double booked' }))).status).toBe(303);
    expect(await turns(lead.leadId)).toEqual([{ rep_id: 'ny', credited_at: null, credit_reason: null }]);
  });
});

describe('handing a lead back (SPEC §12)', () => {
  it('gives an unbooked lead to the team\'s next rep, who gets their own link; the old link only says where it went', async () => {
    const yaml = TEST_CONFIG_YAML.replace('forms:\n', 'webhooks:\n  - { url: "http://hooks.test/usher", events: [lead.reassigned], secretEnv: USHER_TEST_HOOK }\nforms:\n');
    t = await createTestApp({ now: MONDAY_0600Z, yaml });
    const lead: Scheduled = await submit();
    expect(lead.host).toEqual({ name: 'Nora York' });
    // An unbooked lead's rep has no email yet: the link is the one a booking would send.
    const { hostUrlFor } = await import('../../../server/flows/host-link.ts');
    const url = await hostUrlFor(t.store, { catalog: t.catalog, secret: 'test-secret-0123456789-0123456789-abcdef' }, lead.leadId, 'ny', MONDAY_0600Z);
    const token = HOST_LINK.exec(url)![1]!;

    const res = await t.app.request(`/h/${token}/hand-back`, form({}));
    expect(res.status).toBe(303);
    const stored = (await t.store.leads.find(lead.leadId))!;
    expect(stored).toMatchObject({ repId: 'ldn', candidateIds: ['ldn'] });
    expect(stored.trace.reassignments).toEqual([expect.objectContaining({ from: 'ny', to: 'ldn', why: 'handed_back' })]);
    // Nora's turn is given back; Leo took one for it.
    expect(await turns(lead.leadId)).toEqual([
      { rep_id: 'ny', credited_at: MONDAY_0600Z, credit_reason: 'handed_back' },
      { rep_id: 'ldn', credited_at: null, credit_reason: null },
    ]);
    const jobs = await listJobs(t.db);
    expect(jobs.filter((j) => j.event === 'lead.reassigned').map((j) => j.kind).sort()).toEqual(['email', 'webhook']);
    const hook = JSON.parse(JSON.parse(jobs.find((j) => j.kind === 'webhook' && j.event === 'lead.reassigned')!.payload).body);
    expect(hook.data).toMatchObject({ lead: { id: lead.leadId }, from: { id: 'ny' }, to: { id: 'ldn' }, why: 'handed_back' });
    const leoToken = await hostTokenOf('leo@test.co', { about: 'handed this lead' });
    expect(leoToken).not.toBe(token);
    const leoMail = (await mails()).find((m) => m.to?.includes('leo@test.co'))!;
    expect(leoMail.text).toContain('Nora York handed this lead to you: Jo Prospect (jo@acme.io).');
    expect(leoMail.text).toContain('Company size: 11-50');

    // Nora's link still opens, says where the lead is, and acts no more.
    const old = await (await t.app.request(`/h/${token}`)).text();
    expect(old).toContain('This lead is now with Leo Don.');
    expect(old).not.toContain('/accept');
    expect((await t.app.request(`/h/${token}/accept`, form({}))).status).toBe(409);
    expect((await t.app.request(`/h/${token}/hand-back`, form({}))).status).toBe(409);
    // The prospect books with the rep who has the lead now.
    const query = new URLSearchParams({ from: new Date(MONDAY_0600Z).toISOString(), to: new Date(MONDAY_0600Z + 7 * 24 * HOUR).toISOString() });
    const fresh = await (await t.app.request(`/api/leads/${lead.leadId}/slots?${query}`, { headers: { authorization: `Bearer ${lead.leadToken}` } })).json();
    expect(fresh.slots[0].start).not.toBe(lead.slots[0]!.start);
    const booking = await (await t.post('/api/bookings', { leadToken: lead.leadToken, start: fresh.slots[0].start })).json();
    expect(booking.host).toEqual({ name: 'Leo Don' });

    // Handed back again and again: nobody is left who has not had it.
    const { hostUrlFor: again } = await import('../../../server/flows/host-link.ts');
    const next: Scheduled = await submit({ email: 'zed@acme.io' });
    const kolToken = HOST_LINK.exec(await again(t.store, { catalog: t.catalog, secret: 'test-secret-0123456789-0123456789-abcdef' }, next.leadId, 'kol', MONDAY_0600Z))![1]!;
    expect(next.host).toEqual({ name: 'Kavya Kol' });
    expect((await t.app.request(`/h/${kolToken}/hand-back`, form({}))).status).toBe(303);
    const nyToken = await hostTokenOf('nora@test.co', { about: 'zed@acme.io' });
    expect((await t.app.request(`/h/${nyToken}/hand-back`, form({}))).status).toBe(303);
    const leo = await hostTokenOf('leo@test.co', { about: 'zed@acme.io' });
    const last = await t.app.request(`/h/${leo}/hand-back`, form({}));
    expect(last.status).toBe(409);
    expect(await last.text()).toContain('Nobody else on the team can take this lead now.');
    expect((await t.store.leads.find(next.leadId))!.repId).toBe('ldn');
  });

  it('refuses to hand back a booked lead, and a lead that came from no team', async () => {
    t = await createTestApp({ now: MONDAY_0600Z });
    const first = await booked();
    const token = await hostTokenOf('nora@test.co', { bookingId: first.booking.bookingId });
    const booked1 = await t.app.request(`/h/${token}/hand-back`, form({}));
    expect(booked1.status).toBe(409);
    expect(await booked1.text()).toContain('Cancel it as host');
    const direct1 = await booked({ email: 'big@acme.io', size: '201-1000' });
    const direct = await hostTokenOf('nora@test.co', { bookingId: direct1.booking.bookingId });
    expect(direct).not.toBe(token);
    const page = await (await t.app.request(`/h/${direct}`)).text();
    expect(page).not.toContain('/hand-back');
  });
});

describe('the distribution report with turns given back', () => {
  it('counts routed, credited, booked, held and no-show per rep, and shares count only turns kept', async () => {
    t = await createTestApp({ now: MONDAY_0600Z, adminToken: 'admin-token-0123456789' });
    const a = await booked({ email: 'a@acme.io' }); // ny
    await booked({ email: 'b@acme.io' }); // ldn
    await submit({ email: 'c@acme.io' }); // kol, unbooked
    t.setNow(Date.parse(a.booking.start) + 60_000);
    expect((await t.app.request(`/h/${await hostTokenOf('nora@test.co')}/outcome`, form({ outcome: 'no_show' }))).status).toBe(303);
    const res = await t.app.request('/api/admin/distribution?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z', { headers: { authorization: 'Bearer admin-token-0123456789' } });
    expect(res.status).toBe(200);
    const rr = (await res.json()).teams.find((team: { teamId: string }) => team.teamId === 'rr');
    const rep = (id: string) => rr.reps.find((r: { repId: string }) => r.repId === id);
    expect(rr.leads).toBe(3);
    expect(rep('ny')).toMatchObject({ leads: 1, credited: 1, booked: 1, held: 0, noShow: 1, share: 0 });
    expect(rep('ldn')).toMatchObject({ leads: 1, credited: 0, booked: 1, noShow: 0, share: 0.5 });
    expect(rep('kol')).toMatchObject({ leads: 1, credited: 0, booked: 0, share: 0.5 });
  });
});

describe('a lead that books again after a cancel', () => {
  it('takes its turn back only when the new booking is made', async () => {
    t = await createTestApp({ now: MONDAY_0600Z });
    const { lead, booking } = await booked();
    const token = booking.manageUrl.split('/m/')[1]!;
    expect((await t.post(`/api/manage/${token}/cancel`, {})).status).toBe(200);
    expect((await turns(lead.leadId))[0]).toMatchObject({ credit_reason: 'canceled' });
    // Another prospect takes the next time first: the rebooking fails, the turn stays given back.
    const other = await (await t.post('/api/forms/demo/submissions', { answers: validAnswers({ email: 'zz@acme.io', size: '201-1000' }), timezone: 'UTC' })).json();
    expect((await t.post('/api/bookings', { leadToken: other.leadToken, start: lead.slots[1]!.start })).status).toBe(201);
    expect((await t.post('/api/bookings', { leadToken: lead.leadToken, start: lead.slots[1]!.start })).status).toBe(409);
    expect((await turns(lead.leadId))[0]).toMatchObject({ credit_reason: 'canceled' });
    expect((await t.post('/api/bookings', { leadToken: lead.leadToken, start: lead.slots[2]!.start })).status).toBe(201);
    expect((await turns(lead.leadId))[0]).toMatchObject({ credited_at: null, credit_reason: null });
  });
});
