import ICAL from 'ical.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countBookings } from '../../../server/store/bookings.ts';
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

const book = (leadToken: string, start: string) => t.post('/api/bookings', { leadToken, start });

/** The VEVENT inside an .eml's text/calendar part, parsed by a real iCalendar parser. */
function eventOf(eml: string) {
  const unfolded = eml.slice(eml.indexOf('BEGIN:VCALENDAR'), eml.indexOf('END:VCALENDAR') + 'END:VCALENDAR'.length);
  const calendar = new ICAL.Component(ICAL.parse(unfolded));
  return { method: calendar.getFirstPropertyValue('method'), event: new ICAL.Event(calendar.getFirstSubcomponent('vevent')!) };
}

describe('POST /api/bookings', () => {
  it('books an offered slot and writes an invite for the rep and the prospect', async () => {
    const lead = await scheduleLead();
    const slot = lead.slots[2]!;
    const res = await book(lead.leadToken, slot.start);
    expect(res.status).toBe(201);
    const booking = await res.json();
    expect(booking).toMatchObject({ start: slot.start, end: slot.end, host: { name: 'Nora York' } });
    expect(booking.manageUrl).toMatch(/^http:\/\/usher\.test\/m\/[\w-]{43}$/);

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
    expect(event.description).toContain('size: 11-50');
    const prospect = mails.find((m) => m.name.endsWith('-prospect.eml'))!;
    expect(eventOf(prospect.text).event.description).not.toContain('size: 11-50');
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
  });

  it('refuses a time that was never offered, and writes nothing', async () => {
    const lead = await scheduleLead();
    // 14:10Z is off the 30-minute grid; 03:00Z is outside the rep's hours.
    for (const start of ['2026-11-23T14:10:00.000Z', '2026-11-24T03:00:00.000Z']) {
      const res = await book(lead.leadToken, start);
      expect(res.status).toBe(422);
      expect((await res.json()).error.code).toBe('slot_not_offered');
    }
    expect(await countBookings(t.db)).toBe(0);
    expect(t.outbox()).toEqual([]);
  });

  it('refuses a second booking on the same lead', async () => {
    const lead = await scheduleLead();
    expect((await book(lead.leadToken, lead.slots[0]!.start)).status).toBe(201);
    const again = await book(lead.leadToken, lead.slots[1]!.start);
    expect(again.status).toBe(409);
    expect((await again.json()).error.code).toBe('already_booked');
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
});
