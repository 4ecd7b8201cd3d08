/**
 * The browser's zone and every zone the prospect may pick instead, through `Intl`, by
 * current names. In the scheduler's module: the first step shows no time.
 */

import { currentZoneName, isTimeZone } from '../shared/zone.ts';

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
