import { describe, expect, it } from 'vitest';
import { pooledSlotsOfFirstDays, slotsOfFirstDays } from '../../../server/availability/first-days.ts';
import { pooledSlots, type RepCalendar } from '../../../server/availability/slots.ts';
import { compileSchedule } from '../../../server/availability/working-hours.ts';
import { at, iso } from './fixtures.ts';

const slot = (start: string) => ({ start: at(start), end: at(start) + 30 * 60_000 });

describe('slotsOfFirstDays', () => {
  // Slots of a New York rep, Monday to Thursday 2026-11-23..26, 09:00 and 16:30 local.
  const slots = ['2026-11-23T14:00:00Z', '2026-11-23T21:30:00Z', '2026-11-24T14:00:00Z', '2026-11-24T21:30:00Z',
    '2026-11-25T14:00:00Z', '2026-11-25T21:30:00Z', '2026-11-26T14:00:00Z'].map(slot);

  it('keeps the slots of the first days that have any, counted in the given zone', () => {
    // zones: prospect Europe/Berlin (UTC+1): each New York day is one Berlin day
    expect(slotsOfFirstDays(slots, 'Europe/Berlin', 3).map((s) => iso(s.start)).at(-1)).toBe('2026-11-25T21:30:00Z');
    // zones: prospect Asia/Tokyo (UTC+9): 21:30Z is already the next day in Tokyo
    expect(slotsOfFirstDays(slots, 'Asia/Tokyo', 3).map((s) => iso(s.start))).toEqual([
      '2026-11-23T14:00:00Z', '2026-11-23T21:30:00Z', '2026-11-24T14:00:00Z', '2026-11-24T21:30:00Z', '2026-11-25T14:00:00Z',
    ]);
  });

  it('skips days without slots rather than counting them', () => {
    // zones: prospect UTC; slots on the 1st, the 9th and the 20th
    const sparse = ['2026-12-01T10:00:00Z', '2026-12-09T10:00:00Z', '2026-12-20T10:00:00Z', '2026-12-21T10:00:00Z'].map(slot);
    expect(slotsOfFirstDays(sparse, 'UTC', 3)).toHaveLength(3);
  });

  it('returns a prefix of the list, so the rest starts just after its last slot', () => {
    const first = slotsOfFirstDays(slots, 'Asia/Tokyo', 2);
    expect(slots.slice(0, first.length)).toEqual(first);
    expect(slotsOfFirstDays([], 'UTC', 3)).toEqual([]);
    expect(slotsOfFirstDays(slots, 'UTC', 10)).toEqual(slots);
  });
});

describe('pooledSlotsOfFirstDays', () => {
  // now: Monday 2026-11-23 06:00Z; horizon 60 days; prospect zones Europe/Berlin and Asia/Kolkata (UTC+5:30).
  const now = Date.parse('2026-11-23T06:00:00Z');
  const rules = { durationMinutes: 30, stepMinutes: 30, bufferBeforeMinutes: 0, bufferAfterMinutes: 0, minimumNoticeMinutes: 0, horizonDays: 60 };
  const rep = (id: string, timezone: string, extra: object = {}): RepCalendar => ({
    id, schedule: compileSchedule({ timezone, workingHours: { 'mon-fri': ['09:00-12:00'] }, ...extra }), busy: [], bookedStarts: [],
  });

  it('gives the same first days as laying the whole horizon, without laying it', () => {
    const calendars = [rep('ber', 'Europe/Berlin'), rep('ny', 'America/New_York'), rep('kol', 'Asia/Kolkata')];
    for (const zone of ['Europe/Berlin', 'Asia/Kolkata']) {
      const whole = slotsOfFirstDays(pooledSlots(calendars, { rules, now }), zone, 3);
      expect(pooledSlotsOfFirstDays(calendars, { rules, now }, zone, 3)).toEqual(whole);
    }
  });

  it('looks further when the whole team is away for the first weeks', () => {
    // Both reps are off until 2026-12-20, so the first days lie past the first week and the second.
    const away = { timeOff: [{ from: '2026-11-23', to: '2026-12-20' }] };
    const calendars = [rep('ber', 'Europe/Berlin', away), rep('ny', 'America/New_York', away)];
    const first = pooledSlotsOfFirstDays(calendars, { rules, now }, 'Europe/Berlin', 3);
    expect(first).toEqual(slotsOfFirstDays(pooledSlots(calendars, { rules, now }), 'Europe/Berlin', 3));
    expect(iso(first[0]!.start)).toBe('2026-12-21T08:00:00Z');
    expect(new Set(first.map((s) => iso(s.start).slice(0, 10)))).toEqual(new Set(['2026-12-21', '2026-12-22', '2026-12-23']));
  });

  it('returns what there is when the horizon holds fewer days', () => {
    const short = { ...rules, horizonDays: 2 };
    const calendars = [rep('ber', 'Europe/Berlin')];
    expect(pooledSlotsOfFirstDays(calendars, { rules: short, now }, 'Europe/Berlin', 3)).toEqual(pooledSlots(calendars, { rules: short, now }));
  });
});
