import { WEEKDAYS } from '../../shared/config.ts';
import { parseLocalDay, weekdayOf, zoneClock, type LocalDay } from './zoned-time.ts';
import { mergeIntervals, type Interval } from './intervals.ts';

const MINUTE = 60_000;

/** A working window as wall-clock minutes after local midnight; `end` may pass 1440. */
export type WallRange = { start: number; end: number };

/** A rep's hours, compiled once from the config so slot generation does no parsing. */
export type Schedule = {
  timezone: string;
  /** Index 0 = Monday. */
  weekly: WallRange[][];
  overrides: Map<LocalDay, WallRange[]>;
  /** Whole local days off, as inclusive day numbers. */
  timeOff: { from: LocalDay; to: LocalDay }[];
};

export type ScheduleInput = {
  timezone: string;
  workingHours: Record<string, string[]>;
  overrides?: { date: string; hours: string[] }[];
  timeOff?: { from: string; to: string }[];
};

function minutesOf(clock: string): number {
  const [h, m] = clock.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

/** "22:00-02:00" → {start: 1320, end: 1560}: an end at or before the start is the next day. */
export function parseWallRange(range: string): WallRange {
  const [from, to] = range.split('-') as [string, string];
  const start = minutesOf(from);
  let end = minutesOf(to);
  if (end <= start) end += 1440;
  return { start, end };
}

/** "mon-fri" → [0..4]; "sat" → [5]; "mon,wed" → [0, 2]. Keys are validated by the config schema. */
export function weekdaysOf(key: string): number[] {
  const days: number[] = [];
  for (const part of key.split(',')) {
    const [from, to] = part.trim().split('-') as [string, string | undefined];
    const a = WEEKDAYS.indexOf(from as (typeof WEEKDAYS)[number]);
    const b = to === undefined ? a : WEEKDAYS.indexOf(to as (typeof WEEKDAYS)[number]);
    // A range may wrap the week ("fri-mon").
    for (let d = a; ; d = (d + 1) % 7) {
      days.push(d);
      if (d === b) break;
    }
  }
  return days;
}

const byStart = (a: WallRange, b: WallRange) => a.start - b.start || a.end - b.end;

export function compileSchedule(input: ScheduleInput): Schedule {
  const weekly: WallRange[][] = WEEKDAYS.map(() => []);
  for (const [key, ranges] of Object.entries(input.workingHours)) {
    for (const day of weekdaysOf(key)) weekly[day]!.push(...ranges.map(parseWallRange));
  }
  weekly.forEach((ranges) => ranges.sort(byStart));
  const overrides = new Map<LocalDay, WallRange[]>();
  for (const override of input.overrides ?? []) {
    overrides.set(parseLocalDay(override.date), override.hours.map(parseWallRange).sort(byStart));
  }
  const timeOff = (input.timeOff ?? []).map((off) => ({ from: parseLocalDay(off.from), to: parseLocalDay(off.to) }));
  return { timezone: input.timezone, weekly, overrides, timeOff };
}

export function isDayOff(schedule: Schedule, day: LocalDay): boolean {
  return schedule.timeOff.some((off) => day >= off.from && day <= off.to);
}

/**
 * The wall-clock windows that start on a local day: the date's override when there is
 * one (an empty override closes the day), else the weekday's hours. An override replaces
 * only the windows that start on its date; the previous evening's window that crosses
 * midnight into it still runs. Time off is not applied here: it blocks whole local days
 * as busy time (`timeOffIntervals`), so it also cuts windows that cross into a day off,
 * and leaves a window from a day off that crosses into a working day.
 */
export function windowsOn(schedule: Schedule, day: LocalDay): readonly WallRange[] {
  return schedule.overrides.get(day) ?? schedule.weekly[weekdayOf(day)]!;
}

/**
 * A working window placed on the timeline. `wallStart`/`wallEnd` are local wall-clock
 * minutes since 1970-01-01 in the rep's zone (the grid is laid on these); `instants` are
 * the times whose local clock reads inside the window (one interval, or two around a clock
 * change); `offset` is the zone's offset throughout, or null when it changes nearby.
 */
export type PlacedWindow = {
  wallStart: number;
  wallEnd: number;
  instants: Interval[];
  offset: number | null;
};

/** Every window that starts on the local days `fromDay..toDay`, by wall-clock start. */
export function placeWindows(schedule: Schedule, fromDay: LocalDay, toDay: LocalDay): PlacedWindow[] {
  const clock = zoneClock(schedule.timezone);
  const placed: PlacedWindow[] = [];
  for (let day = fromDay; day <= toDay; day++) {
    for (const range of windowsOn(schedule, day)) {
      const wallStart = day * 1440 + range.start;
      const wallEnd = day * 1440 + range.end;
      const instants = clock.wallRangeInstants(wallStart, wallEnd);
      const only = instants.length === 1 ? instants[0]! : null;
      const steady = only !== null && only.end - only.start === (wallEnd - wallStart) * MINUTE;
      placed.push({ wallStart, wallEnd, instants, offset: steady ? wallStart - only.start / MINUTE : null });
    }
  }
  return placed;
}

/**
 * The instants whose local date in `zone` is one of `from..to` (inclusive), sorted and
 * merged: for time off, and for the all-day busy events of calendar feeds. Usually one
 * interval; a clock change that crosses midnight backwards can add a piece.
 */
export function localDaysIntervals(zone: string, from: LocalDay, to: LocalDay): Interval[] {
  const clock = zoneClock(zone);
  const pieces: Interval[] = [];
  for (let day = from; day <= to; day++) pieces.push(...clock.wallRangeInstants(day * 1440, (day + 1) * 1440));
  return mergeIntervals(pieces);
}

/**
 * Time off on the local days `fromDay..toDay`, as busy instants, so a window crossing
 * midnight into a day off is cut there too.
 */
export function timeOffIntervals(schedule: Schedule, fromDay: LocalDay, toDay: LocalDay): Interval[] {
  return mergeIntervals(schedule.timeOff
    .filter((off) => off.to >= fromDay && off.from <= toDay)
    .flatMap((off) => localDaysIntervals(schedule.timezone, Math.max(off.from, fromDay), Math.min(off.to, toDay))));
}
