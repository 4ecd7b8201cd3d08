import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMailer } from '../../../server/delivery/mail.ts';
import { createOutboxWorker, retryDelay, OUTBOX_DEFAULTS } from '../../../server/delivery/outbox.ts';
import { NO_CALENDARS } from '../../../server/calendars/busy.ts';
import { createTimerWorker } from '../../../server/flows/timer-worker.ts';
import { silentLogger } from '../../../server/http/log.ts';
import { listJobs } from '../../../server/store/outbox.ts';
import { createTestApp, validAnswers, type TestApp } from '../../helpers/app.ts';
import { MONDAY_0600Z, TEST_CONFIG_YAML } from '../../fixtures/test-config.ts';
import { calendarOf, startSmtpSink, type Received, type SmtpSink } from './sinks.ts';

// The test config sends this lead to Nora York (America/New_York); the prospect is in Berlin.
const REP = 'nora@test.co';
const PROSPECT = 'jo@acme.io';

let t: TestApp;
let smtp: SmtpSink;
let clock: number;
beforeEach(async () => {
  [t, smtp] = await Promise.all([createTestApp({ now: MONDAY_0600Z }), startSmtpSink()]);
  clock = MONDAY_0600Z;
});
afterEach(async () => {
  await Promise.all([t.close(), smtp.stop()]);
});

const worker = (options: { maxAttempts?: number } = {}) => createOutboxWorker({
  store: t.store, mailer: createMailer({ smtpUrl: smtp.url, dataDir: t.dataDir }), log: silentLogger,
  clock: () => clock, secret: () => undefined, random: () => 0.5, ...options,
});

async function book(start = '2026-11-23T14:00:00.000Z') {
  const lead = await (await t.post('/api/forms/demo/submissions', { answers: validAnswers(), timezone: 'Europe/Berlin' })).json();
  const res = await t.post('/api/bookings', { leadToken: lead.leadToken, start });
  expect(res.status).toBe(201);
  const booking = await res.json();
  return { ...booking, token: new URL(booking.manageUrl).pathname.split('/')[2] as string };
}

/** Intl spaces time ranges with thin and narrow no-break spaces; read them as spaces. */
const plain = (text: string | undefined) => (text ?? '').replace(/[\u2009\u202f]/g, ' ');
const textOf = (r: Received) => plain(r.email.text ?? '');

describe('invites over SMTP', () => {
  it('sends the rep and the prospect an invite that calendars accept, for create, reschedule and cancel', async () => {
    const b = await book();
    const uid = `${b.bookingId}@usher.test`;
    expect(await worker().drain()).toMatchObject({ sent: 2 });

    const [repNew] = smtp.to(REP);
    const [prospectNew] = smtp.to(PROSPECT);
    for (const message of [repNew!, prospectNew!]) {
      expect(calendarOf(message.email)).toMatchObject({
        partMethod: 'REQUEST', method: 'REQUEST', uid, sequence: 0, status: 'CONFIRMED',
        start: '2026-11-23T14:00:00.000Z', end: '2026-11-23T14:30:00.000Z',
        organizer: `mailto:${REP}`, attendees: [`mailto:${REP}`, `mailto:${PROSPECT}`],
      });
      // A file for clients that only offer attachments, beside the text/calendar part: once.
      expect(message.email.attachments.filter((a) => a.filename === 'invite.ics').map((a) => a.mimeType)).toEqual(['application/ics']);
      expect(message.email.from).toEqual({ name: 'Test Co', address: 'no-reply@usher.test' });
      // Each reader's own key: the rep's host link, never the prospect's manage link.
      const link = (message === repNew ? /href="(http:\/\/usher\.test\/h\/[\w-]{43})"/.exec(message.email.html ?? '')?.[1] : b.manageUrl) ?? 'no link';
      expect(link).not.toBe('no link');
      expect(message.email.html).toContain(`href="${link}"`);
      expect(textOf(message)).toContain(link);
      expect(calendarOf(message.email).description).toContain(link);
      if (message === repNew) expect(`${message.email.html}${textOf(message)}${calendarOf(message.email).description}`).not.toContain(b.manageUrl);
      expect(message.email.messageId).toMatch(/^<[0-9a-f-]{36}@usher\.test>$/);
    }
    expect(plain(repNew!.email.subject)).toBe('Invitation: Test demo with Jo Prospect, Monday, November 23, 2026, 9:00 – 9:30 AM (America/New_York)');
    expect(plain(prospectNew!.email.subject)).toBe('Invitation: Test demo with Nora York, Monday, November 23, 2026, 3:00 – 3:30 PM (Europe/Berlin)');
    // The answers, by label, go to the rep only.
    expect(textOf(repNew!)).toContain('Company size: 11-50');
    expect(calendarOf(repNew!.email).description).toContain('Company size: 11-50');
    expect(textOf(prospectNew!)).not.toContain('11-50');
    // Why the rep has the lead, and the country by name.
    expect(textOf(repNew!)).toContain('Why you: route 4 → team rr, round robin');
    expect(textOf(repNew!)).toContain('Country: Germany');
    expect(textOf(repNew!)).not.toContain('Country: DE');
    expect(textOf(prospectNew!)).not.toContain('Why you');
    expect(calendarOf(prospectNew!.email).description).not.toContain('11-50');

    expect((await t.post(`/api/manage/${b.token}/reschedule`, { start: '2026-11-23T16:00:00.000Z' })).status).toBe(200);
    expect(await worker().drain()).toMatchObject({ sent: 2 });
    for (const address of [REP, PROSPECT]) {
      const moved = smtp.to(address)[1]!;
      expect(calendarOf(moved.email)).toMatchObject({
        partMethod: 'REQUEST', method: 'REQUEST', uid, sequence: 1, start: '2026-11-23T16:00:00.000Z', end: '2026-11-23T16:30:00.000Z',
      });
      expect(moved.email.subject).toMatch(/^Updated invitation: /);
    }
    expect(textOf(smtp.to(PROSPECT)[1]!)).toContain('Was: Monday, November 23, 2026, 3:00 – 3:30 PM (Europe/Berlin)');

    expect((await t.post(`/api/manage/${b.token}/cancel`, { reason: 'Budget freeze' })).status).toBe(200);
    expect(await worker().drain()).toMatchObject({ sent: 2 });
    for (const address of [REP, PROSPECT]) {
      const canceled = smtp.to(address)[2]!;
      expect(calendarOf(canceled.email)).toMatchObject({
        partMethod: 'CANCEL', method: 'CANCEL', uid, sequence: 2, status: 'CANCELLED', start: '2026-11-23T16:00:00.000Z',
      });
      expect(canceled.email.subject).toMatch(/^Canceled: /);
      expect(textOf(canceled)).toContain('Reason: Budget freeze');
    }
    // The prospect may book a new time on the form's page.
    expect(textOf(smtp.to(PROSPECT)[2]!)).toContain('Book a new time: http://usher.test/?form=demo');
    expect(smtp.to(PROSPECT)[2]!.email.html).toContain('href="http://usher.test/?form=demo"');
    expect(textOf(smtp.to(REP)[2]!)).not.toContain('Book a new time');
    expect(smtp.received).toHaveLength(6);
  });

  it('tells the rep why the lead is theirs: an account they own, a route naming them, a pooled team, in their language', async () => {
    await t.close();
    t = await createTestApp({ now: MONDAY_0600Z, yaml: TEST_CONFIG_YAML.replace('  publicUrl: http://usher.test\n', '  publicUrl: http://usher.test\n  locale: de\n') });
    const cases: { answers: Record<string, string>; start: string; rep?: string; why: string }[] = [
      { answers: { email: 'kim@globex.com' }, start: '2026-11-23T14:00:00.000Z', rep: 'leo@test.co', why: 'Warum Sie: Ihnen gehört der Account Globex' },
      { answers: { email: 'max@initech.io', size: '201-1000' }, start: '2026-11-23T15:00:00.000Z', rep: REP, why: 'Warum Sie: Regel 3 nennt Sie' },
      { answers: { email: 'ria@hooli.io', size: '1000+' }, start: '2026-11-23T16:00:00.000Z', why: 'Warum Sie: Regel 2 → Team pool, zu dieser Zeit frei (reihum)' },
    ];
    for (const { answers, start } of cases) {
      const lead = await (await t.post('/api/forms/demo/submissions', { answers: validAnswers(answers), timezone: 'Europe/Berlin' })).json();
      expect((await t.post('/api/bookings', { leadToken: lead.leadToken, start })).status).toBe(201);
    }
    expect(await worker().drain()).toMatchObject({ sent: 6 });
    const repMails = smtp.received.filter((r) => r.envelopeTo.some((to) => to.endsWith('@test.co')));
    for (const { rep, why } of cases) {
      const mail = repMails.find((r) => textOf(r).includes(why));
      expect(mail, why).toBeDefined();
      if (rep) expect(mail!.envelopeTo).toEqual([rep]);
      // The label as the config has it, the country named in the rep's language.
      expect(textOf(mail!)).toContain('Country: Deutschland');
    }
  });

  it('sends from organization.mail.from when the config sets it', async () => {
    await t.close();
    t = await createTestApp({
      now: MONDAY_0600Z,
      yaml: TEST_CONFIG_YAML.replace('  publicUrl: http://usher.test\n', '  publicUrl: http://usher.test\n  mail: { from: "Test Co Meetings <meetings@test.co>" }\n'),
    });
    await book();
    expect(await worker().drain()).toMatchObject({ sent: 2 });
    for (const address of [REP, PROSPECT]) expect(smtp.to(address)[0]!.email.from).toEqual({ name: 'Test Co Meetings', address: 'meetings@test.co' });
  });

  it('loses nothing while the mail server is down, and delivers once it is back', async () => {
    await smtp.stop();
    const b = await book();
    const w = worker();

    // Down: both tries fail and come back after the first backoff step.
    expect(await w.runOnce()).toMatchObject({ claimed: 2, sent: 0, retried: 2, dead: 0 });
    let jobs = await listJobs(t.db, { bookingId: b.bookingId });
    expect(jobs.map((j) => [j.status, j.attempts])).toEqual([['pending', 1], ['pending', 1]]);
    expect(jobs[0]!.lastError).toMatch(/ECONNREFUSED/);
    const firstDelay = retryDelay(1, OUTBOX_DEFAULTS.backoff, () => 0.5);
    expect(jobs.map((j) => j.runAt)).toEqual([clock + firstDelay, clock + firstDelay]);
    // Not due yet: nothing is tried.
    expect(await w.runOnce()).toMatchObject({ claimed: 0 });

    // Still down at the next try: the wait doubles.
    const second = clock + firstDelay;
    clock = second;
    expect(await w.runOnce()).toMatchObject({ retried: 2 });
    jobs = await listJobs(t.db, { bookingId: b.bookingId });
    expect(jobs.map((j) => j.runAt - second)).toEqual([2 * firstDelay, 2 * firstDelay]);

    // Back up: the next round delivers both, exactly once each.
    await smtp.start();
    clock = second + 2 * firstDelay;
    expect(await w.drain()).toMatchObject({ sent: 2, retried: 0, dead: 0 });
    expect(smtp.to(REP)).toHaveLength(1);
    expect(smtp.to(PROSPECT)).toHaveLength(1);
    expect(calendarOf(smtp.to(REP)[0]!.email).uid).toBe(`${b.bookingId}@usher.test`);
    jobs = await listJobs(t.db, { bookingId: b.bookingId });
    expect(jobs.map((j) => [j.status, j.attempts])).toEqual([['done', 3], ['done', 3]]);
    // A sent message's link and the answers do not stay behind in the table.
    for (const job of jobs) {
      expect(job.payload).not.toContain(b.token);
      expect(job.payload).not.toContain('11-50');
    }
  });

  it('gives up after the last try and keeps the job, its message and its error', async () => {
    await smtp.stop();
    await book();
    const w = worker({ maxAttempts: 2 });
    expect(await w.runOnce()).toMatchObject({ retried: 2 });
    clock += 3_600_000;
    expect(await w.runOnce()).toMatchObject({ dead: 2 });
    const jobs = await listJobs(t.db);
    expect(jobs.map((j) => j.status)).toEqual(['dead', 'dead']);
    expect(jobs[0]!.lastError).toMatch(/ECONNREFUSED/);
    expect(JSON.parse(jobs[0]!.payload).mail.invite).toMatchObject({ method: 'REQUEST', sequence: 0 });
    clock += 86_400_000;
    expect(await w.runOnce()).toMatchObject({ claimed: 0 });
  });
});

describe('lead follow-up over SMTP', () => {
  it('delivers the new lead with its host link, the SLA reminder and both reassignment emails', async () => {
    await t.close();
    const yaml = TEST_CONFIG_YAML.replace('forms:\n', 'sla:\n  acceptWithinMinutes: 120\n  remindBeforeMinutes: 30\n  reassignTo: next\nforms:\n');
    t = await createTestApp({ now: MONDAY_0600Z, yaml });
    const lead = await (await t.post('/api/forms/demo/submissions', { answers: validAnswers(), timezone: 'Europe/Berlin' })).json();
    const timers = createTimerWorker({
      deps: () => ({ store: t.store, catalog: t.catalog, clock: () => clock, calendars: NO_CALENDARS, secret: 'test-secret-0123456789-0123456789-abcdef' }),
      log: silentLogger,
    });
    clock = Date.parse('2026-11-23T15:31:00Z');
    expect(await timers.drain()).toMatchObject({ reminded: 1 });
    clock = Date.parse('2026-11-23T16:01:00Z');
    expect(await timers.drain()).toMatchObject({ reassigned: 1 });
    expect(await worker().drain()).toMatchObject({ sent: 4, dead: 0 });

    // Deliveries run in parallel: found by subject, not by order of arrival.
    const toNora = (subject: string) => smtp.to(REP).find((m) => plain(m.email.subject).startsWith(subject));
    expect(smtp.to(REP)).toHaveLength(3);
    const assigned = toNora('New lead: Jo Prospect');
    const reminder = toNora('Reminder: accept');
    const away = toNora('Lead reassigned');
    const link = /http:\/\/usher\.test\/h\/[\w-]{43}/.exec(textOf(assigned!))?.[0];
    expect(link).toBeDefined();
    expect(assigned!.email.html).toContain(`href="${link}"`);
    expect(textOf(assigned!)).not.toContain('/m/');
    expect(assigned!.email.replyTo).toBeUndefined();
    expect(plain(reminder!.email.subject)).toBe('Reminder: accept Jo Prospect by Monday, November 23, 2026 at 11:00 AM (America/New_York)');
    expect(textOf(reminder!)).toContain(link);
    expect(textOf(away!)).toContain('now is with Leo Don');
    expect(textOf(away!)).not.toMatch(/\/h\//);
    const [taken] = smtp.to('leo@test.co');
    expect(textOf(taken!)).toContain('Nora York did not accept this lead in time, so it is yours now');
    const leoLink = /http:\/\/usher\.test\/h\/[\w-]{43}/.exec(textOf(taken!))?.[0];
    expect(leoLink).toBeDefined();
    expect(leoLink).not.toBe(link);
    expect((await t.store.leads.find(lead.leadId))!.repId).toBe('ldn');
  });
});
