import { describe, expect, it } from 'vitest';
import { slotsOfFirstDays } from '../../../server/availability/first-days.ts';
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
