/**
 * How times read, the same in the widget, the emails and the manage page: one set of
 * `Intl.DateTimeFormat` options, so a locale decides the day/month order and the 12 or
 * 24 hour clock once for all three.
 */

/** A day: weekday, day and month ("Monday, November 23"; "Montag, 23. November"). */
export const DAY_OPTIONS = { weekday: 'long', day: 'numeric', month: 'long' } as const satisfies Intl.DateTimeFormatOptions;

/** A clock time; the locale chooses 12 or 24 hours ("3:00 PM"; "15:00"). */
export const TIME_OPTIONS = { hour: 'numeric', minute: '2-digit' } as const satisfies Intl.DateTimeFormatOptions;

/**
 * A meeting as emails and pages write it, away from any calendar the reader is looking
 * at: the day with its year, then the times ("Monday, November 23, 2026, 3:00 – 3:30 PM").
 */
export const SPAN_OPTIONS = { ...DAY_OPTIONS, year: 'numeric', ...TIME_OPTIONS } as const satisfies Intl.DateTimeFormatOptions;

/** Date and time formatting for one locale and zone. */
export interface DateFormats {
  /** Day heading: weekday, day and month, e.g. "Monday, 12 May". */
  day(instant: string): string;
  /** Clock time, e.g. "9:30 AM". */
  time(instant: string): string;
  /** A time range on one day, e.g. "9:30 – 10:00 AM". */
  range(start: string, end: string): string;
}

/** Formatters for `locale` in `timeZone`; `locale` must be a canonical tag. */
export function dateFormats(locale: string, timeZone: string): DateFormats {
  const day = new Intl.DateTimeFormat(locale, { timeZone, ...DAY_OPTIONS });
  const time = new Intl.DateTimeFormat(locale, { timeZone, ...TIME_OPTIONS });
  return {
    day: (instant) => day.format(new Date(instant)),
    time: (instant) => time.format(new Date(instant)),
    range: (start, end) => time.formatRange(new Date(start), new Date(end)),
  };
}
