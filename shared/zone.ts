/**
 * Time-zone names, through `Intl` alone so the widget and the server agree: the one
 * check of whether a name is a zone, and its proper spelling.
 */

/** Whether the runtime knows `zone` as a time zone. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Zone names as written in a config: a region/city name or UTC, never "EST" or "+02:00". */
export function isIanaZoneName(zone: string): boolean {
  return isTimeZone(zone) && (zone.includes('/') || zone === 'UTC');
}

let byLowerCase: Map<string, string> | null = null;

/**
 * A zone a browser sent, in its proper spelling, or null when it is not a zone. Names
 * the runtime knows only as links (such as "Asia/Kolkata" where its list says
 * "Asia/Calcutta") are kept as sent when spelled properly, else given the runtime's name.
 */
export function canonicalZone(zone: string): string | null {
  // Built on first use: the widget never calls this, and pays nothing for it.
  byLowerCase ??= new Map(Intl.supportedValuesOf('timeZone').map((name) => [name.toLowerCase(), name]));
  const known = byLowerCase.get(zone.toLowerCase());
  if (known) return known;
  if (!isTimeZone(zone)) return null;
  const properlySpelled = zone.split('/').every((part) => /^[A-Z]/.test(part));
  return properlySpelled ? zone : new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
}
