import { DateTime } from 'luxon';
import type { Busy, SlotRules } from '../../../server/availability/slots.ts';
import type { ScheduleInput } from '../../../server/availability/working-hours.ts';

/**
 * An independent, slow oracle for one rep's slots, written from SPEC §3 with nothing from
 * `server/availability` but its types: it walks the timeline every 5 minutes and reads
 * each instant's wall clock with luxon. Inputs must keep to 5-minute multiples (times in
 * the hours, durations, steps, buffers) so that every instant that matters is visited.
 *
 * The rules it encodes:
 * - a window on a local date comes from that date's override, else its weekday's hours;
 *   "22:00-02:00" ends on the next date; an instant is working time when its wall clock
 *   reads inside a window and its local date is not a day off;
 * - each window lays start times at its wall-clock start plus multiples of the step, each
 *   at the first instant that shows it (none if the clock skips it);
 * - a slot must lie in working time throughout, clear of every
 *   busy block widened by the larger buffer on each side, start in [now + notice,
 *   now + horizon) and [from, to), and on a local day with fewer Usher bookings than the cap.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 86_400_000;
const GRAIN = 5 * MINUTE;
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export type OracleRep = {
  schedule: ScheduleInput;
  busy: readonly Busy[];
  bookedStarts: readonly number[];
  maxPerDay?: number | undefined;
};

const wallCache = new Map<string, number>();

/** Minutes since 1970-01-01 on the zone's wall clock at an instant, by luxon. */
export function wallMinute(zone: string, instant: number): number {
  const key = `${zone}|${instant}`;
  let wall = wallCache.get(key);
  if (wall === undefined) {
    const local = DateTime.fromMillis(instant, { zone });
    wall = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute) / MINUTE;
    if (wallCache.size > 2_000_000) wallCache.clear();
    wallCache.set(key, wall);
  }
  return wall;
}

const isoDate = (localDay: number) => new Date(localDay * DAY).toISOString().slice(0, 10);
const weekdayName = (localDay: number) => WEEKDAYS[(new Date(localDay * DAY).getUTCDay() + 6) % 7]!;

/** Does a working-hours key ("mon-fri", "sat", "fri-mon", "mon,wed") include a weekday? */
function keyIncludes(key: string, weekday: string): boolean {
  return key.split(',').some((part) => {
    const [from, to = from] = part.trim().split('-') as [string, string?];
    const a = WEEKDAYS.indexOf(from);
    const b = WEEKDAYS.indexOf(to);
    const d = WEEKDAYS.indexOf(weekday);
    return a <= b ? d >= a && d <= b : d >= a || d <= b;
  });
}

function hoursOn(schedule: ScheduleInput, localDay: number): string[] {
  const date = isoDate(localDay);
  const override = (schedule.overrides ?? []).filter((o) => o.date === date).at(-1);
  if (override) return override.hours;
  const weekday = weekdayName(localDay);
  return Object.entries(schedule.workingHours).filter(([key]) => keyIncludes(key, weekday)).flatMap(([, hours]) => hours);
}

const clockMinutes = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

export function bruteForceSlots(
  rep: OracleRep,
  rules: SlotRules,
  now: number,
  range: { from?: number; to?: number } = {},
): { start: number; end: number }[] {
  const zone = rep.schedule.timezone;
  const earliest = Math.max(now + rules.minimumNoticeMinutes * MINUTE, range.from ?? -Infinity);
  const latest = Math.min(now + rules.horizonDays * DAY, range.to ?? Infinity);
  if (earliest >= latest) return [];
  const duration = rules.durationMinutes * MINUTE;

  // The timeline, every 5 minutes, with luxon's wall clock for each instant.
  const first = Math.floor((earliest - 30 * HOUR) / GRAIN) * GRAIN;
  const last = latest + duration + 30 * HOUR;
  const times: number[] = [];
  const walls: number[] = [];
  const firstShowing = new Map<number, number>();
  for (let t = first; t <= last; t += GRAIN) {
    const wall = wallMinute(zone, t);
    if (!firstShowing.has(wall)) firstShowing.set(wall, t);
    times.push(t);
    walls.push(wall);
  }

  // Windows on every local date the walk sees.
  const windows: { wallStart: number; wallEnd: number }[] = [];
  const firstDay = Math.floor(walls[0]! / 1440) - 1;
  const lastDay = Math.floor(walls.at(-1)! / 1440);
  for (let day = firstDay; day <= lastDay; day++) {
    for (const range of hoursOn(rep.schedule, day)) {
      const [a, b] = range.split('-') as [string, string];
      const s = clockMinutes(a);
      let e = clockMinutes(b);
      if (e <= s) e += 1440;
      const wallStart = day * 1440 + s;
      const wallEnd = day * 1440 + e;
      windows.push({ wallStart, wallEnd });
    }
  }

  const offDays = new Set<string>();
  for (const off of rep.schedule.timeOff ?? []) {
    for (let d = Date.parse(off.from) / DAY; d <= Date.parse(off.to) / DAY; d++) offDays.add(isoDate(d));
  }
  const isWorkingInstant = (t: number) => {
    const wall = wallMinute(zone, t);
    return windows.some((w) => wall >= w.wallStart && wall < w.wallEnd) && !offDays.has(isoDate(Math.floor(wall / 1440)));
  };

  const before = rules.bufferBeforeMinutes * MINUTE;
  const after = rules.bufferAfterMinutes * MINUTE;
  const blocks = rep.busy.map((b) => ({
    start: b.start - Math.max(after, b.bufferBefore ?? 0),
    end: b.end + Math.max(before, b.bufferAfter ?? 0),
  }));
  const bookingsOn = (localDay: number) => rep.bookedStarts.filter((s) => Math.floor(wallMinute(zone, s) / 1440) === localDay).length;

  const starts = new Set<number>();
  for (const window of windows) {
    for (let wall = window.wallStart; wall < window.wallEnd; wall += rules.stepMinutes) {
      const start = firstShowing.get(wall);
      if (start === undefined || start < earliest || start >= latest) continue;
      const end = start + duration;
      let inside = true;
      for (let t = start; t < end && inside; t += GRAIN) inside = isWorkingInstant(t);
      if (!inside) continue;
      if (blocks.some((b) => b.start < end && start < b.end)) continue;
      if (rep.maxPerDay !== undefined && bookingsOn(Math.floor(wall / 1440)) >= rep.maxPerDay) continue;
      starts.add(start);
    }
  }
  return [...starts].sort((a, b) => a - b).map((start) => ({ start, end: start + duration }));
}
