/**
 * Texts by locale and the one rule that picks a text for a reader (SPEC §2, "Texts by
 * locale"). Used by the server for every page, email and API answer, and small enough
 * for the widget: no zod, no Intl data beyond tag canonicalisation.
 */

/** A prospect-facing text: one string for every locale, or a map by BCP 47 tag. */
export type LocalizedText = string | Readonly<Record<string, string>>;

/** The longest tag the API accepts (and the `leads.locale` column holds). */
export const LOCALE_MAX_LENGTH = 35;

/** `tag` in canonical form (`de-at` → `de-AT`), or null when it is not a BCP 47 tag. */
export function canonicalLocale(tag: string | null | undefined): string | null {
  if (typeof tag !== 'string' || tag === '' || tag.length > LOCALE_MAX_LENGTH) return null;
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    return canonical ?? null;
  } catch {
    return null;
  }
}

/** The language subtag of a canonical tag: `de-AT` → `de`. */
export function languageOf(tag: string): string {
  return tag.split('-')[0]!.toLowerCase();
}

/**
 * Which of `available` (canonical tags) a reader who wants `wanted` gets:
 * 1. the exact tag (`de-AT`), 2. its language (`de`), 3. `fallback` (the organization's
 * locale) exactly, then its language, 4. `en`, 5. the first one. A malformed or missing
 * `wanted` starts at step 3, so an unknown locale is never an error.
 */
export function pickLocale(available: readonly string[], wanted: string | null | undefined, fallback = 'en'): string {
  const keys = new Map(available.map((key) => [key.toLowerCase(), key]));
  const tries: string[] = [];
  for (const tag of [canonicalLocale(wanted), canonicalLocale(fallback)]) {
    if (tag !== null) tries.push(tag, languageOf(tag));
  }
  tries.push('en');
  for (const tag of tries) {
    const key = keys.get(tag.toLowerCase());
    if (key !== undefined) return key;
  }
  return available[0]!;
}

/** The text a reader who wants `wanted` sees; `fallback` is the organization's locale. */
export function localize(text: LocalizedText, wanted: string | null | undefined, fallback = 'en'): string {
  if (typeof text === 'string') return text;
  const keys = Object.keys(text);
  if (keys.length === 0) return '';
  return text[pickLocale(keys, wanted, fallback)]!;
}

/** Every locale a text is given in; a plain string is in none (it stands for all). */
export function localesOf(text: LocalizedText | undefined): string[] {
  return text === undefined || typeof text === 'string' ? [] : Object.keys(text);
}
