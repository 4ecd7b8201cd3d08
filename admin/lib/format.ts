/** A canonical BCP 47 tag for `Intl`, or `en` when the browser gives none or a malformed one. */
export function formatLocale(tag: string | null | undefined): string {
  try {
    return (tag && Intl.getCanonicalLocales(tag)[0]) || 'en';
  } catch {
    return 'en';
  }
}

/** `zone` when `Intl` knows it; UTC otherwise, so a bad zone never blanks the console. */
function knownZone(zone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return 'UTC';
  }
}

/** Dates and numbers as the console writes them: one locale, the organization's zone. */
export type Formats = {
  /** Day and time, e.g. "Mar 3, 2026, 2:05 PM"; "—" for none. */
  dateTime(instant: string | null): string;
  /** The day alone, e.g. "Mar 3, 2026". */
  day(instant: string): string;
  /** A fraction as a percentage with at most two decimals: the API's shares (rounded to 4 places) exactly. */
  percent(fraction: number): string;
  /** A number with exactly `digits` decimals. */
  decimal(value: number, digits: number): string;
};

/** The formatters for `locale` in `zone`. */
export function formats(locale: string, zone: string): Formats {
  const timeZone = knownZone(zone);
  const dateTime = new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'medium', timeStyle: 'short' });
  const day = new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'medium' });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 });
  return {
    dateTime: (instant) => (instant === null ? '—' : dateTime.format(new Date(instant))),
    day: (instant) => day.format(new Date(instant)),
    percent: (fraction) => percent.format(fraction),
    decimal: (value, digits) => new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value),
  };
}

/** Today's date (`YYYY-MM-DD`) on the wall clock of `zone`, the form `<input type=date>` and the API use. */
export function todayIn(zone: string, now: number): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: knownZone(zone), year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** `date` moved by `days` calendar days (no zone involved: dates are wall-clock days). */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year!, month! - 1, day! + days)).toISOString().slice(0, 10);
}

/** The largest CSV `POST /api/admin/simulate` accepts; larger files go through `usher simulate`. */
export const CSV_LIMIT = 64 * 1024;

/** Why a file cannot be simulated before it is even sent, or null when it can. */
export function csvProblem(file: { size: number }): 'empty' | 'tooLarge' | null {
  if (file.size === 0) return 'empty';
  return file.size > CSV_LIMIT ? 'tooLarge' : null;
}
