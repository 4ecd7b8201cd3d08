import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { busyFromIcs, busyFromIcsObjects, IcsError, type BusyEvent, type ExpandOptions } from '../../../server/calendars/ics.ts';
import { resolveTzid } from '../../../server/calendars/zones.ts';

/**
 * ICS → busy intervals. Expected instants are written out by hand from the tz database's
 * 2026 transitions: the US springs forward on 8 March and falls back on 1 November; the
 * EU on 29 March and 25 October; India stays at UTC+05:30; Lord Howe moves by half an
 * hour (+11 → +10:30 on 5 April, back on 4 October); Chile skips midnight on 6 September.
 */

const at = (iso: string) => Date.parse(iso);
const fixture = (name: string) => readFileSync(new URL(`../../fixtures/calendars/${name}`, import.meta.url), 'utf8');

const YEAR_2026 = { from: at('2026-01-01T00:00:00Z'), to: at('2027-01-01T00:00:00Z') };

const options = (overrides: Partial<ExpandOptions> = {}): ExpandOptions => ({
  ...YEAR_2026, repZone: 'America/New_York', repEmails: ['ana@northwind.test'], allDayEvents: 'block', ...overrides,
});

const calendar = (...events: string[]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Usher tests//EN', ...events, 'END:VCALENDAR'].join('\r\n');
const vevent = (uid: string, ...lines: string[]) => ['BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20260101T000000Z', ...lines, 'END:VEVENT'].join('\r\n');

/** Intervals as ISO pairs, optionally of one UID: failures then read as times, not numbers. */
const spans = (busy: BusyEvent[], uid?: string) =>
  busy.filter((b) => uid === undefined || b.uid === uid).map((b) => [new Date(b.start).toISOString(), new Date(b.end).toISOString()]);
const span = (start: string, end: string) => [new Date(at(start)).toISOString(), new Date(at(end)).toISOString()];

const errorOf = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('a Google Calendar export', () => {
  const google = fixture('google.ics');
  const WEEKLY = '3q8m1v0c2b5n7k9h4j6g8f0d2s@google.com';
  const ONE_ON_ONE = '0a1b2c3d4e5f6g7h8i9j0k1l2m@google.com';
  const BERLIN = '5k2j8h1g4f7d0s3a6p9o2i5u8y@google.com';
  const VACATION = '1d5b9f3a7e0c4b8d2f6a0e4c8b@google.com';
  const read = (overrides: Partial<ExpandOptions> = {}) => busyFromIcs(google, options(overrides));

  it('reads into exactly the busy times the rep sees in Google Calendar, sorted by start', () => {
    expect(read()).toEqual([
      { start: at('2026-02-26T15:00:00Z'), end: at('2026-02-26T15:45:00Z'), uid: ONE_ON_ONE },
      { start: at('2026-03-05T15:00:00Z'), end: at('2026-03-05T15:45:00Z'), uid: ONE_ON_ONE },
      { start: at('2026-03-12T14:00:00Z'), end: at('2026-03-12T14:45:00Z'), uid: ONE_ON_ONE },
      { start: at('2026-10-05T14:00:00Z'), end: at('2026-10-05T14:30:00Z'), uid: WEEKLY },
      { start: at('2026-10-12T14:00:00Z'), end: at('2026-10-12T14:30:00Z'), uid: WEEKLY },
      { start: at('2026-10-20T19:00:00Z'), end: at('2026-10-20T20:00:00Z'), uid: '4e8a2c6f0b3d7e1a5c9f3b7d0a@google.com' },
      { start: at('2026-10-21T07:00:00Z'), end: at('2026-10-21T07:30:00Z'), uid: BERLIN },
      { start: at('2026-10-21T13:00:00Z'), end: at('2026-10-21T13:30:00Z'), uid: '6c0e4a8d2f5b9c3e7a1d5f9b2e@google.com' },
      { start: at('2026-10-22T22:00:00Z'), end: at('2026-10-22T23:00:00Z'), uid: '8a2e6c0f4b7d1a5e9c3f7b0d4a@google.com' },
      { start: at('2026-10-26T14:00:00Z'), end: at('2026-10-26T14:30:00Z'), uid: WEEKLY },
      { start: at('2026-10-28T08:00:00Z'), end: at('2026-10-28T08:30:00Z'), uid: BERLIN },
      { start: at('2026-11-02T15:00:00Z'), end: at('2026-11-02T15:30:00Z'), uid: WEEKLY },
      { start: at('2026-11-10T19:00:00Z'), end: at('2026-11-10T19:30:00Z'), uid: WEEKLY },
      { start: at('2026-11-16T15:00:00Z'), end: at('2026-11-16T15:30:00Z'), uid: WEEKLY },
      { start: at('2026-11-23T05:00:00Z'), end: at('2026-11-28T05:00:00Z'), uid: VACATION },
      { start: at('2026-11-23T15:00:00Z'), end: at('2026-11-23T15:30:00Z'), uid: WEEKLY },
    ]);
  });

  it('keeps a weekly 10:00 New York meeting at 10:00 local across the US DST change', () => {
    const weekly = spans(read(), WEEKLY);
    // Monday 26 October is EDT (UTC-4), Monday 2 November EST (UTC-5).
    expect(weekly).toContainEqual(span('2026-10-26T14:00:00Z', '2026-10-26T14:30:00Z'));
    expect(weekly).toContainEqual(span('2026-11-02T15:00:00Z', '2026-11-02T15:30:00Z'));
  });

  it('keeps a weekly Thursday 10:00 New York meeting at 10:00 local across the US spring-forward change', () => {
    expect(spans(read(), ONE_ON_ONE)).toEqual([
      span('2026-02-26T15:00:00Z', '2026-02-26T15:45:00Z'),
      span('2026-03-05T15:00:00Z', '2026-03-05T15:45:00Z'),
      span('2026-03-12T14:00:00Z', '2026-03-12T14:45:00Z'),
    ]);
  });

  it('keeps a weekly 09:00 Europe/Berlin meeting at 09:00 Berlin across the EU change', () => {
    expect(spans(read(), BERLIN)).toEqual([
      span('2026-10-21T07:00:00Z', '2026-10-21T07:30:00Z'),
      span('2026-10-28T08:00:00Z', '2026-10-28T08:30:00Z'),
    ]);
  });

  it('drops the occurrence an EXDATE names and counts it against COUNT', () => {
    const starts = read().filter((b) => b.uid === WEEKLY).map((b) => new Date(b.start).toISOString());
    expect(starts).not.toContain('2026-10-19T14:00:00.000Z');
    // COUNT=8 from 5 October: the 8th Monday is 23 November even with one excluded.
    expect(starts.at(-1)).toBe('2026-11-23T15:00:00.000Z');
  });

  it('puts an occurrence moved by a RECURRENCE-ID override at its new time, not its original one', () => {
    const weekly = spans(read(), WEEKLY);
    expect(weekly).toContainEqual(span('2026-11-10T19:00:00Z', '2026-11-10T19:30:00Z'));
    expect(weekly.map(([start]) => start)).not.toContain('2026-11-09T15:00:00.000Z');
  });

  it('treats TRANSP:TRANSPARENT, STATUS:CANCELLED and an invitation the rep declined as free', () => {
    const uids = read().map((b) => b.uid);
    expect(uids).not.toContain('7f3e9d1c5b8a2f6e0d4c9b3a7e@google.com'); // Focus time, transparent
    expect(uids).not.toContain('2b6f0a4e8c1d5f9b3e7a0c4d8f@google.com'); // Team offsite planning, cancelled
    expect(uids).not.toContain('9d3c7b1a5f0e4d8c2b6a0f4e8d@google.com'); // Vendor demo, declined
  });

  it('counts STATUS:TENTATIVE and the rep\'s TENTATIVE or NEEDS-ACTION answer as busy', () => {
    const busy = read();
    expect(spans(busy, '4e8a2c6f0b3d7e1a5c9f3b7d0a@google.com')).toEqual([span('2026-10-20T19:00:00Z', '2026-10-20T20:00:00Z')]);
    expect(spans(busy, '6c0e4a8d2f5b9c3e7a1d5f9b2e@google.com')).toEqual([span('2026-10-21T13:00:00Z', '2026-10-21T13:30:00Z')]);
  });

  it('finds the rep\'s ATTENDEE line whatever the case of the address and with or without mailto:', () => {
    const declined = '9d3c7b1a5f0e4d8c2b6a0f4e8d@google.com';
    expect(read({ repEmails: ['MAILTO:Ana@Northwind.TEST'] }).map((b) => b.uid)).not.toContain(declined);
    // Someone else's decline frees nobody: without the rep's address the demo is busy.
    expect(spans(read({ repEmails: ['someone@else.test'] }), declined)).toEqual([span('2026-10-16T16:00:00Z', '2026-10-16T17:00:00Z')]);
  });

  it('blocks a 5-day all-day vacation as five whole local days of the rep', () => {
    expect(spans(read(), VACATION)).toEqual([span('2026-11-23T05:00:00Z', '2026-11-28T05:00:00Z')]);
    // The same dates for a rep in Berlin are Berlin's days (UTC+1 in November).
    expect(spans(read({ repZone: 'Europe/Berlin' }), VACATION)).toEqual([span('2026-11-22T23:00:00Z', '2026-11-27T23:00:00Z')]);
  });

  it('leaves all-day events out when allDayEvents is ignore', () => {
    const busy = read({ allDayEvents: 'ignore' });
    expect(busy.map((b) => b.uid)).not.toContain(VACATION);
    expect(busy).toHaveLength(15);
  });

  it('reads a UTC time as UTC whatever the rep\'s zone', () => {
    const tokyo = '8a2e6c0f4b7d1a5e9c3f7b0d4a@google.com';
    expect(spans(read({ repZone: 'Asia/Kolkata' }), tokyo)).toEqual([span('2026-10-22T22:00:00Z', '2026-10-22T23:00:00Z')]);
  });

  it('skips every occurrence of an event Usher wrote itself, recognised by UID', () => {
    const seen: string[] = [];
    const busy = read({ ignoreUid: (uid) => { seen.push(uid); return uid === WEEKLY; } });
    expect(busy.map((b) => b.uid)).not.toContain(WEEKLY);
    expect(busy).toHaveLength(16 - 7);
    expect(seen).toContain(WEEKLY);
  });

  it('returns exactly the intervals that overlap the half-open window', () => {
    // From inside the 26 October meeting to the start of the 2 November one.
    const busy = read({ from: at('2026-10-26T14:15:00Z'), to: at('2026-11-02T15:00:00Z') });
    expect(spans(busy)).toEqual([
      span('2026-10-26T14:00:00Z', '2026-10-26T14:30:00Z'),
      span('2026-10-28T08:00:00Z', '2026-10-28T08:30:00Z'),
    ]);
    // An interval that ends exactly at `from` is not in the window.
    expect(read({ from: at('2026-10-26T14:30:00Z'), to: at('2026-10-28T00:00:00Z') })).toEqual([]);
  });
});

describe('an Outlook / Exchange export', () => {
  const outlook = fixture('outlook.ics');
  const REVIEW = '040000008200E00074C5B7101A82E00800000000D0C4B8A1E5F8DC01000000000000000010000000E2C8A86E1E0C3A4F8F2B4D8C6E0A1B2C';
  const PLANNING = '040000008200E00074C5B7101A82E0080000000060F1A2B3C4D5DC01000000000000000010000000A1B2C3D4E5F60718293A4B5C6D7E8F90';
  const LUNCH = '040000008200E00074C5B7101A82E00800000000A0B1C2D3E4F5DC0100000000000000001000000011223344556677889900AABBCCDDEEFF';
  const VISIT = '040000008200E00074C5B7101A82E00800000000B1C2D3E4F5A6DC01000000000000000010000000FFEEDDCCBBAA00998877665544332211';
  const BANGALORE = '040000008200E00074C5B7101A82E00800000000C2D3E4F5A6B7DC01000000000000000010000000123456789ABCDEF0123456789ABCDEF0';
  const ROTA = '040000008200E00074C5B7101A82E00800000000D3E4F5A6B7C8DC01000000000000000010000000ABCDEF0123456789ABCDEF0123456789';
  const XMAS = '040000008200E00074C5B7101A82E00800000000E4F5A6B7C8D9DC010000000000000000100000000F1E2D3C4B5A69788796A5B4C3D2E1F0';
  const read = (overrides: Partial<ExpandOptions> = {}) => busyFromIcs(outlook, options({ repZone: 'America/Chicago', repEmails: [], ...overrides }));

  it('reads into exactly the busy times the rep sees in Outlook, sorted by start', () => {
    expect(read()).toEqual([
      { start: at('2026-03-16T08:00:00Z'), end: at('2026-03-16T08:30:00Z'), uid: PLANNING },
      { start: at('2026-03-23T08:00:00Z'), end: at('2026-03-23T08:30:00Z'), uid: PLANNING },
      { start: at('2026-03-30T07:00:00Z'), end: at('2026-03-30T07:30:00Z'), uid: PLANNING },
      { start: at('2026-04-06T07:00:00Z'), end: at('2026-04-06T07:30:00Z'), uid: PLANNING },
      { start: at('2026-10-13T07:00:00Z'), end: at('2026-10-13T08:00:00Z'), uid: REVIEW },
      { start: at('2026-10-15T09:30:00Z'), end: at('2026-10-15T10:00:00Z'), uid: BANGALORE },
      { start: at('2026-10-15T12:00:00Z'), end: at('2026-10-15T13:00:00Z'), uid: VISIT },
      { start: at('2026-10-20T07:00:00Z'), end: at('2026-10-20T08:00:00Z'), uid: REVIEW },
      { start: at('2026-10-27T08:00:00Z'), end: at('2026-10-27T09:00:00Z'), uid: REVIEW },
      { start: at('2026-10-27T11:30:00Z'), end: at('2026-10-27T12:30:00Z'), uid: ROTA },
      { start: at('2026-11-03T12:30:00Z'), end: at('2026-11-03T13:30:00Z'), uid: ROTA },
      { start: at('2026-11-04T10:00:00Z'), end: at('2026-11-04T11:00:00Z'), uid: REVIEW },
      { start: at('2026-11-17T08:00:00Z'), end: at('2026-11-17T09:00:00Z'), uid: REVIEW },
      { start: at('2026-12-24T06:00:00Z'), end: at('2026-12-25T06:00:00Z'), uid: XMAS },
    ]);
  });

  it('keeps a weekly 09:00 "W. Europe Standard Time" meeting at 09:00 Berlin across the EU autumn change', () => {
    const review = spans(read(), REVIEW);
    // Tuesday 20 October is CEST (UTC+2), Tuesday 27 October CET (UTC+1).
    expect(review).toContainEqual(span('2026-10-20T07:00:00Z', '2026-10-20T08:00:00Z'));
    expect(review).toContainEqual(span('2026-10-27T08:00:00Z', '2026-10-27T09:00:00Z'));
  });

  it('keeps a weekly 09:00 "W. Europe Standard Time" meeting at 09:00 Berlin across the EU spring change', () => {
    expect(spans(read(), PLANNING)).toEqual([
      span('2026-03-16T08:00:00Z', '2026-03-16T08:30:00Z'),
      span('2026-03-23T08:00:00Z', '2026-03-23T08:30:00Z'),
      span('2026-03-30T07:00:00Z', '2026-03-30T07:30:00Z'),
      span('2026-04-06T07:00:00Z', '2026-04-06T07:30:00Z'),
    ]);
  });

  it('applies an Outlook exception (moved), an EXDATE (deleted) and an inclusive UNTIL to a series', () => {
    expect(spans(read(), REVIEW)).toEqual([
      span('2026-10-13T07:00:00Z', '2026-10-13T08:00:00Z'),
      span('2026-10-20T07:00:00Z', '2026-10-20T08:00:00Z'),
      span('2026-10-27T08:00:00Z', '2026-10-27T09:00:00Z'),
      span('2026-11-04T10:00:00Z', '2026-11-04T11:00:00Z'), // 3 November moved to Wednesday 11:00
      // 10 November deleted; 17 November starts exactly at UNTIL=20261117T080000Z
      span('2026-11-17T08:00:00Z', '2026-11-17T09:00:00Z'),
    ]);
  });

  it('treats X-MICROSOFT-CDO-BUSYSTATUS:FREE as free even with TRANSP:OPAQUE, and TENTATIVE or OOF as busy', () => {
    const busy = read();
    expect(busy.map((b) => b.uid)).not.toContain(LUNCH);
    expect(spans(busy, VISIT)).toEqual([span('2026-10-15T12:00:00Z', '2026-10-15T13:00:00Z')]);
    expect(spans(busy, XMAS)).toHaveLength(1);
  });

  it('reads "India Standard Time" as UTC+05:30', () => {
    expect(spans(read(), BANGALORE)).toEqual([span('2026-10-15T09:30:00Z', '2026-10-15T10:00:00Z')]);
  });

  it('reads a custom TZID known only from its VTIMEZONE with that VTIMEZONE\'s rules, on both sides of its change', () => {
    // "Customized Time Zone": UTC-2:30 in summer, UTC-3:30 from the first Sunday of November.
    const expected = [span('2026-10-27T11:30:00Z', '2026-10-27T12:30:00Z'), span('2026-11-03T12:30:00Z', '2026-11-03T13:30:00Z')];
    expect(spans(read(), ROTA)).toEqual(expected);
    expect(spans(read({ repZone: 'Asia/Tokyo' }), ROTA)).toEqual(expected);
  });

  it('blocks an all-day Outlook event as the rep\'s local day', () => {
    expect(spans(read(), XMAS)).toEqual([span('2026-12-24T06:00:00Z', '2026-12-25T06:00:00Z')]);
  });
});

describe('time zone resolution', () => {
  it('maps IANA, Windows, Outlook display and vendor-path TZIDs to IANA zones', () => {
    expect(resolveTzid('Europe/Berlin')).toBe('Europe/Berlin');
    expect(resolveTzid('america/new_york')).toBe('America/New_York');
    expect(resolveTzid('W. Europe Standard Time')).toBe('Europe/Berlin');
    expect(resolveTzid('w. europe standard time')).toBe('Europe/Berlin');
    expect(resolveTzid('Eastern Standard Time')).toBe('America/New_York');
    expect(resolveTzid('India Standard Time')).toBe('Asia/Calcutta');
    expect(resolveTzid('"Europe/Berlin"')).toBe('Europe/Berlin');
    expect(resolveTzid('/mozilla.org/20070129_1/America/New_York')).toBe('America/New_York');
    expect(resolveTzid('/freeassociation.sourceforge.net/Tzfile/Europe/London')).toBe('Europe/London');
    expect(resolveTzid('(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna')).toBe('Europe/Amsterdam');
    expect(resolveTzid('(UTC+05:30) Chennai, Kolkata, Mumbai, New Delhi')).toBe('Asia/Kolkata');
    expect(resolveTzid('(GMT+00:00) Dublin, Edinburgh, Lisbon, London')).toBe('Europe/Dublin');
  });

  it('answers null when the TZID cannot be placed for sure', () => {
    expect(resolveTzid('Customized Time Zone')).toBeNull();
    expect(resolveTzid('(UTC-05:00) Eastern Time (US & Canada)')).toBeNull();
    expect(resolveTzid('(UTC+02:00) Amsterdam')).toBeNull(); // Amsterdam is not UTC+2 in winter
    expect(resolveTzid('UTC+01:00')).toBeNull();
    expect(resolveTzid('Mars/Olympus_Mons')).toBeNull();
    expect(resolveTzid('')).toBeNull();
  });

  const july9am = (tzid: string) => vevent('e', `DTSTART;TZID=${tzid}:20260701T090000`, `DTEND;TZID=${tzid}:20260701T100000`);

  it('prefers the tz database to a VTIMEZONE for a TZID that names an IANA zone', () => {
    // An exporter that wrote New York without its DST rules would put 09:00 EDT at 14:00Z.
    const wrongZone = ['BEGIN:VTIMEZONE', 'TZID:America/New_York', 'BEGIN:STANDARD', 'DTSTART:19700101T000000',
      'TZOFFSETFROM:-0500', 'TZOFFSETTO:-0500', 'END:STANDARD', 'END:VTIMEZONE'].join('\r\n');
    const busy = busyFromIcs(calendar(wrongZone, july9am('America/New_York')), options({ repZone: 'UTC' }));
    expect(spans(busy)).toEqual([span('2026-07-01T13:00:00Z', '2026-07-01T14:00:00Z')]);
  });

  it('reads a Windows TZID without a VTIMEZONE through windows-iana', () => {
    const busy = busyFromIcs(calendar(july9am('Pacific Standard Time')), options({ repZone: 'UTC' }));
    expect(spans(busy)).toEqual([span('2026-07-01T16:00:00Z', '2026-07-01T17:00:00Z')]);
  });

  it('reads a vendor-path TZID as the IANA zone at its end', () => {
    const busy = busyFromIcs(calendar(july9am('/mozilla.org/20070129_1/Europe/Berlin')), options({ repZone: 'UTC' }));
    expect(spans(busy)).toEqual([span('2026-07-01T07:00:00Z', '2026-07-01T08:00:00Z')]);
  });

  it('reads an unknown TZID without a VTIMEZONE in the rep\'s zone', () => {
    const busy = busyFromIcs(calendar(july9am('Mars/Olympus_Mons')), options({ repZone: 'Europe/Berlin' }));
    expect(spans(busy)).toEqual([span('2026-07-01T07:00:00Z', '2026-07-01T08:00:00Z')]);
  });

  it('ignores a VTIMEZONE whose rules are not yearly and reads its times in the rep\'s zone', () => {
    const runaway = ['BEGIN:VTIMEZONE', 'TZID:Odd Zone', 'BEGIN:STANDARD', 'DTSTART:16010101T000000', 'TZOFFSETFROM:+0300',
      'TZOFFSETTO:+0300', 'RRULE:FREQ=SECONDLY', 'END:STANDARD', 'END:VTIMEZONE'].join('\r\n');
    const busy = busyFromIcs(calendar(runaway, july9am('Odd Zone')), options({ repZone: 'Asia/Tokyo' }));
    expect(spans(busy)).toEqual([span('2026-07-01T00:00:00Z', '2026-07-01T01:00:00Z')]);
  });

  it('reads floating times (no TZID, no Z) in the rep\'s zone', () => {
    const floating = calendar(vevent('f', 'DTSTART:20261015T090000', 'DTEND:20261015T100000'));
    expect(spans(busyFromIcs(floating, options({ repZone: 'Asia/Kolkata' })))).toEqual([span('2026-10-15T03:30:00Z', '2026-10-15T04:30:00Z')]);
    expect(spans(busyFromIcs(floating, options({ repZone: 'America/New_York' })))).toEqual([span('2026-10-15T13:00:00Z', '2026-10-15T14:00:00Z')]);
  });
});

describe('DST edge cases (RFC 5545 §3.3.5)', () => {
  const ny = (uid: string, start: string, end: string, ...more: string[]) =>
    vevent(uid, `DTSTART;TZID=America/New_York:${start}`, `DTEND;TZID=America/New_York:${end}`, ...more);

  it('reads a time in the spring-forward gap with the offset before the gap: 02:30 is 03:30 EDT', () => {
    const busy = busyFromIcs(calendar(ny('gap', '20260308T023000', '20260308T040000')), options());
    expect(spans(busy)).toEqual([span('2026-03-08T07:30:00Z', '2026-03-08T08:00:00Z')]);
  });

  it('moves only the gap-day occurrence of a weekly 02:30 series, keeping its length', () => {
    const busy = busyFromIcs(calendar(ny('weekly-gap', '20260301T023000', '20260301T033000', 'RRULE:FREQ=WEEKLY;COUNT=3')), options());
    expect(spans(busy)).toEqual([
      span('2026-03-01T07:30:00Z', '2026-03-01T08:30:00Z'), // 02:30 EST
      span('2026-03-08T07:30:00Z', '2026-03-08T08:30:00Z'), // 02:30 does not exist: 03:30 EDT
      span('2026-03-15T06:30:00Z', '2026-03-15T07:30:00Z'), // 02:30 EDT
    ]);
  });

  it('reads an ambiguous fall-back time as its first occurrence: 01:30 is 01:30 EDT', () => {
    // 01:30 EDT (05:30Z) to 02:30 EST (07:30Z): two hours by the clock on the wall.
    const busy = busyFromIcs(calendar(ny('fold', '20261101T013000', '20261101T023000')), options());
    expect(spans(busy)).toEqual([span('2026-11-01T05:30:00Z', '2026-11-01T07:30:00Z')]);
  });

  it('handles Lord Howe\'s half-hour changes: first of two 01:45s in April, a 02:15 gap time in October', () => {
    const lordHowe = (uid: string, start: string) => vevent(uid, `DTSTART;TZID=Australia/Lord_Howe:${start}`, 'DURATION:PT15M');
    const busy = busyFromIcs(calendar(lordHowe('april', '20260405T014500'), lordHowe('october', '20261004T021500')), options());
    expect(spans(busy)).toEqual([
      span('2026-04-04T14:45:00Z', '2026-04-04T15:00:00Z'), // 01:45 at +11, before the clock goes back to 01:30
      span('2026-10-03T15:45:00Z', '2026-10-03T16:00:00Z'), // 02:15 does not exist: 02:45 at +11
    ]);
  });

  it('starts an all-day block at the first instant of a day whose midnight does not exist', () => {
    // Santiago skips from 00:00 to 01:00 on 6 September 2026 (UTC-4 → UTC-3).
    const busy = busyFromIcs(calendar(vevent('chile', 'DTSTART;VALUE=DATE:20260906', 'DTEND;VALUE=DATE:20260907')), options({ repZone: 'America/Santiago' }));
    expect(spans(busy)).toEqual([span('2026-09-06T04:00:00Z', '2026-09-07T03:00:00Z')]);
  });
});

describe('event length', () => {
  const read = (...events: string[]) => spans(busyFromIcs(calendar(...events), options()));

  it('uses DURATION when there is no DTEND', () => {
    expect(read(vevent('d', 'DTSTART:20260701T090000Z', 'DURATION:PT1H30M'))).toEqual([span('2026-07-01T09:00:00Z', '2026-07-01T10:30:00Z')]);
  });

  it('counts DURATION days as local calendar days, so P1D over the spring change lasts 23 hours', () => {
    expect(read(vevent('p1d', 'DTSTART;TZID=America/New_York:20260307T120000', 'DURATION:P1D')))
      .toEqual([span('2026-03-07T17:00:00Z', '2026-03-08T16:00:00Z')]);
  });

  it('reads DTEND in its own TZID', () => {
    // A flight: 09:00 New York (EDT) to 23:00 Berlin (CEST).
    expect(read(vevent('flight', 'DTSTART;TZID=America/New_York:20260701T090000', 'DTEND;TZID=Europe/Berlin:20260701T230000')))
      .toEqual([span('2026-07-01T13:00:00Z', '2026-07-01T21:00:00Z')]);
  });

  it('skips a timed event with neither DTEND nor DURATION, which takes no time', () => {
    expect(read(vevent('reminder', 'DTSTART:20260701T090000Z'))).toEqual([]);
  });

  it('gives an all-day event with neither DTEND nor DURATION one whole day', () => {
    expect(read(vevent('day', 'DTSTART;VALUE=DATE:20260701'))).toEqual([span('2026-07-01T04:00:00Z', '2026-07-02T04:00:00Z')]);
  });

  it('gives a timed series the exact length of its first instance on every occurrence, across DST', () => {
    expect(read(vevent('s', 'DTSTART;TZID=America/New_York:20261031T230000', 'DTEND;TZID=America/New_York:20261101T010000', 'RRULE:FREQ=DAILY;COUNT=2')))
      .toEqual([span('2026-11-01T03:00:00Z', '2026-11-01T05:00:00Z'), span('2026-11-02T04:00:00Z', '2026-11-02T06:00:00Z')]);
  });
});

describe('recurrence', () => {
  const read = (...events: string[]) => busyFromIcs(calendar(...events), options());
  const master = (...more: string[]) => vevent('series', 'DTSTART:20260706T150000Z', 'DTEND:20260706T160000Z', 'RRULE:FREQ=DAILY;COUNT=3', ...more);
  const override = (...lines: string[]) => vevent('series', 'RECURRENCE-ID:20260707T150000Z', ...lines);

  it('removes an occurrence whose override is STATUS:CANCELLED', () => {
    expect(spans(read(master(), override('DTSTART:20260707T150000Z', 'DTEND:20260707T160000Z', 'STATUS:CANCELLED'))))
      .toEqual([span('2026-07-06T15:00:00Z', '2026-07-06T16:00:00Z'), span('2026-07-08T15:00:00Z', '2026-07-08T16:00:00Z')]);
  });

  it('judges an override on its own component: the rep declining one instance frees only that one', () => {
    const declined = 'ATTENDEE;PARTSTAT=DECLINED:mailto:ana@northwind.test';
    expect(spans(read(master('ATTENDEE;PARTSTAT=ACCEPTED:mailto:ana@northwind.test'), override('DTSTART:20260707T150000Z', 'DTEND:20260707T160000Z', declined))))
      .toEqual([span('2026-07-06T15:00:00Z', '2026-07-06T16:00:00Z'), span('2026-07-08T15:00:00Z', '2026-07-08T16:00:00Z')]);
  });

  it('is busy at an override that moves an occurrence from outside the window into it', () => {
    const busy = busyFromIcs(calendar(master(), override('DTSTART:20260706T180000Z', 'DTEND:20260706T190000Z')),
      options({ from: at('2026-07-06T00:00:00Z'), to: at('2026-07-07T00:00:00Z') }));
    expect(spans(busy)).toEqual([span('2026-07-06T15:00:00Z', '2026-07-06T16:00:00Z'), span('2026-07-06T18:00:00Z', '2026-07-06T19:00:00Z')]);
  });

  it('keeps the series\' length for an override that has neither DTEND nor DURATION', () => {
    expect(spans(read(master(), override('DTSTART:20260707T170000Z'))))
      .toContainEqual(span('2026-07-07T17:00:00Z', '2026-07-07T18:00:00Z'));
  });

  it('adds RDATE occurrences, with their own end for a PERIOD', () => {
    const busy = read(vevent('r', 'DTSTART:20260706T150000Z', 'DTEND:20260706T160000Z', 'RDATE:20260710T150000Z,20260711T090000Z',
      'RDATE;VALUE=PERIOD:20260712T100000Z/20260712T103000Z'));
    expect(spans(busy)).toEqual([
      span('2026-07-06T15:00:00Z', '2026-07-06T16:00:00Z'),
      span('2026-07-10T15:00:00Z', '2026-07-10T16:00:00Z'),
      span('2026-07-11T09:00:00Z', '2026-07-11T10:00:00Z'),
      span('2026-07-12T10:00:00Z', '2026-07-12T10:30:00Z'),
    ]);
  });

  it('matches an EXDATE written in UTC against a series written in a TZID, by instant', () => {
    const busy = read(vevent('x', 'DTSTART;TZID=Europe/Berlin:20260706T090000', 'DTEND;TZID=Europe/Berlin:20260706T100000',
      'RRULE:FREQ=DAILY;COUNT=3', 'EXDATE:20260707T070000Z'));
    expect(spans(busy)).toEqual([span('2026-07-06T07:00:00Z', '2026-07-06T08:00:00Z'), span('2026-07-08T07:00:00Z', '2026-07-08T08:00:00Z')]);
  });

  it('matches a RECURRENCE-ID written in UTC to an occurrence written in a TZID, by instant', () => {
    const busy = read(vevent('y', 'DTSTART;TZID=Europe/Berlin:20260706T090000', 'DTEND;TZID=Europe/Berlin:20260706T100000', 'RRULE:FREQ=DAILY;COUNT=2'),
      vevent('y', 'RECURRENCE-ID:20260707T070000Z', 'DTSTART:20260707T120000Z', 'DTEND:20260707T130000Z'));
    expect(spans(busy)).toEqual([span('2026-07-06T07:00:00Z', '2026-07-06T08:00:00Z'), span('2026-07-07T12:00:00Z', '2026-07-07T13:00:00Z')]);
  });

  it('removes the local day\'s occurrence of a timed series for a DATE-valued EXDATE', () => {
    const busy = read(vevent('z', 'DTSTART;TZID=Europe/Berlin:20260706T090000', 'DURATION:PT1H', 'RRULE:FREQ=DAILY;COUNT=3', 'EXDATE;VALUE=DATE:20260707'));
    expect(spans(busy)).toEqual([span('2026-07-06T07:00:00Z', '2026-07-06T08:00:00Z'), span('2026-07-08T07:00:00Z', '2026-07-08T08:00:00Z')]);
  });

  it('applies UNTIL by instant even when the TZID has no VTIMEZONE: a second early excludes the last one', () => {
    const series = (until: string) => read(vevent('u', 'DTSTART;TZID=Europe/Berlin:20260706T090000', 'DURATION:PT1H', `RRULE:FREQ=DAILY;UNTIL=${until}`));
    expect(spans(series('20260708T070000Z')).map(([start]) => start)).toEqual(['2026-07-06T07:00:00.000Z', '2026-07-07T07:00:00.000Z', '2026-07-08T07:00:00.000Z']);
    expect(spans(series('20260708T065959Z'))).toHaveLength(2);
  });

  it('reads a daily stand-up since 2015 at 09:00 Berlin on every day of the window', () => {
    const busy = busyFromIcs(calendar(vevent('standup', 'DTSTART;TZID=Europe/Berlin:20150105T090000', 'DURATION:PT15M', 'RRULE:FREQ=DAILY')),
      options({ from: at('2026-10-20T00:00:00Z'), to: at('2026-10-30T00:00:00Z') }));
    expect(spans(busy)).toHaveLength(10);
    expect(spans(busy)[0]).toEqual(span('2026-10-20T07:00:00Z', '2026-10-20T07:15:00Z'));
    expect(spans(busy)[9]).toEqual(span('2026-10-29T08:00:00Z', '2026-10-29T08:15:00Z'));
  });

  it('gives an old weekly BYDAY series the same occurrences in the window as the same series started recently', () => {
    const series = (start: string) => vevent('mwf', `DTSTART;TZID=America/New_York:${start}`, 'DURATION:PT30M', 'RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE,FR');
    const window = options({ from: at('2026-10-19T00:00:00Z'), to: at('2026-11-14T00:00:00Z') });
    const recent = spans(busyFromIcs(calendar(series('20261019T100000')), window));
    // 2016-01-11 is a Monday 562 weeks (an even number) before 2026-10-19, so both are in phase.
    expect(spans(busyFromIcs(calendar(series('20160111T100000')), window))).toEqual(recent);
    expect(recent).toEqual([
      span('2026-10-19T14:00:00Z', '2026-10-19T14:30:00Z'), span('2026-10-21T14:00:00Z', '2026-10-21T14:30:00Z'),
      span('2026-10-23T14:00:00Z', '2026-10-23T14:30:00Z'), span('2026-11-02T15:00:00Z', '2026-11-02T15:30:00Z'),
      span('2026-11-04T15:00:00Z', '2026-11-04T15:30:00Z'), span('2026-11-06T15:00:00Z', '2026-11-06T15:30:00Z'),
    ]);
  });

  it('counts COUNT from the real DTSTART for an old daily series', () => {
    // 1 000 days from 2024-01-01 end on 2026-09-26.
    const busy = busyFromIcs(calendar(vevent('c', 'DTSTART:20240101T120000Z', 'DURATION:PT1H', 'RRULE:FREQ=DAILY;COUNT=1000')),
      options({ from: at('2026-09-20T00:00:00Z'), to: at('2026-10-10T00:00:00Z') }));
    expect(spans(busy).map(([start]) => start!.slice(0, 10))).toEqual(['2026-09-20', '2026-09-21', '2026-09-22', '2026-09-23', '2026-09-24', '2026-09-25', '2026-09-26']);
  });

  it('repeats an all-day event on the rep\'s local days', () => {
    const busy = busyFromIcs(calendar(vevent('off', 'DTSTART;VALUE=DATE:20261030', 'DTEND;VALUE=DATE:20261031', 'RRULE:FREQ=WEEKLY;COUNT=2')), options());
    // Fridays 30 October (EDT) and 6 November (EST).
    expect(spans(busy)).toEqual([span('2026-10-30T04:00:00Z', '2026-10-31T04:00:00Z'), span('2026-11-06T05:00:00Z', '2026-11-07T05:00:00Z')]);
  });
});

describe('several CalDAV objects at once', () => {
  const first = calendar(vevent('a', 'DTSTART:20260702T090000Z', 'DTEND:20260702T100000Z'));
  const second = calendar(vevent('b', 'DTSTART:20260701T090000Z', 'DTEND:20260701T100000Z', 'RRULE:FREQ=DAILY;COUNT=3'));

  it('returns the busy times of all objects, sorted by start then end', () => {
    expect(busyFromIcsObjects([first, second], options())).toEqual([
      { start: at('2026-07-01T09:00:00Z'), end: at('2026-07-01T10:00:00Z'), uid: 'b' },
      { start: at('2026-07-02T09:00:00Z'), end: at('2026-07-02T10:00:00Z'), uid: 'a' },
      { start: at('2026-07-02T09:00:00Z'), end: at('2026-07-02T10:00:00Z'), uid: 'b' },
      { start: at('2026-07-03T09:00:00Z'), end: at('2026-07-03T10:00:00Z'), uid: 'b' },
    ]);
  });

  it('relates an override in one object to its master in another', () => {
    const moved = calendar(vevent('b', 'RECURRENCE-ID:20260702T090000Z', 'DTSTART:20260702T130000Z', 'DTEND:20260702T140000Z'));
    expect(spans(busyFromIcsObjects([second, moved], options()))).toEqual([
      span('2026-07-01T09:00:00Z', '2026-07-01T10:00:00Z'), span('2026-07-02T13:00:00Z', '2026-07-02T14:00:00Z'), span('2026-07-03T09:00:00Z', '2026-07-03T10:00:00Z'),
    ]);
  });

  it('reads every VCALENDAR of one text that holds several', () => {
    expect(spans(busyFromIcs(`${first}\r\n${second}`, options()))).toHaveLength(4);
  });

  it('returns nothing for no objects', () => {
    expect(busyFromIcsObjects([], options())).toEqual([]);
  });

  it('names the object that could not be read', () => {
    const error = errorOf(() => busyFromIcsObjects([first, 'not a calendar'], options()));
    expect(error).toBeInstanceOf(IcsError);
    expect((error as IcsError).message).toBe('calendar object 2 of 2 could not be read: it is not an iCalendar file');
  });
});

describe('hostile input', () => {
  const good = vevent('good', 'DTSTART:20260701T090000Z', 'DTEND:20260701T100000Z');
  const goodSpan = span('2026-07-01T09:00:00Z', '2026-07-01T10:00:00Z');
  const read = (text: string, overrides: Partial<ExpandOptions> = {}) => busyFromIcs(text, options(overrides));
  const failure = (text: string, overrides: Partial<ExpandOptions> = {}) => {
    const error = errorOf(() => read(text, overrides));
    expect(error).toBeInstanceOf(IcsError);
    return (error as IcsError).message;
  };

  it('throws IcsError for garbage, saying the calendar could not be read', () => {
    expect(failure('<html><body>502 Bad Gateway</body></html>')).toBe('the calendar could not be read: it is not an iCalendar file');
    expect(failure('\u0000\u0001 binary junk')).toMatch(/^the calendar could not be read: /);
  });

  it('throws IcsError for an empty or blank text', () => {
    expect(failure('')).toBe('the calendar could not be read: it is empty');
    expect(failure(' \r\n \n')).toBe('the calendar could not be read: it is empty');
  });

  it('throws IcsError for a vCard and for a file cut off before END:VCALENDAR', () => {
    expect(failure('BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ana\r\nEND:VCARD')).toBe('the calendar could not be read: it is not an iCalendar file');
    expect(failure(calendar(good).replace(/END:VCALENDAR$/, ''))).toBe('the calendar could not be read: it ends before END:VCALENDAR');
  });

  it('returns no busy times for a calendar without events', () => {
    expect(read(calendar())).toEqual([]);
  });

  it('reads a file with a byte-order mark and bare LF line ends', () => {
    expect(spans(read(`\uFEFF${calendar(good).replace(/\r\n/g, '\n')}`))).toEqual([goodSpan]);
  });

  it('skips an event with a broken DTSTART and keeps the others', () => {
    expect(spans(read(calendar(vevent('bad', 'DTSTART:2026-13-45', 'DTEND:20260701T100000Z'), good)))).toEqual([goodSpan]);
    expect(spans(read(calendar(vevent('bad', 'DTSTART:20261345T090000Z', 'DURATION:PT1H'), good)))).toEqual([goodSpan]);
    expect(spans(read(calendar(vevent('none', 'SUMMARY:no start'), good)))).toEqual([goodSpan]);
  });

  it('skips an event whose RRULE ical.js cannot read and keeps the others', () => {
    expect(spans(read(calendar(vevent('bad', 'DTSTART:20260702T090000Z', 'DURATION:PT1H', 'RRULE:FREQ=FORTNIGHTLY'), good)))).toEqual([goodSpan]);
  });

  it('keeps an event that has a stray line that is not a property', () => {
    const stray = vevent('stray', 'DTSTART:20260702T090000Z', 'DURATION:PT1H', 'DESCRIPTION:first line', 'second line lost its fold');
    expect(spans(read(calendar(stray, good)))).toEqual([goodSpan, span('2026-07-02T09:00:00Z', '2026-07-02T10:00:00Z')]);
  });

  it('is not derailed by a VTIMEZONE without a TZID', () => {
    const noTzid = ['BEGIN:VTIMEZONE', 'BEGIN:STANDARD', 'DTSTART:19700101T000000', 'TZOFFSETFROM:+0100', 'TZOFFSETTO:+0100', 'END:STANDARD', 'END:VTIMEZONE'].join('\r\n');
    const berlin = vevent('b', 'DTSTART;TZID=Europe/Berlin:20260701T090000', 'DURATION:PT1H');
    expect(spans(read(calendar(noTzid, berlin)))).toEqual([span('2026-07-01T07:00:00Z', '2026-07-01T08:00:00Z')]);
  });

  it('counts DTSTART as the only instance when UNTIL is before it', () => {
    expect(spans(read(calendar(vevent('u', 'DTSTART:20260701T090000Z', 'DURATION:PT1H', 'RRULE:FREQ=DAILY;UNTIL=20250101T000000Z'))))).toEqual([goodSpan]);
  });

  it('expands a huge COUNT only over the window', () => {
    const busy = read(calendar(vevent('n', 'DTSTART:20260101T090000Z', 'DURATION:PT1H', 'RRULE:FREQ=DAILY;COUNT=2147483647')),
      { from: at('2026-01-01T00:00:00Z'), to: at('2026-02-01T00:00:00Z') });
    expect(busy).toHaveLength(31);
  });

  it('throws IcsError for a rule that repeats too often to expand (FREQ=SECONDLY, or MINUTELY since 2015)', () => {
    expect(failure(calendar(vevent('s', 'DTSTART:20260101T000000Z', 'DURATION:PT1S', 'RRULE:FREQ=SECONDLY')))).toBe('the event s repeats too often to expand');
    expect(failure(calendar(vevent('m', 'DTSTART:20150101T000000Z', 'DURATION:PT1M', 'RRULE:FREQ=MINUTELY;BYHOUR=9')))).toBe('the event m repeats too often to expand');
  });

  it('expands a sub-daily rule with a small COUNT, however old', () => {
    expect(read(calendar(vevent('h', 'DTSTART:20150101T000000Z', 'DURATION:PT1M', 'RRULE:FREQ=SECONDLY;COUNT=5')), { from: at('2015-01-01T00:00:00Z') })).toHaveLength(5);
  });

  it('survives a rule that can never occur, keeping DTSTART', () => {
    expect(spans(read(calendar(vevent('feb30', 'DTSTART:20260701T090000Z', 'DURATION:PT1H', 'RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30'))))).toEqual([goodSpan]);
  });

  it('throws IcsError when the window holds more than maxIntervals busy times', () => {
    const daily = calendar(vevent('d', 'DTSTART:20260101T090000Z', 'DURATION:PT1H', 'RRULE:FREQ=DAILY;COUNT=11'));
    expect(failure(daily, { maxIntervals: 10 })).toBe('the calendar has more than 10 busy times in the window');
    expect(read(daily, { maxIntervals: 11 })).toHaveLength(11);
  });

  it('rejects a rep zone that is not an IANA zone as a programming error, not a calendar one', () => {
    expect(() => read(calendar(good), { repZone: 'Mars/Olympus_Mons' })).toThrow(RangeError);
  });
});

describe('a 5,000-event feed', () => {
  // 4 000 single events, one a day at 14:00Z cycling through 2026; 600 weekly series
  // since January 2024 without an end; 300 daily series with COUNT, a third of them with
  // an EXDATE in the window; 100 weekly series with one occurrence moved out of the window.
  const from = at('2026-06-01T00:00:00Z');
  const to = at('2026-07-01T00:00:00Z');
  const DAY = 86_400_000;
  const ymd = (ms: number) => new Date(ms).toISOString().slice(0, 10).replace(/-/g, '');
  const events: string[] = [];
  let expected = 0;
  for (let i = 0; i < 4000; i++) {
    const day = at('2026-01-01T00:00:00Z') + (i % 365) * DAY;
    events.push(vevent(`single-${i}`, `DTSTART:${ymd(day)}T140000Z`, `DTEND:${ymd(day)}T150000Z`, `SUMMARY:Demo ${i}`));
    if (day >= from && day < to) expected++;
  }
  for (let i = 0; i < 600; i++) {
    const first = at('2024-01-01T00:00:00Z') + (i % 7) * DAY;
    events.push(vevent(`weekly-${i}`, `DTSTART;TZID=America/New_York:${ymd(first)}T100000`, `DTEND;TZID=America/New_York:${ymd(first)}T103000`, 'RRULE:FREQ=WEEKLY'));
    for (let day = from; day < to; day += DAY) if (new Date(day).getUTCDay() === new Date(first).getUTCDay()) expected++;
  }
  for (let i = 0; i < 300; i++) {
    const exdate = i % 3 === 0 ? ['EXDATE;TZID=Europe/Berlin:20260610T090000'] : [];
    events.push(vevent(`daily-${i}`, 'DTSTART;TZID=Europe/Berlin:20250601T090000', 'DURATION:PT15M', 'RRULE:FREQ=DAILY;COUNT=400', ...exdate));
    expected += 30 - exdate.length; // 400 days from 1 June 2025 run to 5 July 2026
  }
  for (let i = 0; i < 100; i++) {
    events.push(vevent(`moved-${i}`, 'DTSTART;TZID=America/New_York:20260106T110000', 'DURATION:PT1H', 'RRULE:FREQ=WEEKLY;BYDAY=TU'));
    events.push(vevent(`moved-${i}`, 'RECURRENCE-ID;TZID=America/New_York:20260609T110000', 'DTSTART;TZID=America/New_York:20260709T110000', 'DURATION:PT1H'));
    expected += 4; // Tuesdays 2, 9, 16, 23, 30 June, less the one moved to July
  }
  const feed = calendar(...events);

  it('expands every interval in the window (and prints how long it took)', () => {
    const started = performance.now();
    const busy = busyFromIcs(feed, options({ from, to }));
    const elapsed = performance.now() - started;
    console.log(`5,000-event feed (${(feed.length / 1e6).toFixed(1)} MB): parsed and expanded in ${elapsed.toFixed(0)} ms, ${busy.length} intervals`);
    expect(busy).toHaveLength(expected);
    expect(busy.every((b, i) => i === 0 || busy[i - 1]!.start <= b.start)).toBe(true);
  });
});
