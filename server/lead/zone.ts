import { IANAZone } from 'luxon';

/** IANA names by lower case: a zone sent in any case is kept in its proper spelling. */
const ZONES = new Map(Intl.supportedValuesOf('timeZone').map((zone) => [zone.toLowerCase(), zone]));

/**
 * A zone a browser sent, in its proper spelling, or null when it is not a zone. Names
 * the runtime knows only as links (such as "Asia/Kolkata" where its list says
 * "Asia/Calcutta") are kept as sent when spelled properly, else given the runtime's name.
 */
export function canonicalZone(zone: string): string | null {
  const known = ZONES.get(zone.toLowerCase());
  if (known) return known;
  if (!IANAZone.isValidZone(zone)) return null;
  const properlySpelled = zone.split('/').every((part) => /^[A-Z]/.test(part));
  return properlySpelled ? zone : new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
}
