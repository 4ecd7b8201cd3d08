import { afterEach, describe, expect, it } from 'vitest';
import { createMailer } from '../../../server/delivery/mail.ts';
import { createOutboxWorker } from '../../../server/delivery/outbox.ts';
import { silentLogger } from '../../../server/http/log.ts';
import { listJobs } from '../../../server/store/outbox.ts';
import { createTestApp, validAnswers, type TestApp } from '../../helpers/app.ts';
import { MONDAY_0600Z, TEST_CONFIG_YAML } from '../../fixtures/test-config.ts';

let t: TestApp;
afterEach(async () => { await t.close(); });

type Scheduled = { leadId: string; leadToken: string; slots: { start: string }[] };

async function bookedLead(): Promise<{ lead: Scheduled; booking: { bookingId: string; manageUrl: string; location?: unknown } }> {
  const lead: Scheduled = await (await t.post('/api/forms/demo/submissions', { answers: validAnswers(), timezone: 'Europe/Berlin' })).json();
  const booking = await (await t.post('/api/bookings', { leadToken: lead.leadToken, start: lead.slots[0]!.start })).json();
  return { lead, booking };
}

const askForLink = (leadId: string, token: string) =>
  t.post(`/api/leads/${leadId}/manage-link`, {}, { authorization: `Bearer ${token}` });

const deliver = () => createOutboxWorker({
  store: t.store, mailer: createMailer({ dataDir: t.dataDir }), log: silentLogger, clock: () => MONDAY_0600Z, secret: () => undefined,
}).drain();

describe('POST /api/leads/:leadId/manage-link ("email me my link")', () => {
  it('emails the prospect the booking\'s confirmation again, with its manage link and invite, and nobody else', async () => {
    t = await createTestApp({ now: MONDAY_0600Z });
    const { lead, booking } = await bookedLead();
    await deliver();
    const before = t.outbox().map((m) => m.name);
    const res = await askForLink(lead.leadId, lead.leadToken);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ sent: true });
    expect((await listJobs(t.db, { bookingId: booking.bookingId })).filter((j) => j.event === 'booking.link_requested')).toHaveLength(1);
    expect(await deliver()).toMatchObject({ sent: 1 });
    const again = t.outbox().filter((m) => !before.includes(m.name));
    expect(again).toHaveLength(1);
    expect(again[0]!.text).toMatch(/^To: .*<jo@acme\.io>\r?$/m);
    expect(again[0]!.text).toContain(booking.manageUrl);
    expect(again[0]!.text).toContain('METHOD:REQUEST');
  });

  it('answers a wrong token, another lead\'s token and a lead without a booking alike, and queues nothing', async () => {
    t = await createTestApp({ now: MONDAY_0600Z });
    const { lead } = await bookedLead();
    const other: Scheduled = await (await t.post('/api/forms/demo/submissions', { answers: validAnswers({ email: 'bo@initech.io' }), timezone: 'UTC' })).json();
    const jobs = (await listJobs(t.db)).length;
    for (const [id, token] of [[lead.leadId, 'x'.repeat(43)], [lead.leadId, other.leadToken], [other.leadId, lead.leadToken]] as const) {
      const res = await askForLink(id, token);
      expect(res.status).toBe(404);
      expect((await res.json()).error.code).toBe('lead_not_found');
    }
    expect((await t.post(`/api/leads/${lead.leadId}/manage-link`, {})).status).toBe(404);
    const unbooked = await askForLink(other.leadId, other.leadToken);
    expect(unbooked.status).toBe(404);
    expect((await unbooked.json()).error.code).toBe('booking_not_found');
    expect((await listJobs(t.db)).length).toBe(jobs);
  });

  it('sends at most three an hour per request, then answers 429 with Retry-After', async () => {
    t = await createTestApp({ now: MONDAY_0600Z });
    const { lead } = await bookedLead();
    for (let i = 0; i < 3; i++) expect((await askForLink(lead.leadId, lead.leadToken)).status).toBe(202);
    const refused = await askForLink(lead.leadId, lead.leadToken);
    expect(refused.status).toBe(429);
    expect((await refused.json()).error.code).toBe('rate_limited');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await listJobs(t.db)).filter((j) => j.event === 'booking.link_requested')).toHaveLength(3);
  });
});

describe('the booking answer\'s location', () => {
  it('carries the meeting type\'s video link with the booking\'s id filled in', async () => {
    t = await createTestApp({
      now: MONDAY_0600Z,
      yaml: TEST_CONFIG_YAML.replace('    durationMinutes: 30\n', '    durationMinutes: 30\n    location: { kind: video, url: "https://meet.test/r/{bookingId}" }\n'),
    });
    const { booking } = await bookedLead();
    expect(booking.location).toEqual({ kind: 'video', url: `https://meet.test/r/${booking.bookingId}` });
  });

  it('is absent when the meeting type names none', async () => {
    t = await createTestApp({ now: MONDAY_0600Z });
    const { booking } = await bookedLead();
    expect(booking).not.toHaveProperty('location');
  });
});
