import { canonicalLocale, localize, pickLocale, type LocalizedText } from '../../shared/locale.ts';
import { de } from './de.ts';
import { en, type MessageId, type Messages } from './en.ts';
import { es } from './es.ts';
import { fr } from './fr.ts';

export type { MessageId, Messages } from './en.ts';

/** The server's catalogues; a locale without one reads the organization's, else English. */
export const CATALOGUES: Readonly<Record<string, Messages>> = { en, de, fr, es };
const LANGUAGES = Object.keys(CATALOGUES);

export type Translate = (id: MessageId, values?: Readonly<Record<string, string | number>>) => string;

/**
 * Everything one reader needs to be written to in their language: the fixed texts, the
 * config's texts (`text`) and the tag dates are formatted in (`locale`). Built from what
 * they asked for (`lead.locale`, `?locale=`, the organization's locale for reps) and the
 * organization's locale, by the one rule of shared/locale.ts.
 */
export type Reader = {
  /** Canonical tag for `Intl` (the reader's own, even without a catalogue, as the widget does). */
  locale: string;
  /** The catalogue's language, e.g. for `<html lang>`. */
  language: string;
  t: Translate;
  text: (text: LocalizedText) => string;
};

export function readerFor(wanted: string | null | undefined, organizationLocale: string): Reader {
  const language = pickLocale(LANGUAGES, wanted, organizationLocale);
  const messages = CATALOGUES[language]!;
  return {
    locale: canonicalLocale(wanted) ?? canonicalLocale(organizationLocale) ?? 'en',
    language,
    t: (id, values) => messages[id].replace(/\{(\w+)\}/g, (match, name: string) =>
      values && Object.hasOwn(values, name) ? String(values[name]) : match),
    text: (text) => localize(text, wanted, organizationLocale),
  };
}
