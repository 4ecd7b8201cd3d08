import type { Interval } from './intervals.ts';
import { pooledSlots, type PooledSlot, type RepCalendar, type SlotQuery } from './slots.ts';
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

const DAY = 86_400_000;

/**
 * The pooled slots of the first `days` local days (in `zone`) that have any, without
 * laying every slot of the horizon: a week is looked at first, then twice as far each
 * time, until a slot lies beyond the last of those days (so that day is whole) or the
 * horizon ends. A 100-rep team with a 60-day horizon lays about a week.
 */
export function pooledSlotsOfFirstDays(calendars: readonly RepCalendar[], query: SlotQuery, zone: string, days: number): PooledSlot[] {
  const end = query.now + query.rules.horizonDays * DAY;
  const from = query.now;
  for (let span = 7 * DAY; ; span *= 2) {
    const to = Math.min(end, from + span);
    const slots = pooledSlots(calendars, { ...query, from, to });
    const first = slotsOfFirstDays(slots, zone, days);
    if (first.length < slots.length || to >= end) return first;
  }
}
