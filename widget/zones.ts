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

/** `zone` as the picker shows it at `at` (epoch ms): its city, long generic name, local time and offset. */
export function zoneChoice(zone: string, locale: string, at: number): ZoneChoice {
  const part = (parts: Intl.DateTimeFormatPart[]) => parts.find((p) => p.type === 'timeZoneName')?.value ?? '';
  const timeParts = new Intl.DateTimeFormat(locale, { timeZone: zone, hour: 'numeric', minute: '2-digit', timeZoneName: 'longOffset' }).formatToParts(at);
  const group = part(timeParts);
  const time = timeParts.filter((p) => p.type !== 'timeZoneName').map((p) => p.value).join('').trim();
  const name = part(new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'longGeneric' }).formatToParts(at));
  const city = zone.split('/').pop()!.replace(/_/g, ' ');
  // "GMT+05:30" (or plain "GMT"): the digits give the offset.
  const [, sign, hours = '0', mins = '0'] = /([+\u2212-])(\d+):?(\d*)/.exec(group) ?? [];
  const offset = (sign === '+' ? 1 : -1) * (Number(hours) * 60 + Number(mins));
  // A zone with no name of its own (UTC) is named by its offset, already the group's heading.
  const named = name && name !== group ? name : '';
  const place = [city, named].filter(Boolean).join(' · ');
  return { id: zone, label: `${place} · ${time}`, place, offset, group, words: searchable(`${zone} ${city} ${named} ${group}`) };
}

let cached: { key: string; at: number; list: ZoneChoice[] } | undefined;

/**
 * Every zone the runtime knows, by current names, west to east and by label within an
 * offset, with `current` among them. Building it formats each of some 420 zones (tens
 * of milliseconds), so it is made when the prospect reaches for the picker, and kept
 * for a minute (the local times it shows).
 */
export function zoneChoices(current: string, locale: string, at: number): ZoneChoice[] {
  const key = `${locale} ${current}`;
  if (cached?.key === key && at - cached.at < 60_000) return cached.list;
  const ids = new Set((Intl.supportedValuesOf?.('timeZone') ?? []).map(currentZoneName));
  ids.add(current);
  const list = [...ids].map((id) => zoneChoice(id, locale, at)).sort((a, b) => a.offset - b.offset || a.label.localeCompare(b.label, locale));
  cached = { key, at, list };
  return list;
}

/** The choices whose words hold every word of `query`, with `current` always among them. */
export function searchZones(list: readonly ZoneChoice[], query: string, current: string): ZoneChoice[] {
  const words = searchable(query).split(/\s+/).filter(Boolean);
  return list.filter((choice) => choice.id === current || words.every((word) => choice.words.includes(word)));
}
