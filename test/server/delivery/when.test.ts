import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { formatSpan } from '../../../server/delivery/when.ts';

// The text luxon wrote before: the reference for what readers see.
function byLuxon(start: number, end: number, zone: string): string {
  const from = DateTime.fromMillis(start, { zone });
  const to = DateTime.fromMillis(end, { zone });
  return `${from.toFormat('cccc d LLLL yyyy, HH:mm')}–${to.toFormat(from.hasSame(to, 'day') ? 'HH:mm' : 'cccc d LLLL, HH:mm')} (${zone})`;
}

const ZONES = ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Chatham', 'UTC', 'America/St_Johns'];

describe('formatSpan', () => {
  it('writes the reader\'s wall clock, naming the end\'s day only when it differs', () => {
    // zones: Europe/Berlin (UTC+1 in November), Asia/Kolkata (UTC+5:30)
    const start = Date.parse('2026-11-23T14:00:00Z');
    expect(formatSpan(start, start + 1_800_000, 'Europe/Berlin')).toBe('Monday 23 November 2026, 15:00–15:30 (Europe/Berlin)');
    expect(formatSpan(Date.parse('2026-11-23T18:00:00Z'), Date.parse('2026-11-23T18:45:00Z'), 'Asia/Kolkata'))
      .toBe('Monday 23 November 2026, 23:30–Tuesday 24 November, 00:15 (Asia/Kolkata)');
  });

  it('agrees with luxon everywhere, across DST changes and odd offsets', () => {
    fc.assert(fc.property(
      fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2028-12-31T00:00:00Z') }),
      fc.integer({ min: 5, max: 24 * 60 }),
      fc.constantFrom(...ZONES),
      (start, minutes, zone) => {
        const at = start - (start % 60_000);
        expect(formatSpan(at, at + minutes * 60_000, zone)).toBe(byLuxon(at, at + minutes * 60_000, zone));
      },
    ), { numRuns: 2000 });
  });
});
