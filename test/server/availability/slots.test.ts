import { describe, expect, it } from 'vitest';
import { pooledSlots, repSlots, unionSlots, type Busy } from '../../../server/availability/slots.ts';
import { at, calendar, iso, MINUTE, rules, startsBetween } from './fixtures.ts';

describe('repSlots', () => {
  it('offers a New York rep 09:00-17:00 local as 14:00-22:00 UTC in winter', () => {
    // zones: rep America/New_York (UTC-5 in January); now: Monday 2026-01-05 00:00Z
    const ny = calendar('ny', { timezone: 'America/New_York', workingHours: { 'mon-fri': ['09:00-17:00'] } });
    const starts = startsBetween(ny, rules(), at('2026-01-05T00:00:00Z'), '2026-01-05T00:00:00Z', '2026-01-06T00:00:00Z');
    expect(starts[0]).toBe('2026-01-05T14:00:00Z');
    expect(starts.at(-1)).toBe('2026-01-05T21:30:00Z');
    expect(starts).toHaveLength(16);
  });

  it('follows a window across local midnight into the next day', () => {
    // zones: rep Europe/Berlin (UTC+1 in November); Monday 22:00 → Tuesday 02:00
    const night = calendar('owl', { timezone: 'Europe/Berlin', workingHours: { mon: ['22:00-02:00'] } });
    const starts = startsBetween(night, rules({ stepMinutes: 60, durationMinutes: 60 }), at('2026-11-23T00:00:00Z'), '2026-11-23T00:00:00Z', '2026-11-25T00:00:00Z');
    expect(starts).toEqual(['2026-11-23T21:00:00Z', '2026-11-23T22:00:00Z', '2026-11-23T23:00:00Z', '2026-11-24T00:00:00Z']);
  });

  it('lets a meeting run from one window into a window that overlaps it, each on its own grid', () => {
    // zones: rep Europe/London (UTC+0 in November); Monday 09:00-12:00 and 11:15-14:00
    const ldn = calendar('ldn', { timezone: 'Europe/London', workingHours: { mon: ['09:00-12:00', '11:15-14:00'] } });
    const starts = startsBetween(ldn, rules({ durationMinutes: 60 }), at('2026-11-23T00:00:00Z'), '2026-11-23T00:00:00Z', '2026-11-24T00:00:00Z');
    // First grid: 09:00 … 11:30 (11:30-12:30 runs on into the second window). Second grid:
    // 11:15 … 12:45. Each start once, in order.
    expect(starts.map((s) => s.slice(11, 16))).toEqual([
      '09:00', '09:30', '10:00', '10:30', '11:00', '11:15', '11:30', '11:45', '12:15', '12:45',
    ]);
  });

  it('runs a window crossing midnight on into the next morning\'s window', () => {
    // zones: rep Europe/London; Monday 22:00-01:00 and Tuesday 00:30-02:00, 90-minute meetings
    const ldn = calendar('ldn', { timezone: 'Europe/London', workingHours: { mon: ['22:00-01:00'], tue: ['00:30-02:00'] } });
    const starts = startsBetween(ldn, rules({ durationMinutes: 90, stepMinutes: 60 }), at('2026-11-23T00:00:00Z'), '2026-11-23T00:00:00Z', '2026-11-25T00:00:00Z');
    // Monday's grid: 22:00, 23:00, 00:00 (ends 01:30, inside Tuesday's window);
    // Tuesday's: 00:30 (ends 02:00).
    expect(starts).toEqual(['2026-11-23T22:00:00Z', '2026-11-23T23:00:00Z', '2026-11-24T00:00:00Z', '2026-11-24T00:30:00Z']);
  });

  it('drops slots before the minimum notice and at or after the horizon', () => {
    // zones: rep Europe/London (UTC+0 in November); now Monday 10:05Z
    const ldn = calendar('ldn', { timezone: 'Europe/London', workingHours: { 'mon-fri': ['09:00-12:00'] } });
    const slots = repSlots(ldn, { rules: rules({ minimumNoticeMinutes: 60, horizonDays: 1 }), now: at('2026-11-23T10:05:00Z') });
    // 11:05 is the earliest start: 11:30 is the first grid slot; the horizon ends Tuesday
    // 10:05, so 10:00 is the last start and 10:30 is out.
    expect(slots.map((s) => iso(s.start))).toEqual([
      '2026-11-23T11:30:00Z', '2026-11-24T09:00:00Z', '2026-11-24T09:30:00Z', '2026-11-24T10:00:00Z',
    ]);
  });

  it('keeps the larger buffer on both sides of a booking and of the slot', () => {
    // zones: rep Europe/London; a booking 11:00-11:30Z wanting 5 minutes before and none after
    const booking: Busy = { start: at('2026-11-23T11:00:00Z'), end: at('2026-11-23T11:30:00Z'), bufferBefore: 5 * MINUTE, bufferAfter: 0, bookingId: 'b1' };
    const ldn = calendar('ldn', { timezone: 'Europe/London', workingHours: { mon: ['09:00-13:00'] } }, [booking]);
    const r = rules({ stepMinutes: 5, bufferBeforeMinutes: 10, bufferAfterMinutes: 20 });
    const starts = startsBetween(ldn, r, at('2026-11-23T00:00:00Z'), '2026-11-23T00:00:00Z', '2026-11-24T00:00:00Z');
    // Before: the slot's 20 minutes after it beat the booking's 5: the last slot ends 10:40.
    // After: the slot's 10 minutes before it beat the booking's 0: the next starts 11:40.
    expect(starts).toContain('2026-11-23T10:10:00Z');
    expect(starts).not.toContain('2026-11-23T10:15:00Z');
    expect(starts).not.toContain('2026-11-23T11:35:00Z');
    expect(starts[starts.indexOf('2026-11-23T10:10:00Z') + 1]).toBe('2026-11-23T11:40:00Z');
  });

  it('keeps the booking\'s own buffer when it is the larger one', () => {
    // zones: rep Europe/London; a booking 10:00-10:30Z with 15 minutes after it
    const booking: Busy = { start: at('2026-11-23T10:00:00Z'), end: at('2026-11-23T10:30:00Z'), bufferBefore: 0, bufferAfter: 15 * MINUTE, bookingId: 'b1' };
    const ldn = calendar('ldn', { timezone: 'Europe/London', workingHours: { mon: ['09:00-12:00'] } }, [booking]);
    const starts = startsBetween(ldn, rules({ stepMinutes: 15, bufferBeforeMinutes: 10 }), at('2026-11-23T00:00:00Z'), '2026-11-23T00:00:00Z', '2026-11-24T00:00:00Z');
    expect(starts[starts.indexOf('2026-11-23T09:30:00Z') + 1]).toBe('2026-11-23T10:45:00Z');
  });

  it('keeps the slot\'s buffers around busy time from other calendars too', () => {
    // zones: rep Europe/London; an external event 10:00-10:30Z (no buffers of its own)
    const external: Busy = { start: at('2026-11-23T10:00:00Z'), end: at('2026-11-23T10:30:00Z') };
    const ldn = calendar('ldn', { timezone: 'Europe/London', workingHours: { mon: ['09:00-12:00'] } }, [external]);
    const starts = startsBetween(ldn, rules({ stepMinutes: 15, bufferBeforeMinutes: 15, bufferAfterMinutes: 15 }), at('2026-11-23T00:00:00Z'), '2026-11-23T00:00:00Z', '2026-11-24T00:00:00Z');
    // 09:15-09:45 leaves exactly 15 minutes before the event; 10:45 exactly 15 after it.
    expect(starts).toEqual(['2026-11-23T09:00:00Z', '2026-11-23T09:15:00Z', '2026-11-23T10:45:00Z', '2026-11-23T11:00:00Z', '2026-11-23T11:15:00Z', '2026-11-23T11:30:00Z']);
  });

  it('gives the same slots for busy time unsorted and overlapping as for the same time merged', () => {
    // zones: rep Europe/London; three overlapping events given out of order
    const hours = { timezone: 'Europe/London', workingHours: { mon: ['09:00-13:00'] } };
    const messy: Busy[] = [
      { start: at('2026-11-23T11:00:00Z'), end: at('2026-11-23T11:20:00Z') },
      { start: at('2026-11-23T09:40:00Z'), end: at('2026-11-23T10:10:00Z'), bufferAfter: 20 * MINUTE },
      { start: at('2026-11-23T09:30:00Z'), end: at('2026-11-23T10:00:00Z') },
    ];
    const merged: Busy[] = [
      { start: at('2026-11-23T09:30:00Z'), end: at('2026-11-23T10:30:00Z') },
      { start: at('2026-11-23T11:00:00Z'), end: at('2026-11-23T11:20:00Z') },
    ];
    const r = rules({ stepMinutes: 10 });
    const now = at('2026-11-23T00:00:00Z');
    const expected = ['09:00', '10:30', '11:20', '11:30', '11:40', '11:50', '12:00', '12:10', '12:20', '12:30'];
    expect(startsBetween(calendar('a', hours, messy), r, now, '2026-11-23T00:00:00Z', '2026-11-24T00:00:00Z').map((s) => s.slice(11, 16))).toEqual(expected);
    expect(startsBetween(calendar('b', hours, merged), r, now, '2026-11-23T00:00:00Z', '2026-11-24T00:00:00Z').map((s) => s.slice(11, 16))).toEqual(expected);
  });

  it('offers nothing on a day of time off nor on a day an override closes', () => {
    // zones: rep Asia/Kolkata; Tue 24 off, Wed 25 closed by an empty override, Thu 26 replaced
    const kol = calendar('kol', {
      timezone: 'Asia/Kolkata',
      workingHours: { 'mon-fri': ['10:00-12:00'] },
      timeOff: [{ from: '2026-11-24', to: '2026-11-24' }],
      overrides: [{ date: '2026-11-25', hours: [] }, { date: '2026-11-26', hours: ['15:00-16:00'] }],
    });
    const starts = startsBetween(kol, rules(), at('2026-11-23T00:00:00Z'), '2026-11-24T00:00:00Z', '2026-11-27T00:00:00Z');
    expect(starts).toEqual(['2026-11-26T09:30:00Z', '2026-11-26T10:00:00Z']);
  });

  it('cuts a window that crosses midnight into a day off at that midnight', () => {
    // zones: rep Europe/London; Monday 22:00-02:00, Tuesday 2026-11-24 off
    const ldn = calendar('ldn', {
      timezone: 'Europe/London', workingHours: { mon: ['22:00-02:00'] }, timeOff: [{ from: '2026-11-24', to: '2026-11-24' }],
    });
    expect(startsBetween(ldn, rules(), at('2026-11-23T00:00:00Z'), '2026-11-23T00:00:00Z', '2026-11-25T00:00:00Z'))
      .toEqual(['2026-11-23T22:00:00Z', '2026-11-23T22:30:00Z', '2026-11-23T23:00:00Z', '2026-11-23T23:30:00Z']);
  });

  it('lets an override replace a date\'s own hours but not the evening before crossing into it', () => {
    // zones: rep Europe/London; nights 22:00-02:00; Tuesday 2026-11-24 closed by an override.
    // Monday's night still runs to Tuesday 02:00; Tuesday's night does not happen.
    const ldn = calendar('ldn', {
      timezone: 'Europe/London', workingHours: { 'mon-fri': ['22:00-02:00'] }, overrides: [{ date: '2026-11-24', hours: [] }],
    });
    const starts = startsBetween(ldn, rules({ stepMinutes: 60, durationMinutes: 60 }), at('2026-11-23T00:00:00Z'), '2026-11-23T12:00:00Z', '2026-11-25T12:00:00Z');
    expect(starts).toEqual(['2026-11-23T22:00:00Z', '2026-11-23T23:00:00Z', '2026-11-24T00:00:00Z', '2026-11-24T01:00:00Z']);
  });

  it('stops offering a day once the rep has their cap of meetings in their local day', () => {
    // zones: rep Asia/Kolkata; two bookings on Monday local, cap 2
    const monday = [at('2026-11-23T04:30:00Z'), at('2026-11-23T05:00:00Z')];
    const kol = calendar('kol', { timezone: 'Asia/Kolkata', workingHours: { 'mon-fri': ['10:00-12:00'] } },
      monday.map((start, i) => ({ start, end: start + 30 * MINUTE, bookingId: `b${i}` })), { maxPerDay: 2 });
    const starts = startsBetween(kol, rules(), at('2026-11-23T00:00:00Z'), '2026-11-23T00:00:00Z', '2026-11-25T00:00:00Z');
    expect(starts.every((s) => s.startsWith('2026-11-24'))).toBe(true);
    expect(starts).toHaveLength(4);
  });

  it('counts a booking that runs past midnight on the local day it starts', () => {
    // zones: rep Europe/London; a booking Monday 23:30 - Tuesday 00:30, cap 1 a day
    const ldn = calendar('ldn', { timezone: 'Europe/London', workingHours: { 'mon-fri': ['09:00-10:00'] } },
      [{ start: at('2026-11-23T23:30:00Z'), end: at('2026-11-24T00:30:00Z'), bookingId: 'late' }], { maxPerDay: 1 });
    const starts = startsBetween(ldn, rules(), at('2026-11-23T00:00:00Z'), '2026-11-23T00:00:00Z', '2026-11-25T00:00:00Z');
    expect(starts).toEqual(['2026-11-24T09:00:00Z', '2026-11-24T09:30:00Z']);
  });

  it('does not count busy time from other calendars toward the day cap', () => {
    // zones: rep Europe/London; an external event on Monday, cap 1 a day
    const ldn = calendar('ldn', { timezone: 'Europe/London', workingHours: { mon: ['09:00-10:00'] } },
      [{ start: at('2026-11-23T12:00:00Z'), end: at('2026-11-23T13:00:00Z') }], { maxPerDay: 1 });
    expect(startsBetween(ldn, rules(), at('2026-11-23T00:00:00Z'), '2026-11-23T00:00:00Z', '2026-11-24T00:00:00Z')).toHaveLength(2);
  });

  it('answers the same slots for a range as the whole horizon has in that range', () => {
    // zones: rep America/New_York; now Monday 2026-03-02 10:00Z; the range starts mid-slot
    const ny = calendar('ny', { timezone: 'America/New_York', workingHours: { 'mon-fri': ['09:00-17:00'] } });
    const query = { rules: rules({ stepMinutes: 15 }), now: at('2026-03-02T10:00:00Z') };
    const all = repSlots(ny, query);
    const [from, to] = [at('2026-03-06T15:10:00Z'), at('2026-03-10T14:00:00Z')];
    expect(repSlots(ny, { ...query, from, to })).toEqual(all.filter((s) => s.start >= from && s.start < to));
  });
});

describe('pooledSlots', () => {
  it('offers the union of the reps slots and names who is free for each', () => {
    // zones: London and New York on Monday 2026-11-23; London busy 14:00-15:00Z
    const ldn = calendar('ldn', { timezone: 'Europe/London', workingHours: { mon: ['13:00-15:00'] } },
      [{ start: at('2026-11-23T14:00:00Z'), end: at('2026-11-23T15:00:00Z') }]);
    const ny = calendar('ny', { timezone: 'America/New_York', workingHours: { mon: ['09:00-10:00'] } });
    const slots = pooledSlots([ldn, ny], { rules: rules(), now: at('2026-11-23T00:00:00Z'), to: at('2026-11-24T00:00:00Z') });
    expect(slots.map((s) => [iso(s.start), s.repIds])).toEqual([
      ['2026-11-23T13:00:00Z', ['ldn']],
      ['2026-11-23T13:30:00Z', ['ldn']],
      ['2026-11-23T14:00:00Z', ['ny']],
      ['2026-11-23T14:30:00Z', ['ny']],
    ]);
  });

  it('names every free rep once for a shared start, in the order the reps were given', () => {
    const a = { start: 0, end: 10 };
    const b = { start: 10, end: 20 };
    expect(unionSlots([['x', [a, b]], ['y', [b]], ['z', [a]]])).toEqual([
      { start: 0, end: 10, repIds: ['x', 'z'] },
      { start: 10, end: 20, repIds: ['x', 'y'] },
    ]);
  });
});
