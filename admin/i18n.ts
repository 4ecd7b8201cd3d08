import { de } from './messages/de.ts';
import { en, type MessageId, type Messages } from './messages/en.ts';
import { es } from './messages/es.ts';
import { fr } from './messages/fr.ts';
import { formatLocale } from './lib/format.ts';
import { pickLanguage, translator } from './lib/i18n-core.ts';

// All four catalogues are bundled: together they cost less than a second request would.
const catalogues: Record<string, Messages> = { en, de, fr, es };

const browser = typeof navigator === 'undefined' ? undefined : navigator.language;

/** The catalogue's language, from the browser's (English when there is none for it). */
export const language = pickLanguage([browser], Object.keys(catalogues));

/** The locale dates and numbers are written in: the browser's own, even without a catalogue. */
export const locale = formatLocale(browser);

/** Every text the console shows comes through here. */
export const t = translator<MessageId>(catalogues[language]!, en);
