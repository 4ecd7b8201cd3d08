import type { Interval } from './intervals.ts';
import { zoneClock } from './zoned-time.ts';

/**
 * The slots on the first `days` local days, in `zone`, that have any slot: a prefix of the
 * sorted list, so whoever shows it can ask for the rest from just after its last start
 * and get every other slot exactly once. Days without slots do not count, so a rep back
 * from a week off still shows `days` days of slots, never an empty first page.
 */
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
