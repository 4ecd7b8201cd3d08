/**
 * Time zones without a date library, through `Intl`: the browser's zone, every zone the
 * prospect may pick instead, and which local day an instant falls on in one. Day
 * formatters are cached per zone, because grouping slots would otherwise build hundreds.
 */

import { currentZoneName, isTimeZone } from '../shared/zone.ts';

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

/** The browser's IANA zone by its current name (Chromium says "Asia/Calcutta"), or UTC when it reports none the runtime knows. */
export function browserZone(): string {
  try {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    return zone && isTimeZone(zone) ? currentZoneName(zone) : 'UTC';
  } catch {
    return 'UTC';
  }
}

/** Every IANA zone the runtime knows, by current names, with `current` first when the list lacks it (UTC). */
export function timeZones(current: string): string[] {
  const zones = (Intl.supportedValuesOf?.('timeZone') ?? []).map(currentZoneName);
  return zones.includes(current) ? zones : [current, ...zones];
}
