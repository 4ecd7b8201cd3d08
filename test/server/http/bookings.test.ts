import ICAL from 'ical.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorBodySchema } from '../../../shared/api.ts';
import { createMailer } from '../../../server/delivery/mail.ts';
import { createOutboxWorker } from '../../../server/delivery/outbox.ts';
import { silentLogger } from '../../../server/http/log.ts';
import { countBookings } from '../../../server/store/bookings.ts';
import { countIdempotentAnswers } from '../../../server/store/idempotency.ts';
import { listJobs } from '../../../server/store/outbox.ts';
import { createTestApp, validAnswers, type TestApp } from '../../helpers/app.ts';
import { MONDAY_0600Z } from '../../fixtures/test-config.ts';

let t: TestApp;
beforeEach(async () => { t = await createTestApp({ now: MONDAY_0600Z }); });
afterEach(async () => { await t.close(); });

type Scheduled = { leadToken: string; slots: { start: string; end: string }[]; host: { name: string } | null };

async function scheduleLead(answers = validAnswers()): Promise<Scheduled> {
  const res = await t.post('/api/forms/demo/submissions', { answers, timezone: 'Europe/Berlin' });
  const result = await res.json();
  if (result.outcome !== 'schedule') throw new Error(`lead was not scheduled: ${JSON.stringify(result)}`);
  return result;
}

const book = (leadToken: string, start: string, headers: Record<string, string> = {}) =>
  t.post('/api/bookings', { leadToken, start }, headers);

/** Sends what the outbox holds into the test app's .eml outbox, as `usher serve` would. */
const deliver = () => createOutboxWorker({
  store: t.store, mailer: createMailer({ dataDir: t.dataDir }), log: silentLogger, clock: () => MONDAY_0600Z, secret: () => undefined,
}).drain();

/** Everything a booking request may write, to show that a refused one wrote nothing. */
async function written() {
  return { bookings: await countBookings(t.db), jobs: (await listJobs(t.db)).length, answers: await countIdempotentAnswers(t.db) };
}
const NOTHING = { bookings: 0, jobs: 0, answers: 0 };

/** The VEVENT inside an .eml's text/calendar part, parsed by a real iCalendar parser. */
function eventOf(eml: string) {
  const unfolded = eml.slice(eml.indexOf('BEGIN:VCALENDAR'), eml.indexOf('END:VCALENDAR') + 'END:VCALENDAR'.length);
  const calendar = new ICAL.Component(ICAL.parse(unfolded));
  return { method: calendar.getFirstPropertyValue('method'), event: new ICAL.Event(calendar.getFirstSubcomponent('vevent')!) };
}

describe('POST /api/bookings', () => {
  it('books an offered slot; the outbox worker then writes an invite for the rep and the prospect', async () => {
    const lead = await scheduleLead();
    const slot = lead.slots[2]!;
    const res = await book(lead.leadToken, slot.start);
    expect(res.status).toBe(201);
    const booking = await res.json();
    expect(booking).toMatchObject({ start: slot.start, end: slot.end, host: { name: 'Nora York' } });
    expect(booking.manageUrl).toMatch(/^http:\/\/usher\.test\/m\/[\w-]{43}$/);
    expect(booking.icsUrl).toBe(`${booking.manageUrl}/invite.ics`);

    // The request itself sends nothing: the invites are outbox rows committed with the booking.
    expect(t.outbox()).toEqual([]);
    expect((await listJobs(t.db, { bookingId: booking.bookingId })).map((j) => [j.kind, j.event, j.status]))
      .toEqual([['email', 'booking.created', 'pending'], ['email', 'booking.created', 'pending']]);
    expect(await deliver()).toMatchObject({ sent: 2, retried: 0, dead: 0 });

    const mails = t.outbox();
    expect(mails.map((m) => m.name.replace(/^.*-(rep|prospect)\.eml$/, '$1')).sort()).toEqual(['prospect', 'rep']);
    const rep = mails.find((m) => m.name.endsWith('-rep.eml'))!;
    expect(rep.text).toMatch(/^To: Nora York <nora@test\.co>$/m);
    const { method, event } = eventOf(rep.text);
    expect(method).toBe('REQUEST');
    expect(event.startDate.toJSDate().toISOString()).toBe(slot.start);
    expect(event.endDate.toJSDate().toISOString()).toBe(slot.end);
    expect(event.uid).toBe(`${booking.bookingId}@usher.test`);
    expect(event.sequence).toBe(0);
    // The rep reads the answers by the questions' labels, not their ids.
    expect(event.description).toContain('Company size: 11-50');
    expect(event.description).not.toMatch(/^size:/m);
    // The rep's copy carries the rep's host link, never the prospect's manage link.
    expect(event.description).toMatch(/http:\/\/usher\.test\/h\/[\w-]{43}/);
    expect(event.description).not.toContain(booking.manageUrl);
    const prospect = mails.find((m) => m.name.endsWith('-prospect.eml'))!;
    expect(eventOf(prospect.text).event.description).not.toContain('11-50');
    expect(eventOf(prospect.text).event.description).toContain(booking.manageUrl);
  });

  it('lets exactly one of two concurrent bookings of the same rep and slot through', async () => {
    // Both leads are routed to the same rep (the 201-1000 route goes to Nora).
    const first = await scheduleLead(validAnswers({ size: '201-1000', email: 'a@acme.io' }));
    const second = await scheduleLead(validAnswers({ size: '201-1000', email: 'b@initech.io' }));
    const start = first.slots[0]!.start;
    const results = await Promise.all([book(first.leadToken, start), book(second.leadToken, start)]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const lost = await results.find((r) => r.status === 409)!.json();
    expect(lost.error.code).toBe('slot_taken');
    expect(lost.error.slots.length).toBeGreaterThan(0);
    expect(lost.error.slots.map((s: { start: string }) => s.start)).not.toContain(start);
    expect(await countBookings(t.db)).toBe(1);
    // Only the winner's invites are queued.
    expect(await listJobs(t.db)).toHaveLength(2);
  });

  it('gives the fresh alternatives of a 409 as UTC ISO instants, as the widget parses them (they were epoch numbers)', async () => {
    const first = await scheduleLead(validAnswers({ size: '201-1000', email: 'a@acme.io' }));
    const second = await scheduleLead(validAnswers({ size: '201-1000', email: 'b@initech.io' }));
    expect((await book(first.leadToken, first.slots[0]!.start)).status).toBe(201);
    const lost = await (await book(second.leadToken, first.slots[0]!.start)).json();
    expect(errorBodySchema.safeParse(lost).success).toBe(true);
    expect(lost.error.slots[0]).toEqual(second.slots[1]);
  });

  it('refuses a time that was never offered, and writes nothing', async () => {
    const lead = await scheduleLead();
    // 14:10Z is off the 30-minute grid; 03:00Z is outside the rep's hours.
    for (const start of ['2026-11-23T14:10:00.000Z', '2026-11-24T03:00:00.000Z']) {
      const res = await book(lead.leadToken, start);
      expect(res.status).toBe(422);
      expect((await res.json()).error.code).toBe('slot_not_offered');
    }
    expect(await written()).toEqual(NOTHING);
  });

  it('answers a second booking on the same lead with 409 already_booked and the first booking\'s manage link', async () => {
    const lead = await scheduleLead();
    const first = await (await book(lead.leadToken, lead.slots[0]!.start)).json();
    const again = await book(lead.leadToken, lead.slots[1]!.start);
    expect(again.status).toBe(409);
    const body = await again.json();
    expect(body.error.code).toBe('already_booked');
    expect(body.error.manageUrl).toBe(first.manageUrl);
    expect(await countBookings(t.db)).toBe(1);
  });

  it('answers 404 to a token that belongs to no lead', async () => {
    const res = await book('x'.repeat(43), '2026-11-23T14:00:00.000Z');
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('lead_not_found');
  });

  it('answers 422 to a start that is not a UTC instant', async () => {
    const lead = await scheduleLead();
    const res = await book(lead.leadToken, '2026-11-23 14:00');
    expect(res.status).toBe(422);
    expect((await res.json()).error.issues[0].path).toBe('start');
  });

  it('books a pooled slot with a rep who is free at that time', async () => {
    const lead = await scheduleLead(validAnswers({ size: '1000+' }));
    // 09:00Z: only London works then.
    const res = await book(lead.leadToken, '2026-11-23T09:00:00.000Z');
    expect(res.status).toBe(201);
    expect((await res.json()).host).toEqual({ name: 'Leo Don' });
  });

  it('lets a lead book again after canceling, and not while a booking is live', async () => {
    const lead = await scheduleLead();
    const first = await (await book(lead.leadToken, lead.slots[0]!.start)).json();
    await t.post(`/api/manage/${new URL(first.manageUrl).pathname.split('/')[2]}/cancel`, {});
    const second = await book(lead.leadToken, lead.slots[1]!.start);
    expect(second.status).toBe(201);
    expect((await book(lead.leadToken, lead.slots[2]!.start)).status).toBe(409);
  });
});

describe('POST /api/bookings with an Idempotency-Key', () => {
  it('answers a retry with the first answer, status and body, and books nothing new', async () => {
    const lead = await scheduleLead();
    const key = { 'Idempotency-Key': 'c0ffee00-0000-4000-8000-000000000001' };
    const first = await book(lead.leadToken, lead.slots[0]!.start, key);
    expect(first.status).toBe(201);
    const firstBody = await first.json();
    expect(first.headers.get('idempotent-replayed')).toBeNull();

    const retry = await book(lead.leadToken, lead.slots[0]!.start, key);
    expect(retry.status).toBe(201);
    expect(await retry.json()).toEqual(firstBody);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await written()).toEqual({ bookings: 1, jobs: 2, answers: 1 });
  });

  it('treats the same instant spelled differently as the same request', async () => {
    const lead = await scheduleLead();
    const key = { 'Idempotency-Key': 'spelling' };
    const start = lead.slots[0]!.start;
    const first = await (await book(lead.leadToken, start, key)).json();
    const retry = await book(lead.leadToken, start.replace('.000Z', 'Z'), key);
    expect(retry.status).toBe(201);
    expect(await retry.json()).toEqual(first);
  });

  it('gives concurrent copies of one request one booking and the same answer', async () => {
    const lead = await scheduleLead();
    const key = { 'Idempotency-Key': 'double-click' };
    const answers = await Promise.all(Array.from({ length: 5 }, () => book(lead.leadToken, lead.slots[0]!.start, key)));
    expect(answers.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    const bodies = await Promise.all(answers.map((r) => r.json()));
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    expect(await written()).toEqual({ bookings: 1, jobs: 2, answers: 1 });
  });

  it('answers 422 idempotency_key_reused when the key comes back with another body, and writes nothing', async () => {
    const lead = await scheduleLead();
    const key = { 'Idempotency-Key': 'reused' };
    expect((await book(lead.leadToken, lead.slots[0]!.start, key)).status).toBe(201);
    const other = await book(lead.leadToken, lead.slots[1]!.start, key);
    expect(other.status).toBe(422);
    const body = await other.json();
    expect(body.error.code).toBe('idempotency_key_reused');
    expect(body.error.message).toMatch(/different request body/);
    expect(await written()).toEqual({ bookings: 1, jobs: 2, answers: 1 });
  });

  it('scopes keys to the lead: another lead may use the same key', async () => {
    const one = await scheduleLead(validAnswers({ email: 'one@acme.io' }));
    const two = await scheduleLead(validAnswers({ email: 'two@initech.io' }));
    const key = { 'Idempotency-Key': 'same-key' };
    const a = await (await book(one.leadToken, one.slots[0]!.start, key)).json();
    const res = await book(two.leadToken, two.slots[3]!.start, key);
    expect(res.status).toBe(201);
    expect((await res.json()).bookingId).not.toBe(a.bookingId);
  });

  it('keeps no answer for a refused request, so its retry is tried afresh', async () => {
    const lead = await scheduleLead();
    const key = { 'Idempotency-Key': 'after-a-miss' };
    expect((await book(lead.leadToken, '2026-11-23T14:10:00.000Z', key)).status).toBe(422);
    expect(await written()).toEqual(NOTHING);
    expect((await book(lead.leadToken, '2026-11-23T14:10:00.000Z', key)).status).toBe(422);
  });

  it('refuses a malformed key with 400 before anything else', async () => {
    const lead = await scheduleLead();
    for (const value of ['x'.repeat(256), 'has space', 'é']) {
      const res = await t.app.request('/api/bookings', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': value },
        body: JSON.stringify({ leadToken: lead.leadToken, start: lead.slots[0]!.start }),
      });
      expect(res.status).toBe(400);
      expect((await res.json()).error.message).toMatch(/Idempotency-Key/);
    }
    expect(await written()).toEqual(NOTHING);
  });
});

describe('POST /api/bookings with hostile input', () => {
  it('answers every malformed request with a 4xx JSON error and writes nothing', async () => {
    const lead = await scheduleLead();
    const start = lead.slots[0]!.start;
    const raw = (body: string, type = 'application/json') =>
      t.app.request('/api/bookings', { method: 'POST', headers: { 'content-type': type }, body });
    const cases: [Response | Promise<Response>, number][] = [
      [raw('{"leadToken":'), 400],
      [raw(JSON.stringify({ leadToken: lead.leadToken, start }), 'text/plain'), 415],
      [raw('[]'), 422],
      [raw('null'), 422],
      [raw(JSON.stringify({ leadToken: lead.leadToken })), 422],
      [raw(JSON.stringify({ leadToken: 'x'.repeat(201), start }), 'application/json'), 422],
      [raw(JSON.stringify({ leadToken: lead.leadToken, start: 12 })), 422],
      [raw(JSON.stringify({ leadToken: lead.leadToken, start: '2026-11-23T14:00:00+01:00' })), 422],
      [raw(JSON.stringify({ leadToken: lead.leadToken, start: '1970-01-01T00:00:00.000Z' })), 422],
      [raw(JSON.stringify({ leadToken: lead.leadToken, start: '9999-12-31T23:30:00.000Z' })), 422],
      [raw(JSON.stringify({ leadToken: { $ne: null }, start })), 422],
      [raw(JSON.stringify({ leadToken: lead.leadToken, start, pad: 'x'.repeat(70 * 1024) })), 413],
    ];
    for (const [response, status] of cases) {
      const res = await response;
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect((await res.json()).error.code).toEqual(expect.any(String));
    }
    expect(await written()).toEqual(NOTHING);
  });

  it('writes the prospect\'s emails in the zone they picked in the widget', async () => {
    const lead = await scheduleLead();
    const res = await t.post('/api/bookings', { leadToken: lead.leadToken, start: lead.slots[0]!.start, timezone: 'asia/kolkata' });
    expect(res.status).toBe(201);
    await deliver();
    const prospect = t.outbox().find((m) => m.name.endsWith('-prospect.eml'))!;
    // 14:00Z is 19:30 in Kolkata (+05:30).
    expect(prospect.text).toContain('Monday, November 23, 2026, 7:30');
    const row = await t.db.selectFrom('leads').select('timezone').where('token_hash', 'is not', null).executeTakeFirstOrThrow();
    expect(row.timezone).toBe('Asia/Kolkata');
  });

  it('answers 422 to an unknown zone on a booking and writes nothing', async () => {
    const lead = await scheduleLead();
    const res = await t.post('/api/bookings', { leadToken: lead.leadToken, start: lead.slots[0]!.start, timezone: 'Mars/Olympus' });
    expect(res.status).toBe(422);
    expect((await res.json()).error.issues).toEqual([{ path: 'timezone', message: 'unknown time zone "Mars/Olympus"' }]);
    expect(await written()).toEqual(NOTHING);
  });
});
