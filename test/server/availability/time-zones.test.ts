import { describe, expect, it } from 'vitest';
import { pooledSlots, repSlots } from '../../../server/availability/slots.ts';
import { at, calendar, iso, MINUTE, rules, startsBetween, wallClock } from './fixtures.ts';

/**
 * Named cases across zones and DST changes. Every case states its zones and a fixed
 * `now`; expected instants were worked out by hand from the tz database's transitions.
 */

const nineToFive = { 'mon-fri': ['09:00-17:00'] };

describe('a New York rep seen from London around the US and UK DST changes', () => {
  // zones: rep America/New_York, prospect Europe/London. 2026: the US springs forward on
  // 8 March and falls back on 1 November; the UK on 29 March and 25 October. In between,
  // New York is 4 hours behind London instead of 5.
  const ny = calendar('ny', { timezone: 'America/New_York', workingHours: nineToFive });
  const firstStart = (now: string, day: string) => {
    const starts = startsBetween(ny, rules({ horizonDays: 30 }), at(now), `${day}T00:00:00Z`, `${day}T23:59:00Z`);
    expect(starts).toHaveLength(16);
    return at(starts[0]!);
  };

  it('shows the rep\'s 09:00 at 14:00 in London the week before the US springs forward', () => {
    // now: Monday 2026-03-02 00:00Z
    const nine = firstStart('2026-03-02T00:00:00Z', '2026-03-06');
    expect(iso(nine)).toBe('2026-03-06T14:00:00Z');
    expect(wallClock(nine, 'America/New_York')).toBe('09:00');
    expect(wallClock(nine, 'Europe/London')).toBe('14:00');
  });

  it('moves the rep\'s 09:00 to 13:00 UTC and 13:00 in London in the spring-forward weeks', () => {
    // now: Monday 2026-03-09 00:00Z (EDT, UTC-4; London still GMT)
    for (const day of ['2026-03-09', '2026-03-27']) {
      const nine = firstStart('2026-03-09T00:00:00Z', day);
      expect(iso(nine)).toBe(`${day}T13:00:00Z`);
      expect(wallClock(nine, 'America/New_York')).toBe('09:00');
      expect(wallClock(nine, 'Europe/London')).toBe('13:00');
    }
  });

  it('puts the rep\'s 09:00 back at 14:00 in London once the UK springs forward too', () => {
    // now: Monday 2026-03-30 00:00Z (EDT and BST)
    const nine = firstStart('2026-03-30T00:00:00Z', '2026-03-30');
    expect(iso(nine)).toBe('2026-03-30T13:00:00Z');
    expect(wallClock(nine, 'Europe/London')).toBe('14:00');
  });

  it('shows the rep\'s 09:00 at 13:00 in London in the week after the UK falls back', () => {
    // now: Friday 2026-10-23 00:00Z. Friday: EDT and BST (14:00 London); the week of
    // 26 October: EDT and GMT (13:00 London); from 2 November: EST and GMT (14:00 London).
    const now = '2026-10-23T00:00:00Z';
    const before = firstStart(now, '2026-10-23');
    expect([iso(before), wallClock(before, 'Europe/London')]).toEqual(['2026-10-23T13:00:00Z', '14:00']);
    for (const day of ['2026-10-26', '2026-10-30']) {
      const nine = firstStart(now, day);
      expect([iso(nine), wallClock(nine, 'Europe/London')]).toEqual([`${day}T13:00:00Z`, '13:00']);
    }
    const after = firstStart(now, '2026-11-02');
    expect([iso(after), wallClock(after, 'America/New_York'), wallClock(after, 'Europe/London')])
      .toEqual(['2026-11-02T14:00:00Z', '09:00', '14:00']);
  });
});

describe('DST nights', () => {
  it('skips the local times that do not exist on the US spring-forward night', () => {
    // zones: rep America/New_York; 2026-03-08 02:00 EST jumps to 03:00 EDT
    const ny = calendar('ny', { timezone: 'America/New_York', workingHours: { sun: ['01:00-04:00'] } });
    const slots = repSlots(ny, { rules: rules(), now: at('2026-03-07T00:00:00Z'), from: at('2026-03-08T00:00:00Z'), to: at('2026-03-09T00:00:00Z') });
    // 01:00 and 01:30 EST, then 03:00 and 03:30 EDT; 02:00 and 02:30 never happen.
    expect(slots.map((s) => iso(s.start))).toEqual([
      '2026-03-08T06:00:00Z', '2026-03-08T06:30:00Z', '2026-03-08T07:00:00Z', '2026-03-08T07:30:00Z',
    ]);
    expect(slots.every((s) => s.end - s.start === 30 * MINUTE)).toBe(true);
  });

  it('takes the first occurrence of the repeated hour on the US fall-back night', () => {
    // zones: rep America/New_York; 2026-11-01 02:00 EDT falls back to 01:00 EST
    const ny = calendar('ny', { timezone: 'America/New_York', workingHours: { sun: ['00:30-03:00'] } });
    const starts = startsBetween(ny, rules(), at('2026-10-31T00:00:00Z'), '2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z');
    // 00:30, 01:00, 01:30 EDT (UTC-4), then 02:00 and 02:30 EST (UTC-5).
    expect(starts).toEqual([
      '2026-11-01T04:30:00Z', '2026-11-01T05:00:00Z', '2026-11-01T05:30:00Z', '2026-11-01T07:00:00Z', '2026-11-01T07:30:00Z',
    ]);
  });

  it('opens a window that starts in the DST gap when the gap ends, keeping its grid', () => {
    // zones: rep America/New_York; 2026-03-08, 02:00 EST jumps to 03:00 EDT. The window
    // 02:15-04:00 opens at 03:00 EDT; its 45-minute grid from 02:15 gives 03:00 and 03:45.
    const ny = calendar('ny', { timezone: 'America/New_York', workingHours: { sun: ['02:15-04:00'] } });
    const starts = startsBetween(ny, rules({ stepMinutes: 45, durationMinutes: 15 }), at('2026-03-07T00:00:00Z'), '2026-03-08T00:00:00Z', '2026-03-09T00:00:00Z');
    expect(starts).toEqual(['2026-03-08T07:00:00Z', '2026-03-08T07:45:00Z']);
  });

  it('closes a window that ends in the DST gap where the gap starts', () => {
    // zones: rep America/New_York; 2026-03-08. 00:00-02:30 ends at 02:00 EST = 03:00 EDT:
    // a 60-minute meeting at 01:00 EST fits, one at 01:30 would run past the window.
    const ny = calendar('ny', { timezone: 'America/New_York', workingHours: { sun: ['00:00-02:30'] } });
    const starts = startsBetween(ny, rules({ durationMinutes: 60 }), at('2026-03-07T00:00:00Z'), '2026-03-08T00:00:00Z', '2026-03-09T00:00:00Z');
    expect(starts).toEqual(['2026-03-08T05:00:00Z', '2026-03-08T05:30:00Z', '2026-03-08T06:00:00Z']);
  });
});

describe('a rep in Australia/Lord_Howe (30-minute DST shift)', () => {
  // zones: rep Australia/Lord_Howe: UTC+10:30 in winter, UTC+11 in summer.
  const lordHowe = calendar('lhi', { timezone: 'Australia/Lord_Howe', workingHours: { sun: ['01:00-03:00'] } });
  const quarterHours = rules({ stepMinutes: 15, durationMinutes: 15 });

  it('skips 02:00-02:30 on the night the clocks go forward half an hour', () => {
    // 2026-10-04 02:00 (+10:30) jumps to 02:30 (+11). now: 2026-10-02 00:00Z
    const starts = startsBetween(lordHowe, quarterHours, at('2026-10-02T00:00:00Z'), '2026-10-03T00:00:00Z', '2026-10-04T00:00:00Z');
    expect(starts).toEqual([
      '2026-10-03T14:30:00Z', '2026-10-03T14:45:00Z', '2026-10-03T15:00:00Z', '2026-10-03T15:15:00Z',
      '2026-10-03T15:30:00Z', '2026-10-03T15:45:00Z',
    ]);
    expect(starts.map((s) => wallClock(at(s), 'Australia/Lord_Howe'))).toEqual(['01:00', '01:15', '01:30', '01:45', '02:30', '02:45']);
  });

  it('offers the repeated half hour once, at its first occurrence, when the clocks go back', () => {
    // 2026-04-05 02:00 (+11) falls back to 01:30 (+10:30). now: 2026-04-03 00:00Z
    const starts = startsBetween(lordHowe, quarterHours, at('2026-04-03T00:00:00Z'), '2026-04-04T00:00:00Z', '2026-04-05T00:00:00Z');
    // 01:30 and 01:45 happen twice: 14:30Z and 14:45Z are offered, 15:00Z and 15:15Z are not.
    expect(starts).toEqual([
      '2026-04-04T14:00:00Z', '2026-04-04T14:15:00Z', '2026-04-04T14:30:00Z', '2026-04-04T14:45:00Z',
      '2026-04-04T15:30:00Z', '2026-04-04T15:45:00Z', '2026-04-04T16:00:00Z', '2026-04-04T16:15:00Z',
    ]);
  });
});

describe('reps in half-hour and 45-minute zones', () => {
  it('offers a Kolkata rep (UTC+05:30) slots on the half hour in UTC', () => {
    // zones: rep Asia/Kolkata; now: Monday 2026-11-23 00:00Z
    const kol = calendar('kol', { timezone: 'Asia/Kolkata', workingHours: { mon: ['10:00-12:00'] } });
    expect(startsBetween(kol, rules(), at('2026-11-23T00:00:00Z'), '2026-11-23T00:00:00Z', '2026-11-24T00:00:00Z'))
      .toEqual(['2026-11-23T04:30:00Z', '2026-11-23T05:00:00Z', '2026-11-23T05:30:00Z', '2026-11-23T06:00:00Z']);
  });

  it('offers a Kathmandu rep (UTC+05:45) slots at a quarter past and to the hour in UTC', () => {
    // zones: rep Asia/Kathmandu; now: Monday 2026-11-23 00:00Z
    const ktm = calendar('ktm', { timezone: 'Asia/Kathmandu', workingHours: { mon: ['09:00-11:00'] } });
    expect(startsBetween(ktm, rules(), at('2026-11-23T00:00:00Z'), '2026-11-23T00:00:00Z', '2026-11-24T00:00:00Z'))
      .toEqual(['2026-11-23T03:15:00Z', '2026-11-23T03:45:00Z', '2026-11-23T04:15:00Z', '2026-11-23T04:45:00Z']);
  });

  it('pools a Kolkata and a Kathmandu rep without bending either grid', () => {
    // zones: Asia/Kolkata and Asia/Kathmandu, both 09:00-10:00 on Monday 2026-11-23
    const kol = calendar('kol', { timezone: 'Asia/Kolkata', workingHours: { mon: ['09:00-10:00'] } });
    const ktm = calendar('ktm', { timezone: 'Asia/Kathmandu', workingHours: { mon: ['09:00-10:00'] } });
    const pooled = pooledSlots([kol, ktm], { rules: rules(), now: at('2026-11-23T00:00:00Z'), to: at('2026-11-24T00:00:00Z') });
    expect(pooled.map((s) => [iso(s.start), s.repIds])).toEqual([
      ['2026-11-23T03:15:00Z', ['ktm']], ['2026-11-23T03:30:00Z', ['kol']],
      ['2026-11-23T03:45:00Z', ['ktm']], ['2026-11-23T04:00:00Z', ['kol']],
    ]);
  });

  it('cuts into today by the minimum notice for a Kathmandu rep', () => {
    // zones: rep Asia/Kathmandu; now: Monday 2026-11-23 05:10Z (10:55 local). Two hours
    // of notice: nothing before 12:55 local; the 30-minute grid from 09:00 resumes at 13:00.
    const ktm = calendar('ktm', { timezone: 'Asia/Kathmandu', workingHours: { 'mon-fri': ['09:00-17:00'] } });
    const starts = startsBetween(ktm, rules({ minimumNoticeMinutes: 120 }), at('2026-11-23T05:10:00Z'), '2026-11-23T00:00:00Z', '2026-11-24T00:00:00Z');
    expect(starts[0]).toBe('2026-11-23T07:15:00Z');
    expect(wallClock(at(starts[0]!), 'Asia/Kathmandu')).toBe('13:00');
    expect(starts).toHaveLength(8);
  });
});

describe('zones that change the clock at midnight', () => {
  it('skips the missing hour after midnight in America/Santiago and runs the window on', () => {
    // zones: rep America/Santiago; 2026-09-06 00:00 (-04) jumps to 01:00 (-03).
    // Saturday 22:00-02:00 crosses midnight into the missing hour. now: 2026-09-04 00:00Z
    const scl = calendar('scl', { timezone: 'America/Santiago', workingHours: { sat: ['22:00-02:00'] } });
    const starts = startsBetween(scl, rules(), at('2026-09-04T00:00:00Z'), '2026-09-05T12:00:00Z', '2026-09-07T00:00:00Z');
    expect(starts).toEqual([
      '2026-09-06T02:00:00Z', '2026-09-06T02:30:00Z', '2026-09-06T03:00:00Z', '2026-09-06T03:30:00Z',
      '2026-09-06T04:00:00Z', '2026-09-06T04:30:00Z',
    ]);
    // The slot at Saturday 23:30 ends at Sunday 01:00 local: 30 minutes, as every slot.
    expect(wallClock(at('2026-09-06T04:00:00Z'), 'America/Santiago')).toBe('01:00');
  });

  it('starts a Santiago day off at 01:00 local when midnight does not exist', () => {
    // zones: rep America/Santiago; Sunday 2026-09-06 is off and begins at 01:00 (-03) = 04:00Z
    const scl = calendar('scl', {
      timezone: 'America/Santiago', workingHours: { sat: ['22:00-02:00'] }, timeOff: [{ from: '2026-09-06', to: '2026-09-06' }],
    });
    const starts = startsBetween(scl, rules(), at('2026-09-04T00:00:00Z'), '2026-09-05T12:00:00Z', '2026-09-07T00:00:00Z');
    expect(starts).toEqual(['2026-09-06T02:00:00Z', '2026-09-06T02:30:00Z', '2026-09-06T03:00:00Z', '2026-09-06T03:30:00Z']);
  });

  it('offers the hour Santiago repeats before midnight once, and counts a booking in it on Saturday', () => {
    // zones: rep America/Santiago; 2026-04-05 00:00 (-03) falls back to Saturday 23:00 (-04).
    // now: 2026-04-03 00:00Z
    const hours = { sat: ['22:00-01:00'], sun: ['09:00-10:00'] };
    const scl = calendar('scl', { timezone: 'America/Santiago', workingHours: hours });
    const between = ['2026-04-04T12:00:00Z', '2026-04-06T00:00:00Z'] as const;
    expect(startsBetween(scl, rules(), at('2026-04-03T00:00:00Z'), ...between)).toEqual([
      '2026-04-05T01:00:00Z', '2026-04-05T01:30:00Z', '2026-04-05T02:00:00Z', '2026-04-05T02:30:00Z',
      // 03:00Z and 03:30Z read 23:00 and 23:30 again: not offered
      '2026-04-05T04:00:00Z', '2026-04-05T04:30:00Z', '2026-04-05T13:00:00Z', '2026-04-05T13:30:00Z',
    ]);
    // A booking made at the second 23:00 (03:00Z, outside the offered grid) is on Saturday:
    // with a cap of one a day, Saturday is full and Sunday is not.
    const booked = calendar('scl', { timezone: 'America/Santiago', workingHours: hours },
      [{ start: at('2026-04-05T03:00:00Z'), end: at('2026-04-05T03:30:00Z'), bookingId: 'b1' }], { maxPerDay: 1 });
    expect(startsBetween(booked, rules(), at('2026-04-03T00:00:00Z'), ...between)).toEqual([
      '2026-04-05T04:00:00Z', '2026-04-05T04:30:00Z', '2026-04-05T13:00:00Z', '2026-04-05T13:30:00Z',
    ]);
  });

  it('opens a Havana Sunday window at 01:00 when the clocks skip midnight', () => {
    // zones: rep America/Havana; 2026-03-08 00:00 (-05) jumps to 01:00 (-04). now: 2026-03-06 00:00Z
    const hav = calendar('hav', { timezone: 'America/Havana', workingHours: { sun: ['00:00-02:00'] } });
    expect(startsBetween(hav, rules(), at('2026-03-06T00:00:00Z'), '2026-03-07T12:00:00Z', '2026-03-09T00:00:00Z'))
      .toEqual(['2026-03-08T05:00:00Z', '2026-03-08T05:30:00Z']);
  });

  it('keeps a Havana window crossing into Sunday after a Saturday off, first midnight first', () => {
    // zones: rep America/Havana; 2026-11-01 01:00 (-04) falls back to 00:00 (-05), so Sunday
    // 00:00 happens twice. Saturday is off: the Saturday window still runs on into Sunday
    // from the first midnight (04:00Z); 00:00 and 00:30 are offered once.
    const hav = calendar('hav', {
      timezone: 'America/Havana', workingHours: { sat: ['22:00-02:00'] }, timeOff: [{ from: '2026-10-31', to: '2026-10-31' }],
    });
    expect(startsBetween(hav, rules(), at('2026-10-29T00:00:00Z'), '2026-10-31T00:00:00Z', '2026-11-02T00:00:00Z'))
      .toEqual(['2026-11-01T04:00:00Z', '2026-11-01T04:30:00Z', '2026-11-01T06:00:00Z', '2026-11-01T06:30:00Z']);
  });
});
