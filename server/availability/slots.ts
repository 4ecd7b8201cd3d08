import { mergeIntervals, type Interval } from './intervals.ts';
import { localDayAt, localToInstant, offsetChangesWithin, type LocalDay } from './zoned-time.ts';
import { timeOffIntervals, windowsOn, type Schedule } from './working-hours.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** The meeting type's rules, in minutes as written in the config. */
export type SlotRules = {
  durationMinutes: number;
  stepMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  minimumNoticeMinutes: number;
  horizonDays: number;
};

/**
 * Time a rep cannot be booked. Usher's own bookings carry the buffers of their meeting
 * type, so the gap between two meetings is the larger of the two buffers that meet.
 */
export type Busy = Interval & { bufferBefore?: number; bufferAfter?: number };

/** Everything availability needs to know about one rep; no I/O behind any of it. */
export type RepCalendar = {
  id: string;
  schedule: Schedule;
  busy: readonly Busy[];
  /** Starts of the rep's Usher bookings, for the day cap. */
  bookedStarts: readonly number[];
  /** Meetings per local day, when capped. */
  maxPerDay?: number | undefined;
};

export type SlotQuery = {
  rules: SlotRules;
  now: number;
  /** Only slots starting in `[from, to)`; notice and horizon still apply. */
  from?: number;
  to?: number;
};

export type PooledSlot = Interval & { repIds: string[] };

/**
 * Busy blocks widened so that a slot is free exactly when `[start, end)` misses them all:
 * a block pushes the slot away by the slot's own buffer or the block's, whichever is larger.
 */
function blockedIntervals(calendar: RepCalendar, rules: SlotRules): Interval[] {
  const before = rules.bufferBeforeMinutes * MINUTE;
  const after = rules.bufferAfterMinutes * MINUTE;
  const widened = calendar.busy.map((b) => ({
    start: b.start - Math.max(after, b.bufferBefore ?? 0),
    end: b.end + Math.max(before, b.bufferAfter ?? 0),
  }));
  return mergeIntervals([...widened, ...timeOffIntervals(calendar.schedule)]);
}

/** Index of the first block ending after `instant` (blocks sorted, merged). */
function firstBlockEndingAfter(blocks: readonly Interval[], instant: number): number {
  let lo = 0;
  let hi = blocks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (blocks[mid]!.end <= instant) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function isFree(blocks: readonly Interval[], start: number, end: number): boolean {
  const block = blocks[firstBlockEndingAfter(blocks, start)];
  return block === undefined || block.start >= end;
}

function bookingsPerDay(calendar: RepCalendar): Map<LocalDay, number> {
  const counts = new Map<LocalDay, number>();
  for (const start of calendar.bookedStarts) {
    const day = localDayAt(calendar.schedule.timezone, start);
    counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  return counts;
}

/**
 * The bookable slots of one rep, sorted by start.
 *
 * 1. Work out the earliest and latest allowed start (notice, horizon, requested range).
 * 2. Walk the rep's local days; each working window lays a grid of start times from its
 *    own wall-clock start.
 * 3. Keep a start when it exists locally, the whole meeting fits in the window, no
 *    widened busy block touches it and the rep's local day is not full.
 */
export function repSlots(calendar: RepCalendar, query: SlotQuery): Interval[] {
  const { rules, now } = query;
  const zone = calendar.schedule.timezone;
  // 1.
  const earliest = Math.max(now + rules.minimumNoticeMinutes * MINUTE, query.from ?? -Infinity);
  const latest = Math.min(now + rules.horizonDays * DAY, query.to ?? Infinity);
  if (earliest >= latest) return [];
  const duration = rules.durationMinutes * MINUTE;
  const step = rules.stepMinutes;
  const blocks = blockedIntervals(calendar, rules);
  const perDay = calendar.maxPerDay === undefined ? null : bookingsPerDay(calendar);
  const slots: Interval[] = [];
  // 2. One day early: a window that starts the evening before may cross into range.
  const lastDay = localDayAt(zone, latest);
  for (let day = localDayAt(zone, earliest) - 1; day <= lastDay; day++) {
    for (const window of windowsOn(calendar.schedule, day)) {
      const windowStart = localToInstant(zone, day, window.start);
      const windowEnd = localToInstant(zone, day, window.end) ?? windowEndAfterGap(zone, day, window.end);
      if (windowEnd <= earliest || (windowStart ?? windowEnd) >= latest) continue;
      // Without an offset change inside the window, wall minutes map to instants by addition.
      const steady = windowStart !== null && !offsetChangesWithin(zone, windowStart, windowEnd);
      for (let minute = window.start; minute < window.end; minute += step) {
        const start = steady
          ? windowStart + (minute - window.start) * MINUTE
          : localToInstant(zone, day, minute);
        // 3.
        if (start === null || start < earliest) continue;
        if (start >= latest || start + duration > windowEnd) break;
        if (!isFree(blocks, start, start + duration)) continue;
        if (perDay !== null) {
          const startDay = day + Math.floor(minute / 1440);
          if ((perDay.get(startDay) ?? 0) >= calendar.maxPerDay!) continue;
        }
        slots.push({ start, end: start + duration });
      }
    }
  }
  return dedupeSorted(slots);
}

/** A window ending inside a DST gap ends where the gap ends. */
function windowEndAfterGap(zone: string, day: LocalDay, minute: number): number {
  for (let m = minute + 1; m <= minute + 180; m++) {
    const instant = localToInstant(zone, day, m);
    if (instant !== null) return instant;
  }
  throw new Error(`no valid local time after minute ${minute} of day ${day} in ${zone}`);
}

function dedupeSorted(slots: Interval[]): Interval[] {
  // Overlapping windows (e.g. an evening window crossing into the next day's hours)
  // can lay the same start twice; a slot is offered once.
  slots.sort((a, b) => a.start - b.start);
  return slots.filter((slot, i) => i === 0 || slot.start !== slots[i - 1]!.start);
}

/**
 * Pooled mode: the union of the candidates' slots, each slot naming every rep free for it.
 * Assigned mode is the same call with one rep.
 */
export function pooledSlots(calendars: readonly RepCalendar[], query: SlotQuery): PooledSlot[] {
  return unionSlots(calendars.map((calendar) => [calendar.id, repSlots(calendar, query)]));
}

/** Merges per-rep slot lists into one list by start, each slot naming its free reps. */
export function unionSlots(slotsByRep: Iterable<readonly [string, readonly Interval[]]>): PooledSlot[] {
  const byStart = new Map<number, PooledSlot>();
  for (const [repId, slots] of slotsByRep) {
    for (const slot of slots) {
      const existing = byStart.get(slot.start);
      if (existing) existing.repIds.push(repId);
      else byStart.set(slot.start, { start: slot.start, end: slot.end, repIds: [repId] });
    }
  }
  return [...byStart.values()].sort((a, b) => a.start - b.start);
}
