import { describe, expect, it } from 'vitest';
import { pooledSlots, repSlots, type Busy, type RepCalendar, type SlotRules } from '../../../server/availability/slots.ts';
import { compileSchedule, type ScheduleInput } from '../../../server/availability/working-hours.ts';

const MINUTE = 60_000;
const iso = (instant: number) => new Date(instant).toISOString().replace('.000Z', 'Z');
const at = (text: string) => Date.parse(text);

const rules = (overrides: Partial<SlotRules> = {}): SlotRules => ({
  durationMinutes: 30, stepMinutes: 30, bufferBeforeMinutes: 0, bufferAfterMinutes: 0,
  minimumNoticeMinutes: 0, horizonDays: 14, ...overrides,
});

function calendar(id: string, input: ScheduleInput, busy: Busy[] = [], extra: Partial<RepCalendar> = {}): RepCalendar {
  return { id, schedule: compileSchedule(input), busy, bookedStarts: busy.map((b) => b.start), ...extra };
}

/** Slot starts in `[from, to)` as compact UTC strings. */
function startsBetween(cal: RepCalendar, r: SlotRules, now: number, from: string, to: string): string[] {
  return repSlots(cal, { rules: r, now, from: at(from), to: at(to) }).map((s) => iso(s.start));
}

describe('repSlots', () => {
  it('offers a New York rep 09:00-17:00 local as 14:00-22:00 UTC in winter', () => {
    // zones: rep America/New_York (UTC-5 in January); now: Monday 2026-0105 00:00Z
    const ny = calendar('ny', { timezone: 'America/New_York', workingHours: { 'mon-fri': ['09:00-17:00'] } });
    const starts = startsBetween(ny, rules(), at('2026-01-05T00:00:00Z'), '2026-01-05T00:00:00Z', '2026-01-06T00:00:00Z');
    expect(starts[0]).toBe('2026-01-05T14:00:00Z');
    expect(starts.at(-1)).toBe('2026-01-05T21:30:00Z');
    expect(starts).toHaveLength(16);
  });

  it('offers a Kolkata rep (UTC+05:30) slots on the half hour in UTC', () => {
    // zones: rep Asia/Kolkata; now: Monday 2026-11-23 00:00Z
    const kol = calendar('kol', { timezone: 'Asia/Kolkata', workingHours: { mon: ['10:00-12:00'] } });
    expect(startsBetween(kol, rules(), at('2026-11-23T00:00:00Z'), '2026-11-23T00:00:00Z', '2026-11-24T00:00:00Z'))
      .toEqual(['2026-11-23T04:30:00Z', '2026-11-23T05:00:00Z', '2026-11-23T05:30:00Z', '2026-11-23T06:00:00Z']);
  });

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

  it('follows a window across local midnight into the next day', () => {
    // zones: rep Europe/Berlin (UTC+1 in November); Monday 22:00 → Tuesday 02:00
    const night = calendar('owl', { timezone: 'Europe/Berlin', workingHours: { mon: ['22:00-02:00'] } }, [], {});
    const starts = startsBetween(night, rules({ stepMinutes: 60, durationMinutes: 60 }), at('2026-11-23T00:00:00Z'), '2026-11-23T00:00:00Z', '2026-11-25T00:00:00Z');
    expect(starts).toEqual(['2026-11-23T21:00:00Z', '2026-11-23T22:00:00Z', '2026-11-23T23:00:00Z', '2026-11-24T00:00:00Z']);
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

  it('keeps the buffers of a booking and of the slot around every meeting', () => {
    // zones: rep Europe/London; a booking 10:00-10:30Z with 15 minutes after it
    const booking: Busy = { start: at('2026-11-23T10:00:00Z'), end: at('2026-11-23T10:30:00Z'), bufferBefore: 0, bufferAfter: 15 * MINUTE };
    const ldn = calendar('ldn', { timezone: 'Europe/London', workingHours: { mon: ['09:00-12:00'] } }, [booking]);
    const starts = startsBetween(ldn, rules({ stepMinutes: 15, bufferBeforeMinutes: 10 }), at('2026-11-23T00:00:00Z'), '2026-11-23T00:00:00Z', '2026-11-24T00:00:00Z');
    // Before: a slot must end by 10:00 and leave 0 minutes → 09:30 is the last; after: the
    // booking's 15 minutes win over the slot's 10, so 10:45 is the first.
    expect(starts).toContain('2026-11-23T09:30:00Z');
    expect(starts).not.toContain('2026-11-23T09:45:00Z');
    expect(starts).not.toContain('2026-11-23T10:30:00Z');
    expect(starts[starts.indexOf('2026-11-23T09:30:00Z') + 1]).toBe('2026-11-23T10:45:00Z');
  });

  it('offers nothing on a day of time off nor on a day an override closes', () => {
    // zones: rep Asia/Kolkata; Tue 24 off, Wed 25 closed by an empty override
    const kol = calendar('kol', {
      timezone: 'Asia/Kolkata',
      workingHours: { 'mon-fri': ['10:00-12:00'] },
      timeOff: [{ from: '2026-11-24', to: '2026-11-24' }],
      overrides: [{ date: '2026-11-25', hours: [] }, { date: '2026-11-26', hours: ['15:00-16:00'] }],
    });
    const starts = startsBetween(kol, rules(), at('2026-11-23T00:00:00Z'), '2026-11-24T00:00:00Z', '2026-11-27T00:00:00Z');
    expect(starts).toEqual(['2026-11-26T09:30:00Z', '2026-11-26T10:00:00Z']);
  });

  it('stops offering a day once the rep has their cap of meetings in their local day', () => {
    // zones: rep Asia/Kolkata; two bookings on Monday local, cap 2
    const monday = [at('2026-11-23T04:30:00Z'), at('2026-11-23T05:00:00Z')];
    const kol = calendar('kol', { timezone: 'Asia/Kolkata', workingHours: { 'mon-fri': ['10:00-12:00'] } },
      monday.map((start) => ({ start, end: start + 30 * MINUTE })), { maxPerDay: 2 });
    const starts = startsBetween(kol, rules(), at('2026-11-23T00:00:00Z'), '2026-11-23T00:00:00Z', '2026-11-25T00:00:00Z');
    expect(starts.every((s) => s.startsWith('2026-11-24'))).toBe(true);
    expect(starts).toHaveLength(4);
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
});
