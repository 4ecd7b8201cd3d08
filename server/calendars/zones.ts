import { IANAZone } from 'luxon';
import { findIana, WINDOWS_TO_IANA_MAP } from 'windows-iana';
import { zoneClock } from '../availability/zoned-time.ts';

/**
 * Time zones named by calendar files. A TZID is only a label: feeds write IANA names,
 * Windows names ("W. Europe Standard Time"), Outlook display names, or vendor paths
 * ("/mozilla.org/20050126_1/America/New_York"). We map a label to an IANA zone only when
 * the mapping is certain, because a wrong zone (or an invented fixed offset) moves every
 * occurrence of a recurring meeting by an hour across a DST change. When we are not
 * sure we answer null, and the caller falls back to the file's VTIMEZONE or the rep's zone.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const MAX_CACHED = 1_000;

// Regions that prefix IANA city names, for Outlook display names that list cities.
const REGIONS = ['Europe', 'America', 'Asia', 'Africa', 'Australia', 'Pacific', 'Atlantic', 'Indian', 'Antarctica', 'America/Argentina', 'America/Indiana', 'America/Kentucky'];

// Standard offsets are read on fixed dates, so answers never depend on today's date.
const JANUARY = Date.UTC(2026, 0, 15, 12);
const JULY = Date.UTC(2026, 6, 15, 12);

const resolved = new Map<string, string | null>();
let windowsByLowerName: Map<string, string> | null = null;

/**
 * The IANA zone a calendar TZID stands for, or null when it cannot be known for sure.
 * Accepts IANA names (any case), Windows zone names (mapped with `windows-iana`, first
 * answer), Outlook display names such as "(UTC+01:00) Amsterdam, Berlin, Bern, Rome,
 * Stockholm, Vienna" (a listed city whose zone has that standard offset), and vendor
 * paths with a leading "/". Surrounding quotes and spaces are ignored.
 */
export function resolveTzid(tzid: string): string | null {
  if (typeof tzid !== 'string') return null;
  const cached = resolved.get(tzid);
  if (cached !== undefined) return cached;
  const answer = resolveUncached(tzid);
  // Hostile feeds can carry any number of distinct labels; keep the memo bounded.
  if (resolved.size >= MAX_CACHED) resolved.clear();
  resolved.set(tzid, answer);
  return answer;
}

/** True when `name` is an IANA zone this runtime knows. */
export function isIanaZone(name: string): boolean {
  return typeof name === 'string' && name.trim() !== '' && IANAZone.isValidZone(name);
}

/**
 * The instant (epoch ms) at which the clock in IANA zone `zone` reads `wall` (that local
 * date and time written as if it were UTC, in ms). RFC 5545 §3.3.5: a local time that
 * happens twice (fall back) means its first occurrence; one that does not exist (spring
 * forward) is read with the offset in force before the gap, so 02:30 on the New York
 * spring-forward day is 03:30 EDT. luxon's own `fromObject` picks between the two
 * readings of an ambiguous time from today's offset, so we decide here instead.
 */
export function instantOfWallClock(wall: number, zone: string): number {
  const clock = zoneClock(zone);
  // Every instant showing `wall` lies within 14 hours before and 12 after it (offsets
  // span UTC-12 to UTC+14), so the offsets just outside that range are the candidates.
  const before = clock.offsetAt(wall - 15 * HOUR);
  const after = clock.offsetAt(wall + 13 * HOUR);
  const early = wall - before * MINUTE;
  if (before === after) return early;
  const late = wall - after * MINUTE;
  const earlyFits = clock.offsetAt(early) === before;
  const lateFits = clock.offsetAt(late) === after;
  if (earlyFits && lateFits) return Math.min(early, late);
  if (lateFits && !earlyFits) return late;
  // Either the early reading is the only one, or neither exists (a gap): the offset
  // before the change applies in both cases.
  return early;
}

function resolveUncached(raw: string): string | null {
  const name = raw.trim().replace(/^"(.*)"$/s, '$1').trim();
  if (name === '' || name.length > 200) return null;
  return ianaName(name) ?? windowsName(name) ?? outlookDisplayName(name) ?? vendorPath(name);
}

/** The name itself if it is an IANA zone, in the runtime's spelling when only the case differs. */
function ianaName(name: string): string | null {
  if (!isIanaZone(name)) return null;
  const canonical = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  // Intl also swaps links for their targets (Asia/Kolkata → Asia/Calcutta); keep the
  // name as written then, it is just as valid and easier to recognise.
  return canonical.toLowerCase() === name.toLowerCase() ? canonical : name;
}

function windowsName(name: string): string | null {
  const exact = findIana(name)[0];
  const answer = exact ?? windowsLookup().get(name.toLowerCase());
  return answer !== undefined && isIanaZone(answer) ? answer : null;
}

/** Windows names in lower case → the first IANA zone of their worldwide ("001") entry. */
function windowsLookup(): Map<string, string> {
  if (windowsByLowerName) return windowsByLowerName;
  windowsByLowerName = new Map();
  for (const entry of WINDOWS_TO_IANA_MAP) {
    const first = entry.iana[0];
    if (entry.territory === '001' && first !== undefined) windowsByLowerName.set(entry.windowsName.toLowerCase(), first);
  }
  return windowsByLowerName;
}

/**
 * "(UTC+05:30) Chennai, Kolkata, Mumbai, New Delhi" → Asia/Kolkata. The city must name an
 * IANA zone whose standard offset is the one in brackets; a label whose cities we cannot
 * place (e.g. "Eastern Time (US & Canada)") gives null rather than a guess.
 */
function outlookDisplayName(name: string): string | null {
  const match = /^\((?:UTC|GMT)\s*(?:([+-])\s*(\d{1,2})(?:[:.]?(\d{2}))?)?\)\s*(.+)$/i.exec(name);
  if (!match) return null;
  const [, sign, hours = '0', minutes = '0', cities = ''] = match;
  const offset = (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes));
  for (const city of cities.split(/\s*[,/;]\s*|\s+and\s+/i)) {
    const place = city.replace(/\(.*?\)/g, '').trim().replace(/\s+/g, '_');
    if (!/^[A-Za-z_'-]+$/.test(place)) continue;
    for (const region of REGIONS) {
      const candidate = `${region}/${place}`;
      if (isIanaZone(candidate) && standardOffset(candidate) === offset) return candidate;
    }
  }
  return null;
}

/** The zone's winter offset in minutes: the smaller of its January and July offsets. */
function standardOffset(zone: string): number {
  const clock = zoneClock(zone);
  return Math.min(clock.offsetAt(JANUARY), clock.offsetAt(JULY));
}

/** "/mozilla.org/20050126_1/America/New_York" → America/New_York (the longest IANA tail). */
function vendorPath(name: string): string | null {
  if (!name.startsWith('/')) return null;
  const parts = name.split('/').filter((part) => part !== '');
  for (let i = 0; i < parts.length; i++) {
    const tail = ianaName(parts.slice(i).join('/'));
    if (tail) return tail;
  }
  return null;
}
