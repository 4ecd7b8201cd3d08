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

/**
 * Zones IANA has renamed whose old name ICU (so Chromium, Node and the `Intl` API) still
 * reports as the zone's own: a browser in Kolkata says "Asia/Calcutta". Both names mean
 * the same rules; people know the new one. A test checks this against the zone list of
 * @vvo/tzdb, so a newer list with another rename fails until it is added here.
 */
const RENAMED: Readonly<Record<string, string>> = {
  'Africa/Asmera': 'Africa/Asmara',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Catamarca': 'America/Argentina/Catamarca',
  'America/Coral_Harbour': 'America/Atikokan',
  'America/Cordoba': 'America/Argentina/Cordoba',
  'America/Godthab': 'America/Nuuk',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Jujuy': 'America/Argentina/Jujuy',
  'America/Louisville': 'America/Kentucky/Louisville',
  'America/Mendoza': 'America/Argentina/Mendoza',
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Europe/Kiev': 'Europe/Kyiv',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Truk': 'Pacific/Chuuk',
};

/** The zone's current IANA name: "Asia/Kolkata" for "Asia/Calcutta"; any other name as it is. */
export function currentZoneName(zone: string): string {
  return Object.hasOwn(RENAMED, zone) ? RENAMED[zone]! : zone;
}

let byLowerCase: Map<string, string> | null = null;

/**
 * A zone a browser sent, in its proper spelling and current name ("Asia/Kolkata" for
 * "Asia/Calcutta" or "asia/kolkata"), or null when it is not a zone. Other links the
 * runtime knows (such as "US/Eastern") are kept as sent when spelled properly.
 */
export function canonicalZone(zone: string): string | null {
  // Built on first use: the widget never calls this, and pays nothing for it.
  byLowerCase ??= new Map(Intl.supportedValuesOf('timeZone').flatMap((name) => [
    [name.toLowerCase(), currentZoneName(name)], [currentZoneName(name).toLowerCase(), currentZoneName(name)],
  ]));
  const known = byLowerCase.get(zone.toLowerCase());
  if (known) return known;
  if (!isTimeZone(zone)) return null;
  const properlySpelled = zone.split('/').every((part) => /^[A-Z]/.test(part));
  return currentZoneName(properlySpelled ? zone : new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone);
}
