/**
 * Which local day an instant falls on in a zone, through `Intl`. Day formatters are
 * cached per zone, because grouping slots would otherwise build hundreds.
 */

const dayFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The local date of `instant` in `zone`, as `YYYY-MM-DD`: Swedish dates are ISO 8601.
 * Only equality matters for grouping; the format keeps the key usable as an id.
 */
export function localDayKey(instant: string, zone: string): string {
  let format = dayFormatters.get(zone);
  if (!format) dayFormatters.set(zone, (format = new Intl.DateTimeFormat('sv-SE', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  return format.format(new Date(instant));
}
