import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { mergeIntervals } from '../../../server/availability/intervals.ts';
import { repSlots } from '../../../server/availability/slots.ts';
import { compileSchedule } from '../../../server/availability/working-hours.ts';
import { busyFromIcs, IcsError, type BusyEvent, type ExpandOptions } from '../../../server/calendars/ics.ts';

/**
 * busyFromIcs against a brute-force expansion written separately here: random DAILY and
 * WEEKLY series (with INTERVAL, COUNT or UNTIL or neither, EXDATEs picked from the real
 * occurrences, a plain BYDAY now and then) in zones with odd DST rules, started near
 * their 2026 DST changes. The oracle steps wall-clock dates with luxon and turns each
 * into an instant by trying the zone's offsets and keeping those that read back as the
 * same wall clock (the first of two; luxon's forward shift when there is none).
 */

const MINUTE = 60_000;
const DAY = 86_400_000;
const ZONES = ['America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'Australia/Lord_Howe', 'America/St_Johns'];
// 2026 DST changes of those zones (US and St John's: 8 Mar, 1 Nov; EU: 29 Mar, 25 Oct; Lord Howe: 5 Apr, 4 Oct).
const CHANGE_DAYS = ['2026-03-08', '2026-03-29', '2026-04-05', '2026-10-04', '2026-10-25', '2026-11-01'];
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU']; // luxon weekday 1…7

type Series = {
  uid: string;
  zone: string;
  start: DateTime; // wall clock, labelled UTC
  freq: 'DAILY' | 'WEEKLY';
  interval: number;
  byday: number[] | null; // extra luxon weekdays besides DTSTART's, WEEKLY only
  end: { kind: 'count'; count: number } | { kind: 'until'; index: number; deltaMinutes: number } | { kind: 'forever' };
  exdates: number[]; // occurrence indices
  exdatesOnOneLine: boolean;
  minutes: number;
  endAs: 'DURATION' | 'DTEND';
};

const seriesArb = (uid: string): fc.Arbitrary<Series> => fc.record({
  zone: fc.constantFrom(...ZONES),
  changeDay: fc.constantFrom(...CHANGE_DAYS),
  daysBefore: fc.integer({ min: -5, max: 20 }),
  hour: fc.integer({ min: 0, max: 23 }),
  minute: fc.constantFrom(0, 15, 30, 45),
  freq: fc.constantFrom('DAILY' as const, 'WEEKLY' as const),
  interval: fc.integer({ min: 1, max: 3 }),
  byday: fc.option(fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 2 }), { freq: 3 }),
  end: fc.oneof(
    fc.record({ kind: fc.constant('count' as const), count: fc.integer({ min: 1, max: 30 }) }),
    fc.record({ kind: fc.constant('until' as const), index: fc.integer({ min: 0, max: 30 }), deltaMinutes: fc.constantFrom(-1, 0, 1, -90, 90, 600) }),
    fc.record({ kind: fc.constant('forever' as const) }),
  ),
  exdates: fc.uniqueArray(fc.integer({ min: 0, max: 30 }), { maxLength: 4 }),
  exdatesOnOneLine: fc.boolean(),
  minutes: fc.integer({ min: 15, max: 180 }),
  endAs: fc.constantFrom('DURATION' as const, 'DTEND' as const),
}).map(({ changeDay, daysBefore, hour, minute, freq, byday, ...rest }) => ({
  ...rest,
  uid,
  freq,
  byday: freq === 'WEEKLY' ? byday : null,
  start: DateTime.fromISO(`${changeDay}T00:00:00`, { zone: 'UTC' }).minus({ days: daysBefore }).set({ hour, minute }),
}));

const caseArb = fc.record({
  series: fc.integer({ min: 1, max: 3 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => seriesArb(`e${i}`)))),
  windowStartDays: fc.integer({ min: -3, max: 60 }),
  windowDays: fc.integer({ min: 1, max: 90 }),
});

// --- the oracle ---------------------------------------------------------------------

/** The instant the clock in `zone` reads `wall`: first of two readings, luxon's forward shift in a gap. */
function instantOf(wall: DateTime, zone: string): number {
  const local = wall.toMillis();
  const offsets = [local - 15 * 60 * MINUTE, local + 13 * 60 * MINUTE].map((t) => DateTime.fromMillis(t, { zone }).offset);
  const readings = offsets.map((offset) => local - offset * MINUTE).filter((t) => {
    const back = DateTime.fromMillis(t, { zone });
    return back.year === wall.year && back.month === wall.month && back.day === wall.day && back.hour === wall.hour && back.minute === wall.minute;
  });
  if (readings.length > 0) return Math.min(...readings);
  return DateTime.fromObject({ year: wall.year, month: wall.month, day: wall.day, hour: wall.hour, minute: wall.minute }, { zone }).toMillis();
}

/** Wall clocks of the series' occurrences in order, before COUNT, UNTIL and EXDATE, until `stop` (wall ms) and at least 31. */
function occurrenceWalls(s: Series, stop: number): DateTime[] {
  const walls: DateTime[] = [];
  const enough = (wall: DateTime) => walls.length > 31 && wall.toMillis() > stop;
  if (!s.byday) {
    for (let i = 0; ; i++) {
      const wall = s.start.plus({ days: i * s.interval * (s.freq === 'DAILY' ? 1 : 7) });
      if (enough(wall)) return walls;
      walls.push(wall);
    }
  }
  const days = new Set([s.start.weekday, ...s.byday]);
  const monday = s.start.startOf('day').minus({ days: s.start.weekday - 1 });
  for (let week = 0; ; week += s.interval) {
    for (let d = 0; d < 7; d++) {
      const wall = monday.plus({ weeks: week, days: d }).set({ hour: s.start.hour, minute: s.start.minute });
      if (!days.has(wall.weekday) || wall < s.start) continue;
      if (enough(wall)) return walls;
      walls.push(wall);
    }
  }
}

function untilOf(s: Series, walls: DateTime[]): number | null {
  if (s.end.kind !== 'until') return null;
  const base = walls[Math.min(s.end.index, walls.length - 1)]!;
  return instantOf(base, s.zone) + s.end.deltaMinutes * MINUTE;
}

function expected(s: Series, from: number, to: number): BusyEvent[] {
  const walls = occurrenceWalls(s, to + 2 * DAY);
  const until = untilOf(s, walls);
  const length = s.endAs === 'DURATION'
    ? s.minutes * MINUTE
    : instantOf(s.start.plus({ minutes: s.minutes }), s.zone) - instantOf(s.start, s.zone);
  const busy: BusyEvent[] = [];
  walls.forEach((wall, i) => {
    if (s.end.kind === 'count' && i >= s.end.count) return;
    const start = instantOf(wall, s.zone);
    // DTSTART is always the first instance (RFC 5545 §3.8.5.3), even past UNTIL.
    if (until !== null && i > 0 && start > until) return;
    if (s.exdates.includes(i)) return;
    const end = start + length;
    if (end > start && start < to && end > from) busy.push({ start, end, uid: s.uid });
  });
  return busy;
}

const byStartEndUid = (a: BusyEvent, b: BusyEvent) => a.start - b.start || a.end - b.end || a.uid.localeCompare(b.uid);

// --- rendering ----------------------------------------------------------------------

const stamp = (wall: DateTime) => wall.toFormat("yyyyMMdd'T'HHmmss");
const utcStamp = (instant: number) => `${DateTime.fromMillis(instant, { zone: 'UTC' }).toFormat("yyyyMMdd'T'HHmmss")}Z`;

function render(s: Series, to: number): string {
  const walls = occurrenceWalls(s, to + 2 * DAY);
  const until = untilOf(s, walls);
  const rule = [`FREQ=${s.freq}`, `INTERVAL=${s.interval}`, 'WKST=MO'];
  if (s.byday) rule.push(`BYDAY=${[...new Set([s.start.weekday, ...s.byday])].map((d) => WEEKDAYS[d - 1]).join(',')}`);
  if (s.end.kind === 'count') rule.push(`COUNT=${s.end.count}`);
  if (until !== null) rule.push(`UNTIL=${utcStamp(until)}`);
  const exdates = s.exdates.filter((i) => i < walls.length).map((i) => stamp(walls[i]!));
  const exdateLines = exdates.length === 0 ? [] : s.exdatesOnOneLine
    ? [`EXDATE;TZID=${s.zone}:${exdates.join(',')}`]
    : exdates.map((x) => `EXDATE;TZID=${s.zone}:${x}`);
  return [
    'BEGIN:VEVENT',
    `UID:${s.uid}`,
    'DTSTAMP:20260101T000000Z',
    `DTSTART;TZID=${s.zone}:${stamp(s.start)}`,
    s.endAs === 'DURATION' ? `DURATION:PT${s.minutes}M` : `DTEND;TZID=${s.zone}:${stamp(s.start.plus({ minutes: s.minutes }))}`,
    `RRULE:${rule.join(';')}`,
    ...exdateLines,
    'END:VEVENT',
  ].join('\r\n');
}

describe('busyFromIcs against a brute-force expansion', () => {
  it('gives exactly the oracle\'s intervals for random DAILY/WEEKLY series around DST changes', () => {
    fc.assert(fc.property(caseArb, ({ series, windowStartDays, windowDays }) => {
      const lead = series[0]!;
      const first = instantOf(lead.start, lead.zone);
      const from = first + windowStartDays * DAY;
      const to = from + windowDays * DAY;
      const text = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Usher property test//EN', ...series.map((s) => render(s, to)), 'END:VCALENDAR'].join('\r\n');
      const options: ExpandOptions = { from, to, repZone: 'UTC', repEmails: [], allDayEvents: 'block' };
      const oracle = series.flatMap((s) => expected(s, from, to)).sort(byStartEndUid);
      expect(busyFromIcs(text, options)).toEqual(oracle);
    }), { numRuns: 200 });
  });
});

describe('slots against a brute-force expansion of the feed', () => {
  // A rep in New York working every day 07:00-20:00, 30-minute meetings on a 15-minute
  // step, buffers of 10 minutes after: the feed's intervals are merged as the busy
  // reader merges them, and no slot may touch an interval the oracle expanded.
  const schedule = compileSchedule({ timezone: 'America/New_York', workingHours: { 'mon-sun': ['07:00-20:00'] } });
  const rules = { durationMinutes: 30, stepMinutes: 15, bufferBeforeMinutes: 0, bufferAfterMinutes: 10, minimumNoticeMinutes: 0, horizonDays: 60 };

  it('offers exactly the free slots that keep clear of every occurrence of random recurring series', () => {
    fc.assert(fc.property(caseArb, ({ series, windowStartDays }) => {
      const first = instantOf(series[0]!.start, series[0]!.zone);
      const now = first + windowStartDays * DAY;
      const from = now - 3 * DAY;
      const to = now + 63 * DAY;
      const text = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Usher property test//EN', ...series.map((s) => render(s, to)), 'END:VCALENDAR'].join('\r\n');
      const busy = mergeIntervals(busyFromIcs(text, { from, to, repZone: 'America/New_York', repEmails: [], allDayEvents: 'block' }));
      const slots = repSlots({ id: 'rep', schedule, busy, bookedStarts: [] }, { rules, now });
      const oracle = series.flatMap((s) => expected(s, from, to));
      // The slot's 10 minutes after must stay clear too.
      const clear = (slot: { start: number; end: number }) => oracle.every((b) => !(slot.start < b.end && b.start < slot.end + 10 * MINUTE));
      for (const slot of slots) expect(clear(slot), `slot ${new Date(slot.start).toISOString()} touches busy time`).toBe(true);
      // Nothing more is taken away than the busy time: every free slot of the bare schedule is still offered.
      const bare = repSlots({ id: 'rep', schedule, busy: [], bookedStarts: [] }, { rules, now });
      expect(slots).toEqual(bare.filter(clear));
    }), { numRuns: 150 });
  });
});

describe('busyFromIcs on damaged real exports', () => {
  const exports = ['google.ics', 'outlook.ics'].map((name) => readFileSync(new URL(`../../fixtures/calendars/${name}`, import.meta.url), 'utf8').split('\r\n'));
  const window = { from: Date.parse('2026-01-01T00:00:00Z'), to: Date.parse('2027-01-01T00:00:00Z') };

  type Edit = { at: number; kind: 'delete' | 'duplicate' | 'cut' | 'insert' | 'swap'; text: string; cut: number };
  const editArb: fc.Arbitrary<Edit> = fc.record({
    at: fc.nat(),
    kind: fc.constantFrom('delete' as const, 'duplicate' as const, 'cut' as const, 'insert' as const, 'swap' as const),
    text: fc.oneof(fc.string(), fc.constantFrom('RRULE:FREQ=SECONDLY', 'DTSTART:2026', 'END:VEVENT', 'BEGIN:VEVENT', 'EXDATE:garbage', 'DTEND;TZID=Nowhere:20261010T100000', 'RECURRENCE-ID:20261005T140000Z', 'BEGIN:VTIMEZONE')),
    cut: fc.nat(),
  });

  const damage = (lines: string[], edits: Edit[]) => {
    const out = [...lines];
    for (const { at, kind, text, cut } of edits) {
      const i = at % out.length;
      const line = out[i] ?? '';
      if (kind === 'delete') out.splice(i, 1);
      else if (kind === 'duplicate') out.splice(i, 0, line);
      else if (kind === 'cut') out[i] = line.slice(0, cut % (line.length + 1));
      else if (kind === 'insert') out.splice(i, 0, text);
      else [out[i], out[(i + 1) % out.length]] = [out[(i + 1) % out.length] ?? '', line];
    }
    return out.join('\r\n');
  };

  it('returns valid sorted intervals in the window or throws IcsError, never anything else', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1 }), fc.array(editArb, { minLength: 1, maxLength: 6 }), (which, edits) => {
      const text = damage(exports[which]!, edits);
      let busy: BusyEvent[];
      try {
        busy = busyFromIcs(text, { ...window, repZone: 'Europe/Berlin', repEmails: ['ana@northwind.test'], allDayEvents: 'block', maxIntervals: 5_000 });
      } catch (error) {
        expect(error).toBeInstanceOf(IcsError);
        return;
      }
      busy.forEach((b, i) => {
        expect(b.start).toBeLessThan(b.end);
        expect(b.start < window.to && b.end > window.from).toBe(true);
        const before = busy[i - 1];
        if (before) expect(before.start < b.start || (before.start === b.start && before.end <= b.end)).toBe(true);
      });
    }), { numRuns: 200 });
  });

  it('throws only IcsError for arbitrary text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (text) => {
      try {
        busyFromIcs(`BEGIN:VCALENDAR\r\n${text}\r\nEND:VCALENDAR`, { ...window, repZone: 'UTC', repEmails: [], allDayEvents: 'block' });
        busyFromIcs(text, { ...window, repZone: 'UTC', repEmails: [], allDayEvents: 'block' });
      } catch (error) {
        expect(error).toBeInstanceOf(IcsError);
      }
    }), { numRuns: 200 });
  });
});
