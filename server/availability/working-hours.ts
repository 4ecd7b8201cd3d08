import { WEEKDAYS } from '../../shared/config.ts';
import { localToInstant, parseLocalDay, weekdayOf, type LocalDay } from './zoned-time.ts';
import type { Interval } from './intervals.ts';

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

const byStart = (a: WallRange, b: WallRange) => a.start - b.start;

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

/** The wall-clock windows that start on a local day, after overrides and time off. */
export function windowsOn(schedule: Schedule, day: LocalDay): WallRange[] {
  if (isDayOff(schedule, day)) return [];
  return schedule.overrides.get(day) ?? schedule.weekly[weekdayOf(day)]!;
}

/** The first instant of a local day (midnight, or the end of a DST gap at midnight). */
export function startOfLocalDay(zone: string, day: LocalDay): number {
  for (let minute = 0; minute <= 180; minute += 15) {
    const instant = localToInstant(zone, day, minute);
    if (instant !== null) return instant;
  }
  throw new Error(`no valid time in the first hours of day ${day} in ${zone}`);
}

/** Time off as busy instants, so a window crossing midnight into a day off is cut too. */
export function timeOffIntervals(schedule: Schedule): Interval[] {
  return schedule.timeOff.map((off) => ({
    start: startOfLocalDay(schedule.timezone, off.from),
    end: startOfLocalDay(schedule.timezone, off.to + 1),
  }));
}
