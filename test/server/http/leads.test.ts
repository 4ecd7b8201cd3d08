import { afterEach, describe, expect, it } from 'vitest';
import { slotsResponseSchema, submissionResponseSchema, type Slot } from '../../../shared/api.ts';
import { createTestApp, validAnswers, type TestApp } from '../../helpers/app.ts';
import { MONDAY_0600Z, TEST_CONFIG_YAML } from '../../fixtures/test-config.ts';

// zones: reps in America/New_York (Nora, 09:00-17:00 = 14:00-22:00Z in November) and
// Europe/London (Leo); prospects in the zones each test names. now: Monday 2026-11-23 06:00Z.
// The meeting: 30 minutes on a 30-minute grid, 60 minutes' notice, a 7-day horizon.

const DAY = 86_400_000;
let t: TestApp;
afterEach(async () => { await t?.close(); });

type Scheduled = { leadId: string; leadToken: string; slots: Slot[] };

/** A lead routed to Nora alone (the 201-1000 route), or to the pool of Nora and Leo. */
async function scheduleLead(route: 'nora' | 'pool' = 'nora', timezone = 'Europe/Berlin', email = 'jo@acme.io'): Promise<Scheduled> {
  const size = route === 'nora' ? '201-1000' : '1000+';
  const res = await t.post('/api/forms/demo/submissions', { answers: validAnswers({ size, email }), timezone });
  const result = submissionResponseSchema.parse(await res.json());
  if (result.outcome !== 'schedule') throw new Error(`lead was not scheduled: ${JSON.stringify(result)}`);
  return result;
}

const getSlots = (leadId: string, query: Record<string, string>, authorization?: string) =>
  t.app.request(`/api/leads/${leadId}/slots?${new URLSearchParams(query)}`, authorization ? { headers: { authorization } } : {});

async function slotsOf(lead: Scheduled, from: string, to: string): Promise<Slot[]> {
  const res = await getSlots(lead.leadId, { from, to }, `Bearer ${lead.leadToken}`);
  expect(res.status).toBe(200);
  return slotsResponseSchema.parse(await res.json()).slots;
}

const horizonEnd = new Date(MONDAY_0600Z + 7 * DAY).toISOString();
const starts = (slots: readonly Slot[]) => slots.map((s) => s.start);

describe('GET /api/leads/:leadId/slots', () => {
  it('answers the lead\'s slots starting in [from, to), as UTC instants with Z, and the lead\'s zone', async () => {
    t = await createTestApp({ now: MONDAY_0600Z });
    const lead = await scheduleLead();
    const res = await getSlots(lead.leadId, { from: '2026-11-24T14:00:00.000Z', to: '2026-11-24T15:00:00Z' }, `Bearer ${lead.leadToken}`);
    expect(res.status).toBe(200);
    // 14:00 starts at `from` and is in; 15:00 starts at `to` and is out.
    expect(slotsResponseSchema.parse(await res.json())).toEqual({
      slots: [
        { start: '2026-11-24T14:00:00.000Z', end: '2026-11-24T14:30:00.000Z' },
        { start: '2026-11-24T14:30:00.000Z', end: '2026-11-24T15:00:00.000Z' },
      ],
      timezone: 'Europe/Berlin',
    });
  });

  it('pages on from just after the submission\'s last slot, with no gap and no repeat', async () => {
    t = await createTestApp({ now: MONDAY_0600Z });
    const lead = await scheduleLead();
    const all = await slotsOf(lead, new Date(MONDAY_0600Z).toISOString(), horizonEnd);
    const next = new Date(Date.parse(lead.slots.at(-1)!.start) + 1).toISOString();
    const rest = await slotsOf(lead, next, horizonEnd);
    expect([...lead.slots, ...rest]).toEqual(all);
    expect(rest[0]!.start).toBe('2026-11-26T14:00:00.000Z');
    // Monday to Friday, 16 slots a day; the horizon ends before Nora's next Monday.
    expect(all).toHaveLength(5 * 16);
  });

  it('offers a pooled lead every member\'s slots once, without naming anyone', async () => {
    t = await createTestApp({ now: MONDAY_0600Z });
    const lead = await scheduleLead('pool');
    const res = await getSlots(lead.leadId, { from: '2026-11-24T00:00:00Z', to: '2026-11-25T00:00:00Z' }, `Bearer ${lead.leadToken}`);
    const text = await res.text();
    const { slots } = slotsResponseSchema.parse(JSON.parse(text));
    // London 09:00-17:00Z, New York 14:00-22:00Z: one list from 09:00Z to 21:30Z.
    expect(slots[0]!.start).toBe('2026-11-24T09:00:00.000Z');
    expect(slots.at(-1)!.start).toBe('2026-11-24T21:30:00.000Z');
    expect(new Set(starts(slots)).size).toBe(slots.length);
    expect(slots).toHaveLength(26);
    expect(text).not.toMatch(/repIds|"ny"|"ldn"|Nora|Leo/);
  });

  it('leaves out a slot once another lead has booked it', async () => {
    t = await createTestApp({ now: MONDAY_0600Z });
    const first = await scheduleLead('nora', 'Europe/Berlin', 'a@acme.io');
    const second = await scheduleLead('nora', 'Europe/Berlin', 'b@initech.io');
    expect((await t.post('/api/bookings', { leadToken: first.leadToken, start: '2026-11-24T14:00:00.000Z' })).status).toBe(201);
    const tuesday = await slotsOf(second, '2026-11-24T00:00:00Z', '2026-11-25T00:00:00Z');
    expect(starts(tuesday)).not.toContain('2026-11-24T14:00:00.000Z');
    expect(tuesday).toHaveLength(15);
  });

  it('honours a rep\'s own day cap over the meeting type\'s', async () => {
    const yaml = TEST_CONFIG_YAML
      .replace('    horizonDays: 7\n', '    horizonDays: 7\n    maxPerRepPerDay: 6\n')
      .replace('timezone: America/New_York,', 'timezone: America/New_York, maxMeetingsPerDay: 1,');
    t = await createTestApp({ now: MONDAY_0600Z, yaml });
    const first = await scheduleLead('nora', 'Europe/Berlin', 'a@acme.io');
    const second = await scheduleLead('nora', 'Europe/Berlin', 'b@initech.io');
    expect((await t.post('/api/bookings', { leadToken: first.leadToken, start: '2026-11-24T16:00:00.000Z' })).status).toBe(201);
    expect(await slotsOf(second, '2026-11-24T00:00:00Z', '2026-11-25T00:00:00Z')).toEqual([]);
    expect(await slotsOf(second, '2026-11-25T00:00:00Z', '2026-11-26T00:00:00Z')).toHaveLength(16);
  });

  it('answers only slots that can be booked: the first, a middle and the last one all book', async () => {
    t = await createTestApp({ now: MONDAY_0600Z });
    const viewer = await scheduleLead('nora', 'Europe/Berlin', 'viewer@acme.io');
    const offered = await slotsOf(viewer, '2026-11-24T00:00:00Z', horizonEnd);
    const picks = [offered[0]!, offered[Math.floor(offered.length / 2)]!, offered.at(-1)!];
    for (const [i, slot] of picks.entries()) {
      const lead = await scheduleLead('nora', 'Europe/Berlin', `p${i}@acme.io`);
      const res = await t.post('/api/bookings', { leadToken: lead.leadToken, start: slot.start });
      expect(res.status).toBe(201);
      expect(await res.json()).toMatchObject({ start: slot.start, end: slot.end });
    }
  });

  it('answers 422 with every problem when from or to is missing, not a UTC instant, or the range is wrong', async () => {
    t = await createTestApp({ now: MONDAY_0600Z });
    const lead = await scheduleLead();
    const auth = `Bearer ${lead.leadToken}`;
    const problems = async (query: Record<string, string>) => {
      const res = await getSlots(lead.leadId, query, auth);
      expect(res.status).toBe(422);
      const { error } = await res.json();
      expect(error.code).toBe('invalid_request');
      return error.issues.map((issue: { path: string }) => issue.path);
    };
    expect(await problems({})).toEqual(['from', 'to']);
    expect(await problems({ from: '2026-11-24', to: '2026-11-25T00:00:00+01:00' })).toEqual(['from', 'to']);
    expect(await problems({ from: '2026-11-25T00:00:00Z', to: '2026-11-24T00:00:00Z' })).toEqual(['to']);
    expect(await problems({ from: '2026-11-24T00:00:00Z', to: '2026-11-24T00:00:00Z' })).toEqual(['to']);
    expect(await problems({ from: '2026-11-24T00:00:00Z', to: '2026-12-26T00:00:00Z' })).toEqual(['to']);
  });

  it('answers 404, not 403, to a missing or wrong token', async () => {
    t = await createTestApp({ now: MONDAY_0600Z });
    const lead = await scheduleLead();
    const query = { from: '2026-11-24T00:00:00Z', to: '2026-11-25T00:00:00Z' };
    for (const authorization of [undefined, 'Bearer wrong-token', `Basic ${lead.leadToken}`, `Bearer ${lead.leadToken}x`]) {
      const res = await getSlots(lead.leadId, query, authorization);
      expect(res.status).toBe(404);
      expect((await res.json()).error.code).toBe('lead_not_found');
    }
  });

  it('does not let one lead\'s token read another lead\'s slots', async () => {
    t = await createTestApp({ now: MONDAY_0600Z });
    const mine = await scheduleLead('nora', 'Europe/Berlin', 'a@acme.io');
    const theirs = await scheduleLead('pool', 'America/Chicago', 'b@initech.io');
    const query = { from: '2026-11-24T00:00:00Z', to: '2026-11-25T00:00:00Z' };
    const res = await getSlots(theirs.leadId, query, `Bearer ${mine.leadToken}`);
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('lead_not_found');
    expect((await getSlots(theirs.leadId, query, `Bearer ${theirs.leadToken}`)).status).toBe(200);
  });
});

describe('POST /api/forms/:formId/submissions', () => {
  it('answers with the slots of the first three days that have any, in the prospect\'s zone', async () => {
    t = await createTestApp({ now: MONDAY_0600Z });
    // zones: prospect Europe/Berlin (UTC+1): Nora's Monday to Wednesday
    const berlin = await scheduleLead('nora', 'Europe/Berlin', 'a@acme.io');
    expect(berlin.slots).toHaveLength(3 * 16);
    expect(berlin.slots.at(-1)!.start).toBe('2026-11-25T21:30:00.000Z');
    // zones: prospect Asia/Tokyo (UTC+9): Nora's 14:00Z and 14:30Z are the day before
    // the rest of her day in Tokyo, so three Tokyo days end at Wednesday 14:30Z.
    const tokyo = await scheduleLead('nora', 'Asia/Tokyo', 'b@initech.io');
    expect(tokyo.slots).toHaveLength(2 + 16 + 16);
    expect(tokyo.slots.at(-1)!.start).toBe('2026-11-25T14:30:00.000Z');
  });

  it('still answers three days with slots when the rep is away for the first days', async () => {
    const yaml = TEST_CONFIG_YAML.replace('workingHours: { mon-fri: ["09:00-17:00"] } }',
      'workingHours: { mon-fri: ["09:00-17:00"] }, timeOff: [{ from: 2026-11-23, to: 2026-11-24 }] }');
    t = await createTestApp({ now: MONDAY_0600Z, yaml });
    const lead = await scheduleLead();
    expect(lead.slots[0]!.start).toBe('2026-11-25T14:00:00.000Z');
    expect(lead.slots.at(-1)!.start).toBe('2026-11-27T21:30:00.000Z');
    expect(lead.slots).toHaveLength(3 * 16);
  });
});
