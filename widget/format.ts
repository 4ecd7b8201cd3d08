/**
 * Times and durations for the steps after the questions, through `Intl`. Times use the
 * options the server's emails and pages use too (`shared/format.ts`), so one locale
 * reads the same everywhere.
 */
export { dateFormats, type DateFormats } from '../shared/format.ts';

/** A duration in minutes, e.g. "30 min" or "30 Min.". */
export function minutes(locale: string, n: number): string {
  return new Intl.NumberFormat(locale, { style: 'unit', unit: 'minute' }).format(n);
}
