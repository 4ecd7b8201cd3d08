import { IANAZone } from 'luxon';

/**
 * Wall-clock time in an IANA zone → UTC instant, with the DST rules of SPEC §3:
 * a local time that does not exist (spring forward) gives `null`; an ambiguous one
 * (fall back) gives its first occurrence. luxon alone would pick the second occurrence
 * of an ambiguous time and silently shift a missing one, so we resolve it here.
 *
 * Offsets are memoised per zone and local day: a pure cache of zone facts that makes
 * slot generation for large teams cheap.
 */

const MINUTE = 60_000;
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

/** 0 = Monday … 6 = Sunday. */
export function weekdayOf(day: LocalDay): number {
  return (new Date(day * DAY).getUTCDay() + 6) % 7;
}

const zones = new Map<string, IANAZone>();
function zoneOf(name: string): IANAZone {
  let zone = zones.get(name);
  if (!zone) {
    zone = IANAZone.create(name);
    zones.set(name, zone);
  }
  return zone;
}

/** Offset from UTC in minutes at an instant. */
export function offsetAt(zoneName: string, instant: number): number {
  return zoneOf(zoneName).offset(instant);
}

/** The local day an instant falls on in a zone. */
export function localDayAt(zoneName: string, instant: number): LocalDay {
  return Math.floor((instant + offsetAt(zoneName, instant) * MINUTE) / DAY);
}

// Offsets around each local day, keyed "zone|day": [offset at the day's start, at its end].
const dayOffsets = new Map<string, readonly [number, number]>();
function offsetsAround(zoneName: string, day: LocalDay): readonly [number, number] {
  const key = `${zoneName}|${day}`;
  let pair = dayOffsets.get(key);
  if (!pair) {
    // Sample a little outside the day so a transition at local midnight is seen.
    pair = [offsetAt(zoneName, day * DAY - 15 * 60 * MINUTE), offsetAt(zoneName, (day + 1) * DAY + 15 * 60 * MINUTE)];
    if (dayOffsets.size > 200_000) dayOffsets.clear();
    dayOffsets.set(key, pair);
  }
  return pair;
}

/**
 * The instant of `minuteOfDay` minutes after local midnight of `day` (may be ≥ 1440 for
 * times on the following day, e.g. the end of a window crossing midnight).
 */
export function localToInstant(zoneName: string, day: LocalDay, minuteOfDay: number): number | null {
  const wall = day * DAY + minuteOfDay * MINUTE;
  const [before, after] = offsetsAround(zoneName, Math.floor(wall / DAY));
  if (before === after) return wall - before * MINUTE;
  // A transition is near: try both offsets, keep those that map back to this wall time.
  let best: number | null = null;
  for (const offset of [before, after]) {
    const candidate = wall - offset * MINUTE;
    if (offsetAt(zoneName, candidate) === offset && (best === null || candidate < best)) best = candidate;
  }
  return best;
}

/** True when the zone changes its offset somewhere inside `[start, end)`. */
export function offsetChangesWithin(zoneName: string, start: number, end: number): boolean {
  return offsetAt(zoneName, start) !== offsetAt(zoneName, end - 1);
}
