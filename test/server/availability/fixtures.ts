import { DateTime } from 'luxon';
import { repSlots, type Busy, type RepCalendar, type SlotRules } from '../../../server/availability/slots.ts';
import { compileSchedule, type ScheduleInput } from '../../../server/availability/working-hours.ts';

/** Shared builders for the availability tests: plain data in, plain data out. */

export const MINUTE = 60_000;
export const DAY = 86_400_000;

/** An instant as compact UTC ISO text: `2026-03-09T13:00:00Z`. */
export const iso = (instant: number) => new Date(instant).toISOString().replace('.000Z', 'Z');
export const at = (text: string) => Date.parse(text);

/** The wall clock of an instant in a zone, read by luxon: `HH:mm`. */
export const wallClock = (instant: number, zone: string) => DateTime.fromMillis(instant, { zone }).toFormat('HH:mm');

export const rules = (overrides: Partial<SlotRules> = {}): SlotRules => ({
  durationMinutes: 30, stepMinutes: 30, bufferBeforeMinutes: 0, bufferAfterMinutes: 0,
  minimumNoticeMinutes: 0, horizonDays: 14, ...overrides,
});

/** A rep's calendar; every busy entry with a `bookingId` counts toward the day cap. */
export function calendar(id: string, input: ScheduleInput, busy: Busy[] = [], extra: Partial<RepCalendar> = {}): RepCalendar {
  return {
    id, schedule: compileSchedule(input), busy,
    bookedStarts: busy.filter((b) => b.bookingId !== undefined).map((b) => b.start), ...extra,
  };
}

/** Slot starts in `[from, to)` as compact UTC strings. */
export function startsBetween(cal: RepCalendar, r: SlotRules, now: number, from: string, to: string): string[] {
  return repSlots(cal, { rules: r, now, from: at(from), to: at(to) }).map((s) => iso(s.start));
}
