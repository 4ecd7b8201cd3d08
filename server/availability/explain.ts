import type { StartState } from '../../shared/admin-api.ts';
import { mergeIntervals, overlaps, type Interval } from './intervals.ts';
import type { Busy, RepCalendar, SlotRules } from './slots.ts';
import { placeWindows, timeOffIntervals } from './working-hours.ts';
import { zoneClock, type LocalDay } from './zoned-time.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** One grid start of a rep's local day, and why it is or is not bookable. */
export type ExplainedStart = {
  start: number;
  /** Minutes after the rep's local midnight, as the wall clock reads. */
  minuteOfDay: number;
  state: StartState;
  /** What blocks it: the booking's id, the busy time's span, the cap. */
  detail: string | null;
};

/**
 * The availability troubleshooter (SPEC §13): every grid start of the rep's local `day`,
 * each with the first reason a RevOps admin would look for. The grid is the meeting
 * type's step from local midnight, plus the grid each working window lays from its own
 * start (a window at 09:10 offers 09:10, 09:25…). A wall time the clock skips (spring
 * forward) is not a start; one that happens twice is its first occurrence, as for slots.
 *
 * The reasons are tried in this order, so the answer names the rule that matters most:
 * the calendar cannot be read, minimum notice, horizon, time off, outside working hours
 * (`override` when that day's hours are an override), a booking or calendar event in the
 * meeting's time, a buffer around one, the day's cap. What passes them all is `free`, and
 * the free starts are exactly the starts `repSlots` offers on that day.
 */
export function explainDay(calendar: RepCalendar, rules: SlotRules, now: number, day: LocalDay): ExplainedStart[] {
  const { schedule } = calendar;
  const clock = zoneClock(schedule.timezone);
  const duration = rules.durationMinutes * MINUTE;
  const step = rules.stepMinutes;
  const earliest = now + rules.minimumNoticeMinutes * MINUTE;
  const latest = now + rules.horizonDays * DAY;
  const windows = placeWindows(schedule, day - 1, day + 1);
  const working = mergeIntervals(windows.flatMap((w) => w.instants));
  const timeOff = timeOffIntervals(schedule, day - 1, day + 1);
  const dayStart = day * 1440;
  const walls = gridOfDay(dayStart, step, windows);
  const fullAt = dayCap(calendar, clock);
  const explained: ExplainedStart[] = [];
  for (const wall of walls) {
    const start = clock.localToInstant(day, wall - dayStart);
    if (start === null) continue;
    const meeting = { start, end: start + duration };
    const onGrid = windows.some((w) => wall >= w.wallStart && wall < w.wallEnd && (wall - w.wallStart) % step === 0);
    const explain = (state: StartState, detail: string | null = null) => explained.push({ start, minuteOfDay: wall - dayStart, state, detail });
    if (calendar.unavailable) explain('calendar_unavailable');
    else if (start < earliest) explain('notice');
    else if (start >= latest) explain('horizon');
    else if (timeOff.some((off) => overlaps(off, meeting))) explain('time_off');
    else if (!onGrid || !within(working, meeting)) explain(schedule.overrides.has(day) ? 'override' : 'outside_working_hours');
    else {
      const hit = calendar.busy.find((b) => overlaps(b, meeting));
      const near = hit ?? calendar.busy.find((b) => overlaps(widened(b, rules), meeting));
      if (hit) explain(hit.bookingId ? 'busy_booking' : 'busy_calendar', what(hit, clock));
      else if (near) explain('buffer', what(near, clock));
      else if (fullAt(day)) explain('day_cap', String(calendar.maxPerDay));
      else explain('free');
    }
  }
  return explained;
}

/** The wall minutes of `dayStart`'s day on the midnight grid and on each window's own grid, in order. */
function gridOfDay(dayStart: number, step: number, windows: readonly { wallStart: number; wallEnd: number }[]): number[] {
  const walls = new Set<number>();
  for (let wall = dayStart; wall < dayStart + 1440; wall += step) walls.add(wall);
  for (const w of windows) {
    for (let wall = w.wallStart; wall < w.wallEnd; wall += step) if (wall >= dayStart && wall < dayStart + 1440) walls.add(wall);
  }
  return [...walls].sort((a, b) => a - b);
}

function within(merged: readonly Interval[], meeting: Interval): boolean {
  return merged.some((w) => w.start <= meeting.start && w.end >= meeting.end);
}

/** A busy block pushed out by the larger of the meeting's buffer and its own, as `repSlots` does. */
function widened(b: Busy, rules: SlotRules): Interval {
  return {
    start: b.start - Math.max(rules.bufferAfterMinutes * MINUTE, b.bufferBefore ?? 0),
    end: b.end + Math.max(rules.bufferBeforeMinutes * MINUTE, b.bufferAfter ?? 0),
  };
}

/** A booking by its id, calendar time by its local span. */
function what(b: Busy, clock: ReturnType<typeof zoneClock>): string {
  if (b.bookingId) return b.bookingId;
  const wall = (instant: number) => {
    const minutes = Math.round((instant / MINUTE + clock.offsetAt(instant)) % 1440 + 1440) % 1440;
    return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  };
  return `${wall(b.start)}-${wall(b.end)}`;
}

/** Whether the rep's local day already holds `maxPerDay` Usher bookings (counted on the day each starts). */
function dayCap(calendar: RepCalendar, clock: ReturnType<typeof zoneClock>): (day: LocalDay) => boolean {
  const max = calendar.maxPerDay;
  if (max === undefined) return () => false;
  const counts = new Map<LocalDay, number>();
  for (const start of calendar.bookedStarts) counts.set(clock.localDayAt(start), (counts.get(clock.localDayAt(start)) ?? 0) + 1);
  return (day) => (counts.get(day) ?? 0) >= max;
}
