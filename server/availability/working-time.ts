import { mergeIntervals, subtractIntervals } from './intervals.ts';
import { placeWindows, timeOffIntervals, type Schedule } from './working-hours.ts';
import { localDayAt } from './zoned-time.ts';

const MINUTE = 60_000;
/** How far ahead working time is looked for; a rep with none in a year has none at all. */
const MAX_DAYS = 366;

/**
 * The instant at which `minutes` of the rep's working time have passed since `from`
 * (SPEC §12: an SLA deadline "counted in the rep's working hours"). A lead that comes in
 * on Friday evening with 120 minutes to be accepted is due on Monday two hours into the
 * rep's day, in the rep's zone, through clock changes, overrides and time off. A rep
 * with no working time within a year counts plain time instead, so a deadline always
 * comes.
 */
export function addWorkingMinutes(schedule: Schedule, from: number, minutes: number): number {
  let left = minutes * MINUTE;
  if (left <= 0) return from;
  // A day before: a window that started yesterday evening may still run (night shifts).
  const first = localDayAt(schedule.timezone, from) - 1;
  // Counted up to here: a window of one week's last day that runs into the next week may
  // overlap a window of the next, and is not counted twice.
  let counted = from;
  // A week at a time: placing windows is per day, and most deadlines fall within one.
  for (let day = first; day < first + MAX_DAYS; day += 7) {
    const windows = mergeIntervals(placeWindows(schedule, day, day + 6).flatMap((w) => w.instants));
    const working = subtractIntervals(windows, timeOffIntervals(schedule, day - 1, day + 7));
    for (const span of working) {
      const start = Math.max(span.start, counted);
      if (span.end <= start) continue;
      if (span.end - start >= left) return start + left;
      left -= span.end - start;
      counted = span.end;
    }
  }
  return from + minutes * MINUTE;
}
