/**
 * Zone arithmetic the widget needs without a date library: which local calendar day an
 * instant falls on in a given IANA zone. Formatters are cached per zone because grouping
 * a fortnight of slots would otherwise build hundreds of them.
 */

const dayFormatters = new Map<string, Intl.DateTimeFormat>();

/** Whether the runtime knows `zone` as an IANA time zone. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The local date of `instant` in `zone`, as `YYYY-MM-DD`. */
export function localDayKey(instant: string, zone: string): string {
  let format = dayFormatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormatters.set(zone, format);
  }
  const parts = format.formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}
