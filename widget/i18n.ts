import { signal } from '@preact/signals';
import { en, otherCatalogues, type MessageId, type Messages } from './messages.ts';

/**
 * The prospect's language and `Intl` formatting in their zone and locale. Messages live
 * in `messages.ts`; `translator` picks the closest catalogue for a locale.
 */

export type { MessageId };
/** Looks up a message and fills its `{name}` placeholders. */
export type Translate = (id: MessageId, values?: Record<string, string | number>) => string;

/**
 * The browser's BCP 47 tag in canonical form, or English when it is malformed or longer
 * than the API accepts. Dates and country names use it even where no catalogue exists.
 */
export function supportedLocale(locale: string): string {
  try {
    const [canonical] = Intl.getCanonicalLocales(locale);
    return canonical && canonical.length <= 35 ? canonical : 'en';
  } catch {
    return 'en';
  }
}

/**
 * The catalogues at hand: English always (the first step's words, and the later steps'
 * once `words.ts` adds them), the others once fetched (`loadLanguage`).
 */
export const catalogues = signal<Readonly<Record<string, Messages>>>({ en: en as Messages });

/** The catalogue `locale` is shown in: its language's, else English. */
export function uiLanguage(locale: string): string {
  const language = locale.split('-')[0]!.toLowerCase();
  return Object.hasOwn(otherCatalogues, language) ? language : 'en';
}

/** Fetches the catalogue `locale` is shown in; it stays English where that fails. */
export async function loadLanguage(locale: string): Promise<void> {
  const language = uiLanguage(locale);
  if (catalogues.peek()[language]) return;
  let messages = catalogues.peek().en!;
  try {
    messages = (await otherCatalogues[language]!()).default;
  } catch {
    // English it is
  }
  catalogues.value = { ...catalogues.peek(), [language]: messages };
}

/** Whether `locale`'s catalogue is here; read in a render, it renders again once it is. */
export function languageReady(locale: string): boolean {
  return !!catalogues.value[uiLanguage(locale)];
}

/** A translator for `locale`, in the catalogue `uiLanguage` picks (English until that one is here). */
export function translator(locale: string): Translate {
  const at = catalogues.value;
  const messages = at[uiLanguage(locale)] ?? at.en!;
  return (id, values) =>
    (messages[id] ?? at.en![id] ?? '').replace(/\{(\w+)\}/g, (match, name: string) => String(values?.[name] ?? match));
}

const countries = new Map<string, { value: string; label: string }[]>();

/**
 * Country select options from ISO 3166-1 alpha-2 codes, named and sorted for `locale`.
 * Cached: the questions re-render on every keystroke.
 */
export function countryOptions(codes: readonly string[], locale: string): { value: string; label: string }[] {
  const key = `${locale}:${codes.join()}`;
  let options = countries.get(key);
  if (!options) {
    const names = new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' });
    const name = (code: string) => {
      try {
        return names.of(code)!;
      } catch {
        return code; // not a well-formed code
      }
    };
    const collator = new Intl.Collator(locale);
    options = codes.map((code) => ({ value: code, label: name(code) })).sort((a, b) => collator.compare(a.label, b.label));
    countries.set(key, options);
  }
  return options;
}
