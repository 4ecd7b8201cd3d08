/**
 * The browser's zone and every zone the prospect may pick instead, through `Intl`, by
 * current names and as people read them. In the scheduler's module: the first step
 * shows no time.
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

/** A zone as the picker shows it. */
export interface ZoneChoice {
  /** The current IANA name, what is sent. */
  id: string;
  /** "Kolkata · India Standard Time · 8:17 PM", in the prospect's locale. */
  label: string;
  /** The same without the local time: "Kolkata · India Standard Time". */
  place: string;
  /** The offset from UTC at that instant, in minutes, and as the group's heading ("GMT+05:30"). */
  offset: number;
  group: string;
  /** Lower-case letters of the id, city, name and offset, for the search. */
  words: string;
}

/** Lower case without accents, so "sao" finds "São Paulo". */
export const searchable = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

const zoneName = (parts: Intl.DateTimeFormatPart[]) => parts.find((p) => p.type === 'timeZoneName')?.value ?? '';

/** `zone` as the picker shows it at `at` (epoch ms): its city, long generic name, local time and offset. */
export function zoneChoice(zone: string, locale: string, at: number): ZoneChoice {
  const parts = new Intl.DateTimeFormat(locale, { timeZone: zone, hour: 'numeric', minute: '2-digit', timeZoneName: 'longGeneric' }).formatToParts(at);
  // The time without the name (some locales put the name in brackets after it).
  const time = parts.filter((p) => p.type !== 'timeZoneName').map((p) => p.value).join('').replace(/\(\s*\)/g, '').trim();
  // The offset in one notation whatever the reader's locale ("GMT+05:30", or "GMT"):
  // others write "UTC+05.30", en dashes or their own digits.
  const group = zoneName(new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }).formatToParts(at));
  const [, sign, hours = '0', mins = '0'] = /([+-])(\d+):?(\d*)/.exec(group) ?? [];
  const offset = (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(mins));
  const city = zone.split('/').pop()!.replace(/_/g, ' ');
  // A zone with no name of its own (UTC) is named by its offset, already the group's heading.
  const name = zoneName(parts);
  const named = name && !/^(GMT|UTC)([+\u2212-]|$)/.test(name) ? name : '';
  const place = [city, named].filter(Boolean).join(' · ');
  return { id: zone, label: `${place} · ${time}`, place, offset, group, words: searchable(`${zone} ${city} ${named} ${group}`) };
}

let cached: { locale: string; at: number; list: ZoneChoice[] } | undefined;

/**
 * Every zone the runtime knows, by current names, west to east and by label within an
 * offset, with `current` among them (the runtime's list lacks UTC). Building it formats
 * each of some 420 zones (tens of milliseconds), so it is made when the prospect reaches
 * for the picker, and kept for a minute (the local times it shows) whichever zone is
 * chosen meanwhile.
 */
export function zoneChoices(current: string, locale: string, at: number): ZoneChoice[] {
  if (cached?.locale !== locale || at - cached.at >= 60_000) {
    const ids = new Set((Intl.supportedValuesOf?.('timeZone') ?? []).map(currentZoneName));
    const list = [...ids].map((id) => zoneChoice(id, locale, at)).sort((a, b) => a.offset - b.offset || a.label.localeCompare(b.label, locale));
    cached = { locale, at, list };
  }
  const { list } = cached;
  if (list.some((choice) => choice.id === current)) return list;
  const choice = zoneChoice(current, locale, at);
  const place = list.findIndex((other) => other.offset > choice.offset);
  return place < 0 ? [...list, choice] : [...list.slice(0, place), choice, ...list.slice(place)];
}

/**
 * The zone Enter takes for `query`: of the matches other than `current`, first one whose
 * city or name has it as a whole word, then one whose city starts with it, then any,
 * each west to east ("india" is India Standard Time before Indianapolis).
 */
export function bestZone(list: readonly ZoneChoice[], query: string, current: string): ZoneChoice | undefined {
  const wanted = searchable(query).trim();
  if (!wanted) return undefined;
  const found = searchZones(list, wanted, current).filter((choice) => choice.id !== current);
  const city = (choice: ZoneChoice) => searchable(choice.place.split(' · ')[0]!).startsWith(wanted);
  const word = (choice: ZoneChoice) => ` ${searchable(choice.place)} `.replace(/[^\p{L}\p{N}+:-]+/gu, ' ').includes(` ${wanted} `);
  return found.find(word) ?? found.find(city) ?? found[0];
}

/** The choices whose words hold every word of `query`, with `current` always among them. */
export function searchZones(list: readonly ZoneChoice[], query: string, current: string): ZoneChoice[] {
  const words = searchable(query).split(/\s+/).filter(Boolean);
  return list.filter((choice) => choice.id === current || words.every((word) => choice.words.includes(word)));
}
