import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatSpan } from '../../../server/delivery/when.ts';
import { dateFormats } from '../../../shared/format.ts';

const ZONES = ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Chatham', 'UTC', 'America/St_Johns'];
/** Intl spaces its ranges with thin and narrow no-break spaces; the tests read them as spaces. */
const plain = (text: string) => text.replace(/[\u2009\u202f]/g, ' ');
const iso = (instant: number) => new Date(instant).toISOString();

describe('formatSpan', () => {
  it('writes the reader\'s wall clock in their locale, naming the end\'s day only when it differs', () => {
    // zones: Europe/Berlin (UTC+1 in November), Asia/Kolkata (UTC+5:30)
    const start = Date.parse('2026-11-23T14:00:00Z');
    expect(plain(formatSpan(start, start + 1_800_000, 'Europe/Berlin'))).toBe('Monday, November 23, 2026, 3:00 – 3:30 PM (Europe/Berlin)');
    expect(formatSpan(start, start + 1_800_000, 'Europe/Berlin', 'de')).toBe('Montag, 23. November 2026, 15:00–15:30 Uhr (Europe/Berlin)');
    expect(plain(formatSpan(Date.parse('2026-11-23T18:00:00Z'), Date.parse('2026-11-23T18:45:00Z'), 'Asia/Kolkata', 'de')))
      .toBe('Montag, 23. November 2026 um 23:30 – Dienstag, 24. November 2026 um 00:15 (Asia/Kolkata)');
  });

  it('reads as the widget reads the same locale: its day heading and its times, across DST changes and odd offsets', () => {
    fc.assert(fc.property(
      fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2028-12-31T00:00:00Z') }),
      fc.integer({ min: 5, max: 24 * 60 }),
      fc.constantFrom(...ZONES),
      fc.constantFrom('en', 'en-US', 'de', 'de-AT', 'fr', 'fr-CA', 'es', 'es-MX'),
      (at, minutes, zone, locale) => {
        const start = at - (at % 60_000);
        const end = start + minutes * 60_000;
        const widget = dateFormats(locale, zone);
        const span = formatSpan(start, end, zone, locale);
        expect(span).toContain(widget.day(iso(start)));
        if (widget.day(iso(start)) === widget.day(iso(end))) expect(span).toContain(widget.range(iso(start), iso(end)));
        else expect(span).toContain(widget.day(iso(end)));
      },
    ), { numRuns: 2000 });
  });
});
