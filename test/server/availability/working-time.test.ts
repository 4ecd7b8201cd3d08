import { describe, expect, it } from 'vitest';
import { addWorkingMinutes } from '../../../server/availability/working-time.ts';
import { compileSchedule } from '../../../server/availability/working-hours.ts';

const at = (iso: string) => Date.parse(iso);
const iso = (instant: number) => new Date(instant).toISOString();
const nineToFive = (timezone: string, extra: Partial<Parameters<typeof compileSchedule>[0]> = {}) =>
  compileSchedule({ timezone, workingHours: { 'mon-fri': ['09:00-17:00'] }, ...extra });

describe('addWorkingMinutes: SLA deadlines in the rep\'s working time', () => {
  it('counts within the day, and from the start of the day for a lead that comes before it', () => {
    const ny = nineToFive('America/New_York');
    expect(iso(addWorkingMinutes(ny, at('2026-11-23T15:00:00Z'), 120))).toBe('2026-11-23T17:00:00.000Z');
    // 06:00Z is 01:00 in New York: the clock starts at 09:00 (14:00Z).
    expect(iso(addWorkingMinutes(ny, at('2026-11-23T06:00:00Z'), 120))).toBe('2026-11-23T16:00:00.000Z');
  });

  it('skips the weekend: Friday 16:00 in New York with 120 minutes is due Monday 10:00', () => {
    const ny = nineToFive('America/New_York');
    expect(iso(addWorkingMinutes(ny, at('2026-11-27T21:00:00Z'), 120))).toBe('2026-11-30T15:00:00.000Z');
    // After the week's last hour: all of it on Monday.
    expect(iso(addWorkingMinutes(ny, at('2026-11-27T23:30:00Z'), 90))).toBe('2026-11-30T15:30:00.000Z');
  });

  it('follows the rep\'s clock through a change: New York\'s spring forward moves the day an hour in UTC', () => {
    const ny = nineToFive('America/New_York');
    // Friday 6 March 2026 16:00 EST (21:00Z) + 120 minutes: 60 on Friday, 60 on Monday 9 March from 09:00 EDT (13:00Z).
    expect(iso(addWorkingMinutes(ny, at('2026-03-06T21:00:00Z'), 120))).toBe('2026-03-09T14:00:00.000Z');
  });

  it('counts half-hour zones and days off', () => {
    const kolkata = nineToFive('Asia/Kolkata', { timeOff: [{ from: '2026-11-24', to: '2026-11-24' }] });
    // Monday 16:30 IST (11:00Z) + 60: 30 on Monday, then Tuesday is off, 30 on Wednesday from 09:00 IST (03:30Z).
    expect(iso(addWorkingMinutes(kolkata, at('2026-11-23T11:00:00Z'), 60))).toBe('2026-11-25T04:00:00.000Z');
  });

  it('counts night shifts that cross midnight, and plain time for a rep with no hours at all', () => {
    const night = compileSchedule({ timezone: 'UTC', workingHours: { 'mon-fri': ['22:00-02:00'] } });
    // Tuesday 01:00 is inside Monday's shift: 60 minutes then, the rest from Tuesday 22:00.
    expect(iso(addWorkingMinutes(night, at('2026-11-24T01:00:00Z'), 90))).toBe('2026-11-24T22:30:00.000Z');
    // Overlapping night windows are one stretch of work, also where two weeks meet.
    const overlap = compileSchedule({ timezone: 'UTC', workingHours: { 'mon-sun': ['20:00-04:00', '02:00-10:00'] } });
    expect(iso(addWorkingMinutes(overlap, at('2026-11-23T20:00:00Z'), 14 * 60 * 7))).toBe('2026-11-30T10:00:00.000Z');
    const never = compileSchedule({ timezone: 'UTC', workingHours: {} });
    expect(iso(addWorkingMinutes(never, at('2026-11-24T01:00:00Z'), 90))).toBe('2026-11-24T02:30:00.000Z');
  });
});
