import { afterEach, describe, expect, it } from 'vitest';
import { createMailer } from '../../../server/delivery/mail.ts';
import { createOutboxWorker } from '../../../server/delivery/outbox.ts';
import { silentLogger } from '../../../server/http/log.ts';
import { listJobs } from '../../../server/store/outbox.ts';
import { createTestApp, validAnswers, type TestApp } from '../../helpers/app.ts';
import { MONDAY_0600Z, TEST_CONFIG_YAML } from '../../fixtures/test-config.ts';
import { startSmtpSink, type SmtpSink } from './sinks.ts';

const SECRET = 'test-secret-0123456789-0123456789-abcdef';
const YAML = TEST_CONFIG_YAML.replace('    horizonDays: 7\n', '    horizonDays: 7\n    reminders: [1440, 60]\n    remindHost: true\n');

let t: TestApp;
let smtp: SmtpSink;
let clock = MONDAY_0600Z;
afterEach(async () => { await Promise.all([t.close(), smtp.stop()]); });

const worker = (keptSecret: string | null = SECRET) => createOutboxWorker({
  store: t.store, mailer: createMailer({ smtpUrl: smtp.url, dataDir: t.dataDir }), log: silentLogger,
  clock: () => clock, secret: () => undefined, keptSecret: keptSecret ?? undefined, random: () => 0.5,
});

async function book(start: string) {
  const lead = await (await t.post('/api/forms/demo/submissions', { answers: validAnswers(), timezone: 'Europe/Berlin' })).json();
  const res = await t.post('/api/bookings', { leadToken: lead.leadToken, start });
  expect(res.status).toBe(201);
  return res.json() as Promise<{ bookingId: string; manageUrl: string }>;
}

const reminders = async (bookingId: string) => (await listJobs(t.db, { bookingId })).filter((j) => j.event === 'booking.reminder');
const plain = (text: string | undefined) => (text ?? '').replace(/[\u2009\u202f]/g, ' ');

describe('reminders (SPEC §12)', () => {
  it('queues each reminder at its time for the prospect and the host, sealed; sends them with each reader\'s own link', async () => {
    clock = MONDAY_0600Z;
    [t, smtp] = await Promise.all([createTestApp({ now: clock, yaml: YAML }), startSmtpSink()]);
    // Tuesday 14:00Z: 24 h before is Monday 14:00Z, 60 min before is 13:00Z.
    const booking = await book('2026-11-24T14:00:00.000Z');
    const queued = await reminders(booking.bookingId);
    expect(queued.map((j) => new Date(j.runAt).toISOString()).sort()).toEqual([
      '2026-11-23T14:00:00.000Z', '2026-11-23T14:00:00.000Z', '2026-11-24T13:00:00.000Z', '2026-11-24T13:00:00.000Z',
    ]);
    // Days in the table: the manage link and the prospect's address are sealed.
    for (const job of queued) {
      expect(job.payload).not.toContain(booking.manageUrl.split('/m/')[1]);
      expect(job.payload).not.toContain('jo@acme.io');
    }
    expect(await worker().drain()).toMatchObject({ sent: 2 }); // the invites
    clock = Date.parse('2026-11-23T14:00:30Z');
    expect(await worker().drain()).toMatchObject({ sent: 2, dead: 0 });
    const [prospect] = smtp.to('jo@acme.io').filter((m) => plain(m.email.subject).startsWith('Reminder'));
    expect(plain(prospect!.email.subject)).toBe('Reminder: Test demo with Nora York, Tuesday, November 24, 2026, 3:00 – 3:30 PM (Europe/Berlin)');
    expect(plain(prospect!.email.text)).toContain(booking.manageUrl);
    expect(prospect!.email.attachments).toHaveLength(0);
    const [host] = smtp.to('nora@test.co').filter((m) => plain(m.email.subject).startsWith('Reminder'));
    expect(plain(host!.email.text)).toMatch(/http:\/\/usher\.test\/h\/[\w-]{43}/);
    expect(plain(host!.email.text)).not.toContain(booking.manageUrl);
  });

  it('moves the reminders with a reschedule, drops them on a cancel, and makes none whose time has passed', async () => {
    clock = MONDAY_0600Z;
    [t, smtp] = await Promise.all([createTestApp({ now: clock, yaml: YAML }), startSmtpSink()]);
    const soon = await book('2026-11-23T14:00:00.000Z');
    // Monday 14:00Z: a day before has passed; only the hour before is left.
    expect((await reminders(soon.bookingId)).map((j) => new Date(j.runAt).toISOString())).toEqual(['2026-11-23T13:00:00.000Z', '2026-11-23T13:00:00.000Z']);
    const token = soon.manageUrl.split('/m/')[1]!;
    expect((await t.post(`/api/manage/${token}/reschedule`, { start: '2026-11-25T15:00:00.000Z' })).status).toBe(200);
    expect((await reminders(soon.bookingId)).map((j) => new Date(j.runAt).toISOString()).sort()).toEqual([
      '2026-11-24T15:00:00.000Z', '2026-11-24T15:00:00.000Z', '2026-11-25T14:00:00.000Z', '2026-11-25T14:00:00.000Z',
    ]);
    expect((await t.post(`/api/manage/${token}/cancel`, {})).status).toBe(200);
    expect(await reminders(soon.bookingId)).toEqual([]);
    clock = Date.parse('2026-11-25T14:30:00Z');
    await worker().drain();
    expect(smtp.to('jo@acme.io').filter((m) => plain(m.email.subject).startsWith('Reminder'))).toEqual([]);
  });

  it('keeps a sealed reminder waiting, not lost, while the worker has no server secret', async () => {
    clock = MONDAY_0600Z;
    [t, smtp] = await Promise.all([createTestApp({ now: clock, yaml: YAML }), startSmtpSink()]);
    const booking = await book('2026-11-23T14:00:00.000Z');
    clock = Date.parse('2026-11-23T13:00:30Z');
    expect(await worker(null).drain()).toMatchObject({ sent: 2, dead: 0 });
    expect((await reminders(booking.bookingId)).map((j) => j.status)).toEqual(['pending', 'pending']);
    clock += 3_600_000;
    expect(await worker().drain()).toMatchObject({ sent: 2 });
  });
});
