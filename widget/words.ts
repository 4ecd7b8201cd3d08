import { catalogues, loadLanguage, uiLanguage } from './i18n.ts';

/**
 * The words of the steps after the questions, in the scheduler's module. English
 * readers fetch English's second half (`messages/en.ts`); readers of another language
 * have them in their own catalogue, fetched at the start.
 */

/**
 * Whether the catalogue `locale` is shown in has the later steps' words: a catalogue
 * comes whole, so one of them stands for all. Read in a render, it renders again once
 * they are here.
 */
export function laterWordsReady(locale: string): boolean {
  const at = catalogues.value;
  return Object.hasOwn(at[uiLanguage(locale)] ?? {}, 'book') || Object.hasOwn(at.en!, 'book');
}

let englishRest: Promise<void> | null = null;

/**
 * Fetches the later steps' words for `locale`, unless the reader's own catalogue came
 * and has them. Rejects when the fetch fails; it may be tried again.
 */
export async function loadLaterWords(locale: string): Promise<void> {
  await loadLanguage(locale);
  if (laterWordsReady(locale)) return;
  englishRest ??= import('./messages/en.ts').then(({ later }) => {
    catalogues.value = { ...catalogues.peek(), en: { ...catalogues.peek().en!, ...later } };
  }, (error: unknown) => {
    englishRest = null;
    throw error;
  });
  await englishRest;
}
