import { mergeIntervals, subtractIntervals, unionOfMerged, type Interval } from './intervals.ts';
import { zoneClock, type LocalDay, type ZoneClock } from './zoned-time.ts';
import { placeWindows, timeOffIntervals, type PlacedWindow, type Schedule } from './working-hours.ts';

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
 * Time a rep cannot be booked, from any source. Usher's own bookings carry the buffers
 * of their meeting type (in milliseconds), so the gap between two meetings is the larger
 * of the two buffers that meet; events from other calendars carry none, and only the
 * candidate slot's buffers keep it away from them.
 */
export type Busy = Interval & {
  bufferBefore?: number;
  bufferAfter?: number;
  /** Set on Usher's own bookings. */
  bookingId?: string;
};

/** Everything availability needs to know about one rep; no I/O behind any of it. */
export type RepCalendar = {
  id: string;
  schedule: Schedule;
  /** In any order; they may overlap. */
  busy: readonly Busy[];
  /** Starts of the rep's Usher bookings, for the day cap. */
  bookedStarts: readonly number[];
  /** Meetings per local day, when capped. */
  maxPerDay?: number | undefined;
  /** One of the rep's calendars cannot be read: no slot at all (fail closed, SPEC §11). */
  unavailable?: boolean | undefined;
};

export type SlotQuery = {
  rules: SlotRules;
  now: number;
  /** Only slots starting in `[from, to)`; notice and horizon still apply. */
  from?: number;
  to?: number;
  /**
   * Stop once this many are found: enough to tell whether a rep has any slot at all
   * without laying the whole horizon (where windows overlap, not always the earliest).
   */
  limit?: number;
};

export type PooledSlot = Interval & { repIds: string[] };

/**
 * The busy blocks that reach into working time, widened so that a slot is free exactly
 * when `[start, end)` misses them all: a block pushes the slot away by the slot's own
 * buffer or the block's, whichever is larger. Sorted and merged.
 *
 * This is the hot loop of a large team (hundreds of events per rep, most of them outside
 * working hours), so it makes one pass without copying: sources usually hand their
 * events over in order, and widening keeps that order unless buffers differ. Only a list
 * out of order is copied and sorted first.
 */
function busyWithin(busy: readonly Busy[], rules: SlotRules, working: readonly Interval[]): Interval[] {
  const before = rules.bufferBeforeMinutes * MINUTE;
  const after = rules.bufferAfterMinutes * MINUTE;
  const inOrder = mergeInOrder(busy, before, after, working);
  if (inOrder !== null) return inOrder;
  const widened = busy.map((b) => ({
    start: b.start - Math.max(after, b.bufferBefore ?? 0),
    end: b.end + Math.max(before, b.bufferAfter ?? 0),
  }));
  widened.sort((a, b) => a.start - b.start);
  return mergeInOrder(widened, 0, 0, working)!;
}

/** `busyWithin` for a list in order of widened start; `null` when it is not in order. */
function mergeInOrder(busy: readonly Busy[], before: number, after: number, working: readonly Interval[]): Interval[] | null {
  const merged: Interval[] = [];
  let lastEnd = -Infinity;
  let previousStart = -Infinity;
  let w = 0;
  for (const b of busy) {
    const start = b.start - (b.bufferBefore !== undefined && b.bufferBefore > after ? b.bufferBefore : after);
    const end = b.end + (b.bufferAfter !== undefined && b.bufferAfter > before ? b.bufferAfter : before);
    if (start < previousStart) return null;
    previousStart = start;
    // Blocks outside working time cannot take a slot away; skip them without a copy.
    while (w < working.length && working[w]!.end <= start) w++;
    if (w === working.length || end <= working[w]!.start || end <= start) continue;
    if (start <= lastEnd) {
      if (end > lastEnd) {
        lastEnd = end;
        merged[merged.length - 1]!.end = end;
      }
    } else {
      merged.push({ start, end });
      lastEnd = end;
    }
  }
  return merged;
}

/** Local days `first..last` on which the rep already has `maxPerDay` Usher bookings. */
function fullDays(calendar: RepCalendar, clock: ZoneClock, first: LocalDay, last: LocalDay): Uint8Array | null {
  const max = calendar.maxPerDay;
  if (max === undefined) return null;
  const counts = new Uint32Array(last - first + 2);
  // A booking counts on the local day it starts, even when it runs past midnight.
  for (const start of calendar.bookedStarts) {
    const index = clock.localDayAt(start) - first;
    if (index >= 0 && index < counts.length) counts[index]!++;
  }
  const full = new Uint8Array(counts.length);
  for (let i = 0; i < counts.length; i++) full[i] = counts[i]! >= max ? 1 : 0;
  return full;
}

/** Index of the first interval ending after `instant` (intervals sorted, merged). */
function firstEndingAfter(intervals: readonly Interval[], instant: number): number {
  let lo = 0;
  let hi = intervals.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (intervals[mid]!.end <= instant) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** What one rep's grid walk needs, worked out once per call. */
type Walk = {
  clock: ZoneClock;
  earliest: number;
  latest: number;
  duration: number;
  step: number;
  free: readonly Interval[];
  full: Uint8Array | null;
  firstDay: LocalDay;
  slots: Interval[];
  /** False when only counting: no slot objects are made. */
  keep: boolean;
  found: number;
  limit: number;
};

function dayIsFull(walk: Walk, wallMinute: number): boolean {
  return walk.full !== null && walk.full[Math.floor(wallMinute / 1440) - walk.firstDay] === 1;
}

/**
 * The grid of a window where the offset holds throughout: wall minutes map to instants by
 * addition, so each free interval's grid starts are found by arithmetic, never tried one
 * by one against the busy blocks.
 */
function laySteadyGrid(walk: Walk, window: PlacedWindow, offset: number): void {
  const { free, duration, slots } = walk;
  const stepMs = walk.step * MINUTE;
  const first = (window.wallStart - offset) * MINUTE;
  const lastStart = Math.min((window.wallEnd - offset) * MINUTE, walk.latest) - 1;
  let i = firstEndingAfter(free, Math.max(first, walk.earliest));
  for (; i < free.length && free[i]!.start <= lastStart; i++) {
    const range = free[i]!;
    const from = Math.max(range.start, walk.earliest, first);
    const to = Math.min(range.end - duration, lastStart);
    for (let k = Math.ceil((from - first) / stepMs); ; k++) {
      const start = first + k * stepMs;
      if (start > to) break;
      if (dayIsFull(walk, window.wallStart + k * walk.step)) continue;
      if (walk.keep) slots.push({ start, end: start + duration });
      if (++walk.found >= walk.limit) return;
    }
  }
}

/**
 * The grid of a window with a clock change in or near it: each wall time is resolved on
 * its own, skipped when it does not exist, at its first occurrence when it happens twice.
 */
function layShiftingGrid(walk: Walk, window: PlacedWindow): void {
  const { free, duration, slots } = walk;
  for (let wall = window.wallStart; wall < window.wallEnd; wall += walk.step) {
    const start = walk.clock.localToInstant(Math.floor(wall / 1440), wall % 1440);
    if (start === null || start < walk.earliest) continue;
    if (start >= walk.latest) break;
    const range = free[firstEndingAfter(free, start)];
    if (range === undefined || range.start > start || range.end < start + duration) continue;
    if (dayIsFull(walk, wall)) continue;
    if (walk.keep) slots.push({ start, end: start + duration });
    if (++walk.found >= walk.limit) return;
  }
}

/**
 * The bookable slots of one rep, sorted by start.
 *
 * 1. Work out the earliest and latest allowed start (notice, horizon, requested range).
 * 2. Place the working windows that could hold such a slot, in the rep's zone: from the
 *    day before (a window may cross midnight) to the day the last one could end.
 * 3. Free time = working time (every instant whose local clock reads inside a window)
 *    minus busy blocks widened by the buffers, minus time off (whole local days).
 * 4. Each window lays a grid of start times from its own wall-clock start; a start is kept
 *    when it exists locally (the first occurrence, if it happens twice), the whole meeting
 *    lies in free time (it may run on into a window that touches or overlaps this one),
 *    and the rep's local day is not full.
 */
export function repSlots(calendar: RepCalendar, query: SlotQuery): Interval[] {
  const walk = walkGrid(calendar, query, true);
  if (walk === null) return [];
  return walk.overlapping ? sortUnique(walk.slots) : walk.slots;
}

/**
 * How many slots `repSlots` would return, without making them: what a candidate's note
 * reports for a team whose every member is counted.
 */
export function countSlots(calendar: RepCalendar, query: SlotQuery): number {
  const walk = walkGrid(calendar, query, false);
  if (walk === null) return 0;
  // Overlapping windows can lay a start twice; only the list can tell them apart.
  return walk.overlapping ? repSlots(calendar, query).length : walk.found;
}

/** Steps 1 to 4 of `repSlots`; `keep` false counts the slots without making them. */
function walkGrid(calendar: RepCalendar, query: SlotQuery, keep: boolean): (Walk & { overlapping: boolean }) | null {
  if (calendar.unavailable) return null;
  const { rules, now } = query;
  const clock = zoneClock(calendar.schedule.timezone);
  // 1.
  const earliest = Math.max(now + rules.minimumNoticeMinutes * MINUTE, query.from ?? -Infinity);
  const latest = Math.min(now + rules.horizonDays * DAY, query.to ?? Infinity);
  if (!(earliest < latest)) return null;
  const duration = rules.durationMinutes * MINUTE;
  // 2.
  const firstDay = clock.localDayAt(earliest) - 1;
  const lastDay = clock.localDayAt(latest + duration);
  const windows = placeWindows(calendar.schedule, firstDay, lastDay);
  if (windows.length === 0) return null;
  // 3.
  const working = mergeIntervals(windows.flatMap((w) => w.instants));
  const timeOff = timeOffIntervals(calendar.schedule, firstDay, lastDay);
  const blocked = unionOfMerged(busyWithin(calendar.busy, rules, working), timeOff);
  const free = subtractIntervals(working, blocked);
  if (free.length === 0) return null;
  // 4.
  const walk: Walk = {
    clock, earliest, latest, duration, step: rules.stepMinutes, free,
    full: fullDays(calendar, clock, firstDay, lastDay), firstDay, slots: [], keep, found: 0, limit: query.limit ?? Infinity,
  };
  // Later wall times never map to earlier first occurrences, so grids come out in order
  // unless windows overlap on the wall clock.
  let overlapping = false;
  let reach = -Infinity;
  for (const window of windows) {
    if (window.wallStart < reach) overlapping = true;
    reach = Math.max(reach, window.wallEnd);
    const span = window.instants;
    if (span.length === 0 || span[span.length - 1]!.end <= earliest || span[0]!.start >= latest) continue;
    if (window.offset !== null) laySteadyGrid(walk, window, window.offset);
    else layShiftingGrid(walk, window);
    if (walk.found >= walk.limit) break;
  }
  return { ...walk, overlapping };
}

/** Whether the rep has any slot for the query: stops at the first one found. */
export function hasSlot(calendar: RepCalendar, query: SlotQuery): boolean {
  return repSlots(calendar, { ...query, limit: 1 }).length > 0;
}

/** Overlapping windows can lay the same start twice; a slot is offered once. */
function sortUnique(slots: Interval[]): Interval[] {
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

/**
 * Merges per-rep slot lists into one list by start, each slot naming its free reps in the
 * order the lists were given. All slots of one call have the same length. (A map by start
 * measured faster here than a k-way merge, a typed-array sort or minute buckets.)
 */
export function unionSlots(slotsByRep: Iterable<readonly [string, readonly Interval[]]>): PooledSlot[] {
  const byStart = new Map<number, PooledSlot>();
  for (const [repId, slots] of slotsByRep) {
    for (const slot of slots) {
      const existing = byStart.get(slot.start);
      if (existing === undefined) byStart.set(slot.start, { start: slot.start, end: slot.end, repIds: [repId] });
      else if (existing.repIds[existing.repIds.length - 1] !== repId) existing.repIds.push(repId);
    }
  }
  return [...byStart.values()].sort((a, b) => a.start - b.start);
}
