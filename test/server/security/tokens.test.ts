import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countBookings } from '../../../server/store/bookings.ts';
import { createTestApp, validAnswers, type TestApp } from '../../helpers/app.ts';
import { MONDAY_0600Z } from '../../fixtures/test-config.ts';

let t: TestApp;
beforeEach(async () => { t = await createTestApp({ now: MONDAY_0600Z }); });
afterEach(async () => { await t.close(); });

type Scheduled = { leadId: string; leadToken: string; host: { name: string } | null; slots: { start: string }[] };
const schedule = async (answers = validAnswers()): Promise<Scheduled> =>
  (await t.post('/api/forms/demo/submissions', { answers, timezone: 'UTC' })).json();
const guess = () => randomBytes(32).toString('base64url');

describe('lead tokens', () => {
  it('refuses a lead token a day after the lead, with 410', async () => {
    const lead = await schedule();
    t.setNow(MONDAY_0600Z + 24 * 3_600_000 + 1);
    const res = await t.post('/api/bookings', { leadToken: lead.leadToken, start: lead.slots.at(-1)!.start });
    expect(res.status).toBe(410);
    expect((await res.json()).error.code).toBe('lead_expired');
    const slots = await t.app.request(`/api/leads/${lead.leadId}/slots?from=2026-11-24T00:00:00Z&to=2026-11-25T00:00:00Z`, {
      headers: { authorization: `Bearer ${lead.leadToken}` },
    });
    expect(slots.status).toBe(410);
  });

  it('books only among the lead\'s own candidates: another rep\'s free time is not offered', async () => {
    const a = await schedule(validAnswers({ email: 'a@acme.io' })); // round robin: Nora (New York)
    const b = await schedule(validAnswers({ email: 'b@acme.io' })); // then Leo (London)
    expect([a.host?.name, b.host?.name]).toEqual(['Nora York', 'Leo Don']);
    // 09:00Z is free for Leo only; A's token may not take it.
    const res = await t.post('/api/bookings', { leadToken: a.leadToken, start: '2026-11-23T09:00:00.000Z' });
    expect(res.status).toBe(422);
    expect((await res.json()).error.code).toBe('slot_not_offered');
    expect(await countBookings(t.db)).toBe(0);
  });

  it('never lets one lead read another lead\'s slots', async () => {
    const a = await schedule(validAnswers({ email: 'a@acme.io' }));
    const b = await schedule(validAnswers({ email: 'b@acme.io' }));
    const res = await t.app.request(`/api/leads/${b.leadId}/slots?from=2026-11-23T00:00:00Z&to=2026-11-24T00:00:00Z`, {
      headers: { authorization: `Bearer ${a.leadToken}` },
    });
    expect(res.status).toBe(404);
  });

  it('answers 404, not 403, to a guessed lead token', async () => {
    const res = await t.post('/api/bookings', { leadToken: guess(), start: '2026-11-23T14:00:00.000Z' });
    expect(res.status).toBe(404);
  });
});

describe('manage tokens', () => {
  async function book(email: string) {
    const lead = await schedule(validAnswers({ email, size: '201-1000' }));
    const res = await t.post('/api/bookings', { leadToken: lead.leadToken, start: lead.slots[email.startsWith('a') ? 0 : 1]!.start });
    expect(res.status).toBe(201);
    const booking = await res.json();
    return { ...booking, token: new URL(booking.manageUrl).pathname.split('/')[2] as string };
  }

  it('touch only their own booking', async () => {
    const mine = await book('a@acme.io');
    const theirs = await book('b@acme.io');
    const cancel = await t.post(`/api/manage/${mine.token}/cancel`, { reason: 'no longer needed' });
    expect(cancel.status).toBe(200);
    const other = await t.db.selectFrom('bookings').select('status').where('id', '=', theirs.bookingId).executeTakeFirstOrThrow();
    expect(other.status).toBe('confirmed');
  });

  it.each([
    ['GET', '/api/manage/TOKEN'],
    ['POST', '/api/manage/TOKEN/cancel'],
    ['POST', '/api/manage/TOKEN/reschedule'],
    ['GET', '/m/TOKEN'],
    ['GET', '/m/TOKEN/invite.ics'],
  ])('answer 404 to a guessed token on %s %s', async (method, path) => {
    await book('a@acme.io');
    const res = await t.app.request(path.replace('TOKEN', guess()), {
      method, headers: { 'content-type': 'application/json' }, ...(method === 'POST' ? { body: JSON.stringify({ start: '2026-11-23T15:00:00.000Z' }) } : {}),
    });
    expect(res.status).toBe(404);
  });
});
