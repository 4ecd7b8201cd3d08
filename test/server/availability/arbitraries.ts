import fc from 'fast-check';
import type { Busy, SlotRules } from '../../../server/availability/slots.ts';
import type { ScheduleInput } from '../../../server/availability/working-hours.ts';
import type { OracleRep } from './brute-force.ts';

/**
 * Random reps for the property tests. Zones include half-hour and 45-minute offsets,
 * a 30-minute DST shift, a 2-hour one, and DST changes at midnight; `now` falls around one
 * of their 2026 transitions, so most runs have a clock change inside the horizon.
 */

const MINUTE = 60_000;
const DAY = 86_400_000;

export const ZONES = [
  'America/New_York', 'Europe/London', 'Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Lord_Howe',
  'America/Santiago', 'America/Havana', 'Pacific/Chatham', 'America/St_Johns', 'Antarctica/Troll',
  'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'UTC',
] as const;

/** Each zone with the instants of its 2026 clock changes (a mid-year instant for zones without DST). */
const SCENES: readonly (readonly [string, string])[] = [
  ['America/New_York', '2026-03-08T07:00:00Z'], ['America/New_York', '2026-11-01T06:00:00Z'],
  ['Europe/London', '2026-03-29T01:00:00Z'], ['Europe/London', '2026-10-25T01:00:00Z'],
  ['Australia/Lord_Howe', '2026-04-04T15:00:00Z'], ['Australia/Lord_Howe', '2026-10-03T15:30:00Z'],
  ['America/Santiago', '2026-04-05T03:00:00Z'], ['America/Santiago', '2026-09-06T04:00:00Z'],
  ['America/Havana', '2026-03-08T05:00:00Z'], ['America/Havana', '2026-11-01T05:00:00Z'],
  ['Pacific/Chatham', '2026-04-04T14:00:00Z'], ['Pacific/Chatham', '2026-09-26T14:00:00Z'],
  ['America/St_Johns', '2026-03-08T05:30:00Z'], ['America/St_Johns', '2026-11-01T04:30:00Z'],
  ['Antarctica/Troll', '2026-03-29T01:00:00Z'], ['Antarctica/Troll', '2026-10-25T01:00:00Z'],
  ['Asia/Kolkata', '2026-06-15T12:00:00Z'], ['Asia/Kathmandu', '2026-06-15T12:00:00Z'],
  ['Pacific/Kiritimati', '2026-06-15T12:00:00Z'], ['Pacific/Pago_Pago', '2026-06-15T12:00:00Z'], ['UTC', '2026-06-15T12:00:00Z'],
];

const pad = (n: number) => String(n).padStart(2, '0');
const clock = (minutes: number) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
const isoDate = (localDay: number) => new Date(localDay * DAY).toISOString().slice(0, 10);

/** A wall-clock time on 5-minute steps, often one of the hours clocks change at. */
const clockMinutes = fc.oneof(
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 287 }).map((u) => u * 5) },
  { weight: 1, arbitrary: fc.constantFrom(0, 30, 60, 90, 120, 135, 150, 180, 1320, 1380, 1410) },
);

/** "HH:MM-HH:MM", sometimes crossing midnight, sometimes ending at "24:00". */
const timeRange = fc.tuple(clockMinutes, fc.oneof(clockMinutes, fc.constant(1440)))
  .filter(([start, end]) => start !== end && !(start === 0 && end === 0))
  .map(([start, end]) => `${clock(start)}-${end === 1440 ? '24:00' : clock(end)}`);

const dayKey = fc.constantFrom('mon-fri', 'mon-sun', 'sat', 'sun', 'fri-mon', 'tue,thu', 'wed');

const minutes = (...values: number[]) => fc.constantFrom(...values);

export const rulesArb: fc.Arbitrary<SlotRules> = fc.record({
  durationMinutes: minutes(5, 15, 30, 45, 60, 90),
  stepMinutes: minutes(5, 10, 15, 20, 30, 45, 60, 90),
  bufferBeforeMinutes: minutes(0, 0, 5, 10, 30),
  bufferAfterMinutes: minutes(0, 0, 5, 15, 30),
  minimumNoticeMinutes: minutes(0, 15, 60, 120, 600),
  horizonDays: fc.integer({ min: 1, max: 3 }),
});

/** A rep around `now`: hours, overrides and time off near it, busy time in any order. */
export function repArb(now: number, zone: fc.Arbitrary<string>): fc.Arbitrary<OracleRep> {
  const today = Math.floor(now / DAY);
  const nearDate = fc.integer({ min: -1, max: 4 }).map((d) => isoDate(today + d));
  const busyArb: fc.Arbitrary<Busy> = fc.record({
    start: fc.integer({ min: -1440, max: 4 * 1440 }).map((m) => now + m * MINUTE),
    length: fc.integer({ min: 1, max: 240 }),
    booking: fc.option(fc.record({ before: minutes(0, 5, 10, 30), after: minutes(0, 5, 10, 30) }), { nil: undefined }),
  }).map(({ start, length, booking }) => booking === undefined
    ? { start, end: start + length * MINUTE }
    : { start, end: start + length * MINUTE, bufferBefore: booking.before * MINUTE, bufferAfter: booking.after * MINUTE, bookingId: `b${start}` });
  const schedule: fc.Arbitrary<ScheduleInput> = fc.record({
    timezone: zone,
    workingHours: fc.array(fc.tuple(dayKey, fc.array(timeRange, { maxLength: 3 })), { minLength: 1, maxLength: 3 })
      .map((entries) => Object.fromEntries(entries)),
    overrides: fc.array(fc.record({ date: nearDate, hours: fc.array(timeRange, { maxLength: 2 }) }), { maxLength: 2 }),
    timeOff: fc.array(fc.tuple(fc.integer({ min: -1, max: 4 }), fc.integer({ min: 0, max: 2 }))
      .map(([from, length]) => ({ from: isoDate(today + from), to: isoDate(today + from + length) })), { maxLength: 1 }),
  });
  return fc.record({
    schedule,
    busy: fc.array(busyArb, { maxLength: 12 }),
    maxPerDay: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
  }).map(({ schedule: s, busy, maxPerDay }) => ({
    schedule: s, busy, maxPerDay,
    bookedStarts: busy.filter((b) => b.bookingId !== undefined).map((b) => b.start),
  }));
}

/**
 * A whole case: rules, one to `maxReps` reps, and `now` to the minute, placed so that the
 * first rep's zone usually changes its clock inside the horizon; other reps are in that
 * zone or any other.
 */
export function caseArb(maxReps: number) {
  return fc.tuple(rulesArb, fc.constantFrom(...SCENES)).chain(([rules, [zone, change]]) =>
    fc.integer({ min: -rules.horizonDays * 1440 + 1, max: 360 }).chain((offset) => {
      const now = Date.parse(change) + offset * MINUTE;
      return fc.tuple(repArb(now, fc.constant(zone)), fc.array(repArb(now, fc.constantFrom(zone, ...ZONES)), { maxLength: maxReps - 1 }))
        .map(([first, others]) => ({ rules, now, reps: [first, ...others] }));
    }));
}
