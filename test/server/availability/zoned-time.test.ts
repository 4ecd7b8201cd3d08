import fc from 'fast-check';
import { IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { localDayOf, weekdayOf, zoneClock } from '../../../server/availability/zoned-time.ts';
import { at, iso } from './fixtures.ts';
import { wallMinute } from './brute-force.ts';
import { ZONES } from './arbitraries.ts';

const MINUTE = 60_000;
const YEAR_2026 = [at('2026-01-01T00:00:00Z'), at('2027-01-01T00:00:00Z')] as const;

describe('zone clocks', () => {
  it('answer the same offset as the tz database at every instant, including either side of each change', () => {
    // zones: every zone of the property tests; instants anywhere in 2026, to the millisecond
    fc.assert(fc.property(fc.constantFrom(...ZONES), fc.integer({ min: YEAR_2026[0], max: YEAR_2026[1] }), (zone, instant) => {
      const tz = IANAZone.create(zone);
      for (const t of [instant, instant - 1, instant + 1]) expect(zoneClock(zone).offsetAt(t)).toBe(tz.offset(t));
    }), { numRuns: 300 });
  });

  it('see a change at its exact minute', () => {
    // zones: America/New_York springs forward at 2026-03-08T07:00Z; Australia/Lord_Howe
    // falls back half an hour at 2026-04-04T15:00Z
    const ny = zoneClock('America/New_York');
    expect([ny.offsetAt(at('2026-03-08T07:00:00Z') - 1), ny.offsetAt(at('2026-03-08T07:00:00Z'))]).toEqual([-300, -240]);
    const lhi = zoneClock('Australia/Lord_Howe');
    expect([lhi.offsetAt(at('2026-04-04T15:00:00Z') - 1), lhi.offsetAt(at('2026-04-04T15:00:00Z'))]).toEqual([660, 630]);
  });

  it('map a wall time to its first occurrence, or to nothing inside a gap', () => {
    // zones: every zone of the property tests; wall times on 5-minute steps in 2026. The
    // oracle reads luxon's wall clock at each candidate instant.
    const day = fc.integer({ min: localDayOf(2026, 1, 1), max: localDayOf(2026, 12, 31) });
    fc.assert(fc.property(fc.constantFrom(...ZONES), day, fc.integer({ min: 0, max: 287 }), (zone, localDay, unit) => {
      const wall = localDay * 1440 + unit * 5;
      const tz = IANAZone.create(zone);
      const offsets = new Set([-15, -10, -5, 0, 5, 10, 15].map((h) => tz.offset(wall * MINUTE + h * 3_600_000)));
      const showing = [...offsets].map((o) => (wall - o) * MINUTE).filter((t) => wallMinute(zone, t) === wall).sort((a, b) => a - b);
      expect(zoneClock(zone).localToInstant(localDay, unit * 5)).toBe(showing[0] ?? null);
    }), { numRuns: 300 });
  });

  it('find where a DST gap ends for a time inside it', () => {
    // zones: America/Havana skips 00:00-01:00 on 2026-03-08 (clocks jump at 05:00Z);
    // Australia/Lord_Howe skips 02:00-02:30 on 2026-10-04 (at 2026-10-03T15:30Z)
    expect(iso(zoneClock('America/Havana').instantAtOrAfter(localDayOf(2026, 3, 8), 20))).toBe('2026-03-08T05:00:00Z');
    expect(iso(zoneClock('Australia/Lord_Howe').instantAtOrAfter(localDayOf(2026, 10, 4), 135))).toBe('2026-10-03T15:30:00Z');
  });

  it('take in both passes of a repeated hour that lies inside a wall-clock range', () => {
    // zones: America/New_York falls back from 02:00 EDT to 01:00 EST on 2026-11-01 (06:00Z).
    // 01:10-01:20 happens twice; 00:30-03:00 is one stretch of three and a half hours.
    const ny = zoneClock('America/New_York');
    const sunday = localDayOf(2026, 11, 1) * 1440;
    const show = (ranges: { start: number; end: number }[]) => ranges.map((r) => [iso(r.start), iso(r.end)]);
    expect(show(ny.wallRangeInstants(sunday + 70, sunday + 80))).toEqual([
      ['2026-11-01T05:10:00Z', '2026-11-01T05:20:00Z'], ['2026-11-01T06:10:00Z', '2026-11-01T06:20:00Z'],
    ]);
    expect(show(ny.wallRangeInstants(sunday + 30, sunday + 180))).toEqual([['2026-11-01T04:30:00Z', '2026-11-01T08:00:00Z']]);
  });

  it('number weekdays from Monday', () => {
    expect([localDayOf(2026, 11, 23), localDayOf(2026, 11, 29), localDayOf(1969, 12, 29)].map(weekdayOf)).toEqual([0, 6, 0]);
  });
});
