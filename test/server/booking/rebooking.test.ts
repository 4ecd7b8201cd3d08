import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, validAnswers, type TestApp } from '../../helpers/app.ts';
import { MONDAY_0600Z } from '../../fixtures/test-config.ts';

let t: TestApp | undefined;
afterEach(async () => { await t?.close(); t = undefined; });

const manageToken = (booking: { manageUrl: string }) => new URL(booking.manageUrl).pathname.split('/')[2]!;

describe('booking after time has passed or a cancel', () => {
  it('answers 409 with fresh slots, not 422, when an offered slot has slipped inside the minimum notice', async () => {
    t = await createTestApp({ now: MONDAY_0600Z });
    const lead = await (await t.post('/api/forms/demo/submissions', { answers: validAnswers(), timezone: 'UTC' })).json();
    const first = lead.slots[0].start; // 14:00Z, offered with an hour's notice at 06:00Z
    t.setNow(Date.parse(first) - 30 * 60_000); // the prospect waited: now only 30 minutes before
    const res = await t.post('/api/bookings', { leadToken: lead.leadToken, start: first });
    expect(res.status).toBe(409);
    const { error } = await res.json();
    expect(error.code).toBe('slot_taken');
    expect(error.slots[0].start).toBe('2026-11-23T14:30:00.000Z'); // 13:30 + an hour's notice
  });

  it('keeps a pooled lead\'s rep and rotation turn when it cancels and books again', async () => {
    t = await createTestApp({ now: MONDAY_0600Z });
    const lead = await (await t.post('/api/forms/demo/submissions', { answers: validAnswers({ size: '1000+' }), timezone: 'UTC' })).json();
    const hosts: string[] = [];
    // 15:00Z and 16:00Z: both London and New York are free.
    for (const start of ['2026-11-23T15:00:00.000Z', '2026-11-23T16:00:00.000Z']) {
      const booking = await (await t.post('/api/bookings', { leadToken: lead.leadToken, start })).json();
      hosts.push(booking.host.name);
      expect((await t.post(`/api/manage/${manageToken(booking)}/cancel`, {})).status).toBe(200);
    }
    expect(hosts).toEqual(['Nora York', 'Nora York']);
    const turns = await t.db.selectFrom('assignments').select('rep_id').where('lead_id', '=', lead.leadId).execute();
    expect(turns).toEqual([{ rep_id: 'ny' }]);
  });

  it('stops a lead that books and cancels over and over', async () => {
    t = await createTestApp({ now: MONDAY_0600Z });
    const lead = await (await t.post('/api/forms/demo/submissions', { answers: validAnswers(), timezone: 'UTC' })).json();
    const statuses: number[] = [];
    for (const slot of lead.slots.slice(0, 4)) {
      const res = await t.post('/api/bookings', { leadToken: lead.leadToken, start: slot.start });
      statuses.push(res.status);
      if (res.status === 201) await t.post(`/api/manage/${manageToken(await res.json())}/cancel`, {});
      else expect((await res.json()).error.code).toBe('booking_limit_reached');
    }
    expect(statuses).toEqual([201, 201, 201, 409]);
  });
});
