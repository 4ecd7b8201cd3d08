import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pooledSlots, repSlots, type RepCalendar, type SlotRules } from '../../../server/availability/slots.ts';
import { compileSchedule } from '../../../server/availability/working-hours.ts';
import { caseArb } from './arbitraries.ts';
import { bruteForceSlots, wallMinute, type OracleRep } from './brute-force.ts';

/**
 * Properties of the availability core over random reps, zones, hours, busy sets and
 * rules. Facts about wall clocks are read with luxon here, never with the code under test.
 */

const MINUTE = 60_000;
const DAY = 86_400_000;
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

const toCalendar = (rep: OracleRep, i = 0): RepCalendar => ({
  id: `rep${i}`, schedule: compileSchedule(rep.schedule), busy: rep.busy, bookedStarts: rep.bookedStarts, maxPerDay: rep.maxPerDay,
});

const windowCache = new WeakMap<OracleRep, Map<number, { start: number; end: number }[]>>();

/** The rep's wall-clock windows `[start, end)` (minutes since 1970-01-01 local) that start on a local date. */
function wallWindows(rep: OracleRep, localDay: number): { start: number; end: number }[] {
  let byDay = windowCache.get(rep);
  if (!byDay) windowCache.set(rep, byDay = new Map());
  let windows = byDay.get(localDay);
  if (!windows) byDay.set(localDay, windows = parseWindows(rep, localDay));
  return windows;
}

function parseWindows(rep: OracleRep, localDay: number): { start: number; end: number }[] {
  const date = new Date(localDay * DAY).toISOString().slice(0, 10);
  const weekday = WEEKDAYS[(new Date(localDay * DAY).getUTCDay() + 6) % 7]!;
  const override = (rep.schedule.overrides ?? []).filter((o) => o.date === date).at(-1);
  const ranges = override ? override.hours : Object.entries(rep.schedule.workingHours)
    .filter(([key]) => key.split(',').some((part) => {
      const [a, b = a] = part.split('-') as [string, string?];
      const [x, y, d] = [WEEKDAYS.indexOf(a), WEEKDAYS.indexOf(b), WEEKDAYS.indexOf(weekday)];
      return x <= y ? d >= x && d <= y : d >= x || d <= y;
    }))
    .flatMap(([, hours]) => hours);
  return ranges.map((range) => {
    const [s, e] = range.split('-').map((t) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3))) as [number, number];
    return { start: localDay * 1440 + s, end: localDay * 1440 + (e <= s ? e + 1440 : e) };
  });
}

const windowsAround = (rep: OracleRep, wall: number) => {
  const day = Math.floor(wall / 1440);
  return [...wallWindows(rep, day - 1), ...wallWindows(rep, day)];
};

const isOff = (rep: OracleRep, wall: number) => {
  const date = new Date(Math.floor(wall / 1440) * DAY).toISOString().slice(0, 10);
  return (rep.schedule.timeOff ?? []).some((off) => date >= off.from && date <= off.to);
};

type Check = (slot: { start: number; end: number }, rep: OracleRep, rules: SlotRules, now: number) => boolean;

/** Random cases: every slot of the rep must pass `check`; failures are listed by start. */
function everySlot(numRuns: number, check: Check) {
  fc.assert(fc.property(caseArb(1), ({ rules, now, reps }) => {
    const rep = reps[0]!;
    const failing = repSlots(toCalendar(rep), { rules, now }).filter((slot) => !check(slot, rep, rules, now));
    expect(failing.map((slot) => new Date(slot.start).toISOString())).toEqual([]);
  }), { numRuns });
}

describe('repSlots, for any rep', () => {
  it('offers only slots that lie inside the rep\'s local working hours, on no day off', () => {
    everySlot(150, (slot, rep) => {
      const zone = rep.schedule.timezone;
      for (let t = slot.start; t < slot.end; t += 5 * MINUTE) {
        const wall = wallMinute(zone, t);
        if (!windowsAround(rep, wall).some((w) => wall >= w.start && wall < w.end) || isOff(rep, wall)) return false;
      }
      return true;
    });
  });

  it('offers slots of exactly the meeting\'s duration, on the grid of a window that holds their start', () => {
    everySlot(200, (slot, rep, rules) => {
      const wall = wallMinute(rep.schedule.timezone, slot.start);
      return slot.end - slot.start === rules.durationMinutes * MINUTE
        && windowsAround(rep, wall).some((w) => wall >= w.start && wall < w.end && (wall - w.start) % rules.stepMinutes === 0);
    });
  });

  it('respects the minimum notice and the horizon', () => {
    everySlot(200, (slot, _rep, rules, now) =>
      slot.start >= now + rules.minimumNoticeMinutes * MINUTE && slot.start < now + rules.horizonDays * DAY);
  });

  it('keeps clear of every busy interval by the larger buffer on each side', () => {
    everySlot(200, (slot, rep, rules) => rep.busy.every((busy) => {
      const gapBefore = Math.max(rules.bufferAfterMinutes * MINUTE, busy.bufferBefore ?? 0);
      const gapAfter = Math.max(rules.bufferBeforeMinutes * MINUTE, busy.bufferAfter ?? 0);
      return slot.end + gapBefore <= busy.start || slot.start >= busy.end + gapAfter;
    }));
  });

  it('offers nothing on a local day that already has the cap of Usher bookings', () => {
    everySlot(200, (slot, rep) => {
      if (rep.maxPerDay === undefined) return true;
      const zone = rep.schedule.timezone;
      const day = Math.floor(wallMinute(zone, slot.start) / 1440);
      return rep.bookedStarts.filter((s) => Math.floor(wallMinute(zone, s) / 1440) === day).length < rep.maxPerDay;
    });
  });

  it('misses no free grid slot: a brute-force walk of the timeline finds exactly the same slots', () => {
    fc.assert(fc.property(caseArb(1), ({ rules, now, reps }) => {
      const rep = reps[0]!;
      expect(repSlots(toCalendar(rep), { rules, now })).toEqual(bruteForceSlots(rep, rules, now));
    }), { numRuns: 150 });
  });

  it('answers a range with exactly the slots of the whole horizon that start in it', () => {
    const rangeArb = fc.tuple(fc.integer({ min: -1440, max: 4 * 1440 }), fc.integer({ min: 1, max: 3 * 1440 }));
    fc.assert(fc.property(caseArb(1), rangeArb, ({ rules, now, reps }, [offset, length]) => {
      const calendar = toCalendar(reps[0]!);
      const from = now + offset * MINUTE;
      const to = from + length * MINUTE;
      const all = repSlots(calendar, { rules, now });
      expect(repSlots(calendar, { rules, now, from, to })).toEqual(all.filter((s) => s.start >= from && s.start < to));
    }), { numRuns: 200 });
  });
});

describe('pooledSlots, for any team', () => {
  it('offers each start once, with at least one rep, naming exactly the reps that have it', () => {
    fc.assert(fc.property(caseArb(4), ({ rules, now, reps }) => {
      const calendars = reps.map(toCalendar);
      const own = calendars.map((c) => new Set(repSlots(c, { rules, now }).map((s) => s.start)));
      const pooled = pooledSlots(calendars, { rules, now });
      for (let i = 1; i < pooled.length; i++) expect(pooled[i]!.start).toBeGreaterThan(pooled[i - 1]!.start);
      for (const slot of pooled) {
        expect(slot.repIds.length).toBeGreaterThan(0);
        expect(slot.repIds).toEqual(calendars.filter((_, i) => own[i]!.has(slot.start)).map((c) => c.id));
      }
      expect(pooled.length).toBe(new Set(own.flatMap((starts) => [...starts])).size);
    }), { numRuns: 150 });
  });

  it('misses no free grid slot of any rep, by the brute-force walk', () => {
    fc.assert(fc.property(caseArb(3), ({ rules, now, reps }) => {
      const expected = new Map<number, string[]>();
      reps.forEach((rep, i) => {
        for (const slot of bruteForceSlots(rep, rules, now)) expected.set(slot.start, [...(expected.get(slot.start) ?? []), `rep${i}`]);
      });
      const pooled = pooledSlots(reps.map(toCalendar), { rules, now });
      expect(pooled.map((s) => [s.start, s.repIds])).toEqual([...expected.entries()].sort((a, b) => a[0] - b[0]));
    }), { numRuns: 40 });
  });
});
