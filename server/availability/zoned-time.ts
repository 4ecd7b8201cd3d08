import { IANAZone } from 'luxon';

/**
 * Wall-clock time in an IANA zone → UTC instant, with the DST rules of SPEC §3:
 * a local time that does not exist (spring forward) gives `null`; an ambiguous one
 * (fall back) gives its first occurrence. luxon alone would pick the second occurrence
 * of an ambiguous time and silently shift a missing one, so we resolve it here.
 *
 * luxon answers an offset through `Intl` in several microseconds, too slow for slot
 * generation over large teams, so each zone's offsets are memoised per UTC day: a pure
 * cache of zone facts. It relies on two facts of the tz database: offsets lie between
 * UTC-12 and UTC+14, and no zone changes its offset twice within three days.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 86_400_000;

/** A local calendar date as days since 1970-01-01 (no zone attached). */
export type LocalDay = number;

export function localDayOf(year: number, month: number, day: number): LocalDay {
  return Math.floor(Date.UTC(year, month - 1, day) / DAY);
}

export function parseLocalDay(isoDate: string): LocalDay {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return localDayOf(y, m, d);
}

/** 0 = Monday … 6 = Sunday (1970-01-01, day 0, was a Thursday). */
export function weekdayOf(day: LocalDay): number {
  return (((day + 3) % 7) + 7) % 7;
}

/**
 * The offsets of one UTC day: the same all day (`change` is Infinity), or `before` until
 * the instant `change` and `after` from it on.
 */
type DayOffsets = { before: number; change: number; after: number };

/** One zone's clock: offsets and wall-time conversions, memoised. Get one with `zoneClock`. */
export class ZoneClock {
  readonly name: string;
  readonly #zone: IANAZone;
  readonly #days = new Map<number, DayOffsets>();

  constructor(name: string) {
    this.name = name;
    this.#zone = IANAZone.create(name);
  }

  /** Offset from UTC in minutes at an instant. */
  offsetAt(instant: number): number {
    const utcDay = Math.floor(instant / DAY);
    const day = this.#days.get(utcDay) ?? this.#learn(utcDay);
    return instant < day.change ? day.before : day.after;
  }

  #learn(utcDay: number): DayOffsets {
    const start = utcDay * DAY;
    const before = this.#zone.offset(start);
    const after = this.#zone.offset(start + DAY - 1);
    let change = Infinity;
    if (before !== after) {
      // Transitions fall on whole minutes: find the first minute on the new offset.
      let lo = 0;
      let hi = 1440;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (this.#zone.offset(start + mid * MINUTE) === before) lo = mid;
        else hi = mid;
      }
      change = start + hi * MINUTE;
    }
    const day = { before, change, after };
    if (this.#days.size > 100_000) this.#days.clear();
    this.#days.set(utcDay, day);
    return day;
  }

  /** The local day an instant falls on. */
  localDayAt(instant: number): LocalDay {
    return Math.floor((instant + this.offsetAt(instant) * MINUTE) / DAY);
  }

  /**
   * The instant of `minuteOfDay` minutes after local midnight of `day` (may be ≥ 1440
   * for times on the following day, e.g. the end of a window crossing midnight): `null`
   * when that wall time does not exist, its first occurrence when it happens twice.
   */
  localToInstant(day: LocalDay, minuteOfDay: number): number | null {
    const wall = day * DAY + minuteOfDay * MINUTE;
    // Every instant showing `wall` lies within 14 hours before and 12 hours after it
    // (offsets span UTC-12 to UTC+14), so these two offsets are the only candidates.
    const before = this.offsetAt(wall - 15 * HOUR);
    const after = this.offsetAt(wall + 13 * HOUR);
    if (before === after) return wall - before * MINUTE;
    // A transition is near: try both offsets, keep those that map back to this wall time.
    let best: number | null = null;
    for (const offset of [before, after]) {
      const candidate = wall - offset * MINUTE;
      if (this.offsetAt(candidate) === offset && (best === null || candidate < best)) best = candidate;
    }
    return best;
  }

  /**
   * The first instant at which the local clock reads `minuteOfDay` of `day` or later: the
   * time itself (its first occurrence), or, when it falls in a DST gap, the end of the gap.
   */
  instantAtOrAfter(day: LocalDay, minuteOfDay: number): number {
    const exact = this.localToInstant(day, minuteOfDay);
    if (exact !== null) return exact;
    // In a gap: the clock jumped over this wall time at the transition.
    const wall = day * DAY + minuteOfDay * MINUTE;
    return this.#changeWithin(wall - 15 * HOUR, wall + 13 * HOUR);
  }

  /**
   * Every instant whose local clock reads a time in `[wallStart, wallEnd)` (wall-clock
   * minutes since 1970-01-01, at most a day apart), as one or two sorted intervals: one
   * when the offset holds; two around a clock change, which leave out a DST gap and, on a
   * fall-back, take in both passes of the repeated times that lie inside the range.
   */
  wallRangeInstants(wallStart: number, wallEnd: number): { start: number; end: number }[] {
    const from = wallStart * MINUTE;
    const to = wallEnd * MINUTE;
    const before = this.offsetAt(from - 15 * HOUR);
    const after = this.offsetAt(to + 13 * HOUR);
    if (before === after) return [{ start: from - before * MINUTE, end: to - before * MINUTE }];
    const change = this.#changeWithin(from - 15 * HOUR, to + 13 * HOUR);
    const ranges = [
      { start: from - before * MINUTE, end: Math.min(to - before * MINUTE, change) },
      { start: Math.max(from - after * MINUTE, change), end: to - after * MINUTE },
    ].filter((r) => r.end > r.start);
    if (ranges.length === 2 && ranges[1]!.start <= ranges[0]!.end) return [{ start: ranges[0]!.start, end: ranges[1]!.end }];
    return ranges;
  }

  /** The first instant in `(from, to]` on a different offset from `from`'s. */
  #changeWithin(from: number, to: number): number {
    const initial = this.offsetAt(from);
    for (let utcDay = Math.floor(from / DAY); utcDay <= Math.floor(to / DAY); utcDay++) {
      const offsets = this.#days.get(utcDay) ?? this.#learn(utcDay);
      if (offsets.before !== initial) return utcDay * DAY; // a change exactly at UTC midnight
      if (offsets.change !== Infinity && offsets.change > from) return offsets.change;
    }
    throw new Error(`no offset change in ${this.name} near ${new Date(from).toISOString()}`);
  }
}

const clocks = new Map<string, ZoneClock>();

/** The memoised clock of an IANA zone (validated by the config). */
export function zoneClock(name: string): ZoneClock {
  let clock = clocks.get(name);
  if (!clock) {
    clock = new ZoneClock(name);
    clocks.set(name, clock);
  }
  return clock;
}

/** The local day an instant falls on in a zone. */
export function localDayAt(zoneName: string, instant: number): LocalDay {
  return zoneClock(zoneName).localDayAt(instant);
}

