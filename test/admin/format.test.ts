import { describe, expect, it } from 'vitest';
import { addDays, CSV_LIMIT, csvProblem, formatLocale, formats, todayIn } from '../../admin/lib/format.ts';

describe('number formatting', () => {
  it('shows the API\'s shares exactly, as percentages with up to two decimals', () => {
    const f = formats('en', 'UTC');
    expect(f.percent(0.3333)).toBe('33.33%');
    expect(f.percent(0.5)).toBe('50%');
    expect(f.percent(0)).toBe('0%');
    expect(f.decimal(4, 1)).toBe('4.0');
    expect(formats('de', 'UTC').percent(0.125)).toBe('12,5\u00a0%');
  });
});

describe('dates in the organization\'s zone', () => {
  it('writes an instant on the zone\'s wall clock', () => {
    const instant = '2026-03-02T23:30:00.000Z';
    expect(formats('en-US', 'UTC').dateTime(instant)).toBe('Mar 2, 2026, 11:30 PM');
    expect(formats('en-US', 'Europe/Berlin').dateTime(instant)).toBe('Mar 3, 2026, 12:30 AM');
    expect(formats('en-US', 'UTC').dateTime(null)).toBe('—');
  });

  it('falls back to UTC for a zone Intl does not know, and to English for a bad locale', () => {
    expect(formats('en-US', 'Mars/Olympus').day('2026-03-02T23:30:00.000Z')).toBe('Mar 2, 2026');
    expect(formatLocale('not a tag!')).toBe('en');
    expect(formatLocale('de-at')).toBe('de-AT');
    expect(formatLocale(undefined)).toBe('en');
  });

  it('knows today\'s date in the zone, and moves dates across months', () => {
    const now = Date.parse('2026-03-02T23:30:00Z');
    expect(todayIn('UTC', now)).toBe('2026-03-02');
    expect(todayIn('Asia/Tokyo', now)).toBe('2026-03-03');
    expect(todayIn('America/Los_Angeles', now)).toBe('2026-03-02');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});

describe('CSV upload check', () => {
  it('refuses an empty file and one over the API\'s 64 KB before sending', () => {
    expect(csvProblem({ size: 0 })).toBe('empty');
    expect(csvProblem({ size: CSV_LIMIT + 1 })).toBe('tooLarge');
    expect(csvProblem({ size: CSV_LIMIT })).toBeNull();
  });
});
