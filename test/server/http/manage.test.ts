import ICAL from 'ical.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findBooking } from '../../../server/store/bookings.ts';
import { listJobs } from '../../../server/store/outbox.ts';
import { createTestApp, validAnswers, type TestApp } from '../../helpers/app.ts';
import { MONDAY_0600Z } from '../../fixtures/test-config.ts';
import { TWO_LENGTHS_YAML } from '../booking/fixtures.ts';

// Forms `short` (30 min, 15-minute grid, 10 min buffer after) and `long` (75 min) both
// go to Nora York (America/New_York, 09:00-17:00 = 14:00Z-22:00Z on Monday 23 November).
let t: TestApp;
beforeEach(async () => { t = await createTestApp({ now: MONDAY_0600Z, yaml: TWO_LENGTHS_YAML }); });
afterEach(async () => { await t.close(); });

let leads = 0;
async function bookShort(start: string, timezone = 'Europe/Berlin') {
  const answers = validAnswers({ email: `p${++leads}@acme.io` });
  const lead = await (await t.post('/api/forms/short/submissions', { answers, timezone })).json();
  if (lead.outcome !== 'schedule') throw new Error(JSON.stringify(lead));
  const res = await t.post('/api/bookings', { leadToken: lead.leadToken, start });
  if (res.status !== 201) throw new Error(`booking failed: ${res.status} ${await res.text()}`);
  const booking = await res.json();
  return { ...booking, token: new URL(booking.manageUrl).pathname.split('/')[2] as string, leadToken: lead.leadToken as string };
}

/** Intl spaces time ranges with thin and narrow no-break spaces; read them as spaces. */
const plain = (text: string) => text.replace(/[\u2009\u202f]/g, ' ');

const api = (token: string) => `/api/manage/${token}`;
const reschedule = (token: string, start: string) => t.post(`${api(token)}/reschedule`, { start });
const cancel = (token: string, body: unknown = {}) => t.post(`${api(token)}/cancel`, body);
const form = (path: string, fields: Record<string, string>) => t.app.request(path, {
  method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString(),
});

function calendar(ics: string) {
  const component = new ICAL.Component(ICAL.parse(ics));
  const vevent = component.getFirstSubcomponent('vevent')!;
  const event = new ICAL.Event(vevent);
  return {
    method: component.getFirstPropertyValue('method'),
    status: vevent.getFirstPropertyValue('status'),
    sequence: event.sequence,
    uid: event.uid,
    start: event.startDate.toJSDate().toISOString(),
  };
}

/** The booking row and its outbox rows: to show that a refused request changed nothing. */
async function state(bookingId: string) {
  return { booking: await findBooking(t.db, bookingId), jobs: (await listJobs(t.db)).length };
}

describe('GET /api/manage/:token', () => {
  it('shows the booking in the prospect\'s zone with fresh slots for the same rep, its own time left out', async () => {
    const b = await bookShort('2026-11-23T14:00:00.000Z');
    const res = await t.app.request(api(b.token));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const view = await res.json();
    expect(view).toMatchObject({
      bookingId: b.bookingId, status: 'confirmed', sequence: 0, start: '2026-11-23T14:00:00.000Z', end: '2026-11-23T14:30:00.000Z',
      host: { name: 'Nora York' }, manageUrl: b.manageUrl, icsUrl: `${b.manageUrl}/invite.ics`,
      meeting: { title: 'Test demo', durationMinutes: 30 }, timezone: 'Europe/Berlin', cancelReason: null,
    });
    const starts = view.slots.map((s: { start: string }) => s.start);
    expect(starts).not.toContain('2026-11-23T14:00:00.000Z');
    // The booking does not block its own move: times overlapping it are offered.
    expect(starts).toContain('2026-11-23T14:15:00.000Z');
    expect(JSON.stringify(view)).not.toContain('nora@test.co');
  });

  it('answers 404 to a token that is not one', async () => {
    for (const token of ['nope', 'x'.repeat(43), 'x'.repeat(500)]) {
      const res = await t.app.request(api(token));
      expect(res.status).toBe(404);
      expect((await res.json()).error.code).toBe('booking_not_found');
    }
  });
});

describe('POST /api/manage/:token/reschedule', () => {
  it('moves the booking, raises SEQUENCE, queues REQUEST invites for both and frees the old time', async () => {
    const b = await bookShort('2026-11-23T14:00:00.000Z');
    const res = await reschedule(b.token, '2026-11-23T16:00:00.000Z');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ bookingId: b.bookingId, status: 'confirmed', sequence: 1, start: '2026-11-23T16:00:00.000Z', end: '2026-11-23T16:30:00.000Z' });
    expect(await findBooking(t.db, b.bookingId)).toMatchObject({ start: Date.parse('2026-11-23T16:00:00Z'), sequence: 1 });
    expect((await listJobs(t.db, { bookingId: b.bookingId })).map((j) => j.event).sort())
      .toEqual(['booking.created', 'booking.created', 'booking.rescheduled', 'booking.rescheduled']);
    // Someone else can now have 14:00.
    expect((await bookShort('2026-11-23T14:00:00.000Z')).start).toBe('2026-11-23T14:00:00.000Z');
  });

  it('moves a booking onto a time that overlaps its own old time', async () => {
    const b = await bookShort('2026-11-23T14:00:00.000Z');
    const res = await reschedule(b.token, '2026-11-23T14:15:00.000Z');
    expect(res.status).toBe(200);
    expect((await res.json()).start).toBe('2026-11-23T14:15:00.000Z');
  });

  it('answers 409 slot_taken with fresh slots when another booking holds the time (buffers included)', async () => {
    await bookShort('2026-11-23T15:00:00.000Z');
    const b = await bookShort('2026-11-23T17:00:00.000Z');
    const before = await state(b.bookingId);
    // 15:30 touches the other meeting's 10-minute buffer.
    for (const start of ['2026-11-23T15:00:00.000Z', '2026-11-23T15:30:00.000Z']) {
      const res = await reschedule(b.token, start);
      expect(res.status).toBe(409);
      const body = await res.json();
      expect(body.error.code).toBe('slot_taken');
      expect(body.error.slots.length).toBeGreaterThan(0);
      expect(body.error.slots.map((s: { start: string }) => s.start)).not.toContain(start);
      expect(body.error.slots[0].start).toMatch(/^2026-11-23T\d\d:\d\d:00\.000Z$/);
    }
    expect(await state(b.bookingId)).toEqual(before);
  });

  it('changes nothing when asked for the time the booking already has (a retried move)', async () => {
    const b = await bookShort('2026-11-23T14:00:00.000Z');
    expect((await reschedule(b.token, '2026-11-23T16:00:00.000Z')).status).toBe(200);
    const before = await state(b.bookingId);
    const again = await reschedule(b.token, '2026-11-23T16:00:00.000Z');
    expect(again.status).toBe(200);
    expect((await again.json()).sequence).toBe(1);
    expect(await state(b.bookingId)).toEqual(before);
  });

  it('stops moving a booking after 20 moves, so a link cannot flood the rep with invites; cancel still works', async () => {
    const b = await bookShort('2026-11-23T14:00:00.000Z');
    for (let move = 1; move <= 20; move++) {
      const start = new Date(Date.parse('2026-11-23T14:00:00Z') + (move % 2) * 3_600_000).toISOString();
      expect((await reschedule(b.token, start)).status).toBe(200);
    }
    const refused = await reschedule(b.token, '2026-11-23T18:00:00.000Z');
    expect(refused.status).toBe(409);
    expect((await refused.json()).error.code).toBe('booking_limit_reached');
    expect((await cancel(b.token)).status).toBe(200);
  });

  it('refuses a time that is never offered with 422, and writes nothing', async () => {
    const b = await bookShort('2026-11-23T14:00:00.000Z');
    const before = await state(b.bookingId);
    // Off the 15-minute grid; outside working hours; before the minimum notice; past the horizon.
    for (const start of ['2026-11-23T16:05:00.000Z', '2026-11-24T03:00:00.000Z', '2026-11-23T06:30:00.000Z', '2026-12-10T15:00:00.000Z']) {
      const res = await reschedule(b.token, start);
      expect(res.status).toBe(422);
      expect((await res.json()).error.code).toBe('slot_not_offered');
    }
    expect(await state(b.bookingId)).toEqual(before);
  });

  it('answers malformed requests with a 4xx JSON error, and writes nothing', async () => {
    const b = await bookShort('2026-11-23T14:00:00.000Z');
    const before = await state(b.bookingId);
    const raw = (body: string, type = 'application/json') =>
      t.app.request(`${api(b.token)}/reschedule`, { method: 'POST', headers: { 'content-type': type }, body });
    const cases: [Response | Promise<Response>, number][] = [
      [raw('{'), 400],
      [raw('{"start":"2026-11-23T16:00:00.000Z"}', 'text/plain'), 415],
      [raw('{}'), 422],
      [raw('{"start":"tomorrow"}'), 422],
      [raw('{"start":["2026-11-23T16:00:00.000Z"]}'), 422],
      [raw(JSON.stringify({ start: '2026-11-23T16:00:00.000Z', pad: 'x'.repeat(70 * 1024) })), 413],
      [reschedule('x'.repeat(43), '2026-11-23T16:00:00.000Z'), 404],
    ];
    for (const [response, status] of cases) {
      const res = await response;
      expect(res.status).toBe(status);
      expect((await res.json()).error.code).toEqual(expect.any(String));
    }
    expect(await state(b.bookingId)).toEqual(before);
  });
});

describe('POST /api/manage/:token/cancel', () => {
  it('cancels with a reason, raises SEQUENCE, queues CANCEL invites and frees the time', async () => {
    const b = await bookShort('2026-11-23T14:00:00.000Z');
    const res = await cancel(b.token, { reason: '  Found another tool.\u0007 ' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'canceled', sequence: 1, cancelReason: 'Found another tool.' });
    expect((await listJobs(t.db, { bookingId: b.bookingId })).filter((j) => j.event === 'booking.canceled')).toHaveLength(2);
    expect((await bookShort('2026-11-23T14:00:00.000Z')).start).toBe('2026-11-23T14:00:00.000Z');
  });

  it('succeeds again on a canceled booking without changing or sending anything', async () => {
    const b = await bookShort('2026-11-23T14:00:00.000Z');
    const first = await (await cancel(b.token)).json();
    const before = await state(b.bookingId);
    const again = await cancel(b.token, { reason: 'twice' });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(first);
    expect(await state(b.bookingId)).toEqual(before);
  });

  it('accepts a cancel with no body at all', async () => {
    const b = await bookShort('2026-11-23T14:00:00.000Z');
    const res = await t.app.request(`${api(b.token)}/cancel`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect((await res.json()).status).toBe('canceled');
  });

  it('refuses to move a canceled booking', async () => {
    const b = await bookShort('2026-11-23T14:00:00.000Z');
    await cancel(b.token);
    const res = await reschedule(b.token, '2026-11-23T16:00:00.000Z');
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe('booking_canceled');
  });

  it('refuses to change a meeting that has started', async () => {
    const b = await bookShort('2026-11-23T14:00:00.000Z');
    t.setNow(Date.parse('2026-11-23T14:05:00Z'));
    for (const res of [await cancel(b.token), await reschedule(b.token, '2026-11-23T16:00:00.000Z')]) {
      expect(res.status).toBe(409);
      expect((await res.json()).error.code).toBe('booking_started');
    }
    expect((await findBooking(t.db, b.bookingId))!.status).toBe('confirmed');
  });

  it('refuses a reason that is too long or not text, and writes nothing', async () => {
    const b = await bookShort('2026-11-23T14:00:00.000Z');
    const before = await state(b.bookingId);
    for (const body of [{ reason: 'x'.repeat(501) }, { reason: 42 }, []]) {
      const res = await cancel(b.token, body);
      expect(res.status).toBe(422);
    }
    const plain = await t.app.request(`${api(b.token)}/cancel`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'please' });
    expect(plain.status).toBe(415);
    expect(await state(b.bookingId)).toEqual(before);
  });
});

describe('GET /m/:token/invite.ics', () => {
  it('always holds the latest version: the new time after a move, METHOD:CANCEL after a cancel', async () => {
    const b = await bookShort('2026-11-23T14:00:00.000Z');
    const ics = async () => {
      const res = await t.app.request(`/m/${b.token}/invite.ics`);
      expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
      return calendar(await res.text());
    };
    expect(await ics()).toEqual({ method: 'REQUEST', status: 'CONFIRMED', sequence: 0, uid: `${b.bookingId}@usher.test`, start: '2026-11-23T14:00:00.000Z' });
    await reschedule(b.token, '2026-11-23T16:00:00.000Z');
    expect(await ics()).toMatchObject({ method: 'REQUEST', sequence: 1, start: '2026-11-23T16:00:00.000Z' });
    await cancel(b.token);
    expect(await ics()).toEqual({ method: 'CANCEL', status: 'CANCELLED', sequence: 2, uid: `${b.bookingId}@usher.test`, start: '2026-11-23T16:00:00.000Z' });
    expect((await t.app.request('/m/nope/invite.ics')).status).toBe(404);
  });
});

describe('the manage page', () => {
  it('shows the meeting in the prospect\'s zone with a labelled time picker and a cancel form', async () => {
    const b = await bookShort('2026-11-23T14:00:00.000Z', 'Asia/Kolkata');
    const res = await t.app.request(`/m/${b.token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const page = plain(await res.text());
    // 14:00Z is 19:30 in Kolkata, shown as the widget shows it in English.
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('Monday, November 23, 2026, 7:30 – 8:00 PM (Asia/Kolkata)');
    expect(page).toContain('<label for="start">New time, shown in Asia/Kolkata</label>');
    expect(page).toMatch(/<optgroup label="Monday, November 23"><option value="2026-11-23T14:15:00.000Z">7:45 – 8:15 PM<\/option>/);
    expect(page).toContain(`<form method="post" action="/m/${b.token}/cancel">`);
    expect(page).toContain('<label for="reason">Reason (optional)</label>');
  });

  it('moves and cancels through plain form posts, then says what happened', async () => {
    const b = await bookShort('2026-11-23T14:00:00.000Z');
    const moved = await form(`/m/${b.token}/reschedule`, { start: '2026-11-23T16:00:00.000Z' });
    expect(moved.status).toBe(303);
    expect(moved.headers.get('location')).toBe(`/m/${b.token}?done=rescheduled`);
    const after = await (await t.app.request(moved.headers.get('location')!)).text();
    expect(after).toContain('role="status"');
    expect(after).toContain('Your meeting was moved.');
    expect(plain(after)).toContain('Monday, November 23, 2026, 5:00 – 5:30 PM (Europe/Berlin)');

    const canceled = await form(`/m/${b.token}/cancel`, { reason: '<script>alert(1)</script>' });
    expect(canceled.status).toBe(303);
    const page = await (await t.app.request(`/m/${b.token}?done=canceled`)).text();
    expect(page).toContain('Your meeting is canceled.');
    expect(page).toContain('Canceled');
    expect(page).toContain('Reason: &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toContain('<script>alert(1)');
    expect(page).not.toContain('<form');
  });

  it('shows a taken time as an alert on the page, with the booking unchanged', async () => {
    await bookShort('2026-11-23T16:00:00.000Z');
    const b = await bookShort('2026-11-23T14:00:00.000Z');
    const res = await form(`/m/${b.token}/reschedule`, { start: '2026-11-23T16:00:00.000Z' });
    expect(res.status).toBe(409);
    const page = await res.text();
    expect(page).toContain('role="alert"');
    expect(page).toContain('That time was just taken; please pick another.');
    expect((await findBooking(t.db, b.bookingId))!.start).toBe(Date.parse('2026-11-23T14:00:00Z'));
    const bad = await form(`/m/${b.token}/reschedule`, { start: 'soon' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Pick one of the times in the list.');
  });

  it('answers 404 to an unknown token and 415 to a form post that is not a form', async () => {
    const missing = await t.app.request('/m/nope');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('This link is not valid.');
    expect((await form('/m/nope/cancel', {})).status).toBe(404);
    const b = await bookShort('2026-11-23T14:00:00.000Z');
    const json = await t.post(`/m/${b.token}/cancel`, { reason: 'x' });
    expect(json.status).toBe(415);
    expect((await findBooking(t.db, b.bookingId))!.status).toBe('confirmed');
  });
});
