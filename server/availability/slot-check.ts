import { repSlots, type RepCalendar, type SlotRules } from './slots.ts';

export type SlotCheck =
  | { state: 'free'; repIds: string[] }
  /** A real slot of the schedule that bookings or the passing of time have since ruled out. */
  | { state: 'taken' }
  /** Never a slot: off the grid, outside working hours, beyond the horizon. */
  | { state: 'not_offered' };

/**
 * Whether `start` can be booked now with any of these calendars. "Taken" and "never
 * offered" are told apart because the first deserves fresh alternatives (409) and the
 * second is a bad request (422): a slot that was offered when the lead came in
 * (`offeredAt`) but has since slipped inside the minimum notice counts as taken.
 */
export function checkSlot(
  calendars: readonly RepCalendar[],
  rules: SlotRules,
  start: number,
  now: number,
  offeredAt: number = now,
): SlotCheck {
  const at = (instant: number) => ({ rules, now: instant, from: start, to: start + 1 });
  const repIds = calendars.filter((c) => repSlots(c, at(now)).length > 0).map((c) => c.id);
  if (repIds.length > 0) return { state: 'free', repIds };
  const open = (c: RepCalendar, instant: number) => repSlots({ ...c, busy: [], bookedStarts: [], unavailable: false }, at(instant)).length > 0;
  return calendars.some((c) => open(c, now) || open(c, offeredAt)) ? { state: 'taken' } : { state: 'not_offered' };
}
