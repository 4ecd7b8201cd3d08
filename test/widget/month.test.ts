import { describe, expect, it } from 'vitest';
import { addDays, firstDayOfWeek, monthGrid } from '../../widget/month.ts';

describe('month grid', () => {
  it('lays a month in weeks from the locale\'s first weekday, blank before the 1st and after the last', () => {
    // 1 March 2026 is a Sunday.
    const monday = monthGrid('2026-03', 1);
    expect(monday[0]).toEqual([null, null, null, null, null, null, '2026-03-01']);
    expect(monday.at(-1)).toEqual(['2026-03-30', '2026-03-31', null, null, null, null, null]);
    expect(monday).toHaveLength(6);
    const sunday = monthGrid('2026-03', 7);
    expect(sunday[0]![0]).toBe('2026-03-01');
    expect(sunday).toHaveLength(5);
    expect(monthGrid('2028-02', 1).flat().filter(Boolean)).toHaveLength(29); // a leap year
  });

  it('counts days across month ends, years and the DST change alike (calendar dates, not instants)', () => {
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(addDays('2026-10-24', 7)).toBe('2026-10-31');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('starts the week on Sunday in the United States and Monday in Germany', () => {
    expect(firstDayOfWeek('en-US')).toBe(7);
    expect(firstDayOfWeek('de-DE')).toBe(1);
    expect(firstDayOfWeek('not a locale')).toBe(1);
  });
});
