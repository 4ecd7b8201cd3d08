import type { Interval } from './intervals.ts';
import { zoneClock } from './zoned-time.ts';

/**
 * The slots on the first `days` local days, in `zone`, that have any slot: a prefix of the
 * sorted list, so whoever shows it can ask for the rest from just after its last start
 * and get every other slot exactly once. Days without slots do not count, so a rep back
 * from a week off still shows `days` days of slots, never an empty first page.
 */
/**
 * How many days of slots an answer carries (a submission, a 409's alternatives): the
 * first three days, in the prospect's zone, that have any slot. That is what the widget
 * shows first, and it keeps answers small for a large pooled team; the widget asks
 * `GET /api/leads/:id/slots` for later days, from just after the last start it has.
 */
export const FIRST_SLOT_DAYS = 3;

export function slotsOfFirstDays<T extends Interval>(slots: readonly T[], zone: string, days: number): T[] {
  const clock = zoneClock(zone);
  let seen = 0;
  let current: number | null = null;
  for (let i = 0; i < slots.length; i++) {
    const day = clock.localDayAt(slots[i]!.start);
    if (day !== current) {
      if (seen === days) return slots.slice(0, i);
      seen++;
      current = day;
    }
  }
  return [...slots];
}
