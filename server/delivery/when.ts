import { SPAN_OPTIONS } from '../../shared/format.ts';

/**
 * Meeting times as emails and the manage page write them, on the reader's wall clock
 * and in their locale, with the widget's options (shared/format.ts):
 * "Monday, November 23, 2026, 3:00 – 3:30 PM (Europe/Berlin)",
 * "Montag, 23. November 2026, 15:00–15:30 Uhr (Europe/Berlin)". One formatter is kept
 * per locale and zone: a booking writes several of these, and making a formatter costs
 * far more than using one.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();
/** Locales come from prospects, so the cache is bounded; a full one starts over. */
const MAX_FORMATTERS = 500;

function formatterOf(locale: string, zone: string): Intl.DateTimeFormat {
  const key = `${locale} ${zone}`;
  let format = formatters.get(key);
  if (format === undefined) {
    if (formatters.size >= MAX_FORMATTERS) formatters.clear();
    format = new Intl.DateTimeFormat(locale, { timeZone: zone, ...SPAN_OPTIONS });
    formatters.set(key, format);
  }
  return format;
}

/**
 * The meeting's day, year and times with the zone named; Intl names the end's day only
 * when it differs. `locale` is a canonical tag (an unknown one formats as English).
 */
export function formatSpan(start: number, end: number, zone: string, locale = 'en'): string {
  return `${formatterOf(locale, zone).formatRange(start, end)} (${zone})`;
}
