import { describe, expect, it } from 'vitest';
import { dateFormats, minutes } from '../../widget/format.ts';
import { countryOptions, languageReady, loadLanguage, supportedLocale, translator, uiLanguage } from '../../widget/i18n.ts';
import { en as first, type MessageId, type Messages } from '../../widget/messages.ts';
import { later } from '../../widget/messages/en.ts';
import { laterWordsReady, loadLaterWords } from '../../widget/words.ts';

/** The whole English catalogue: the first step's words and the later steps'. */
const en: Messages = { ...first, ...later };
import de from '../../widget/messages/de.ts';
import es from '../../widget/messages/es.ts';
import fr from '../../widget/messages/fr.ts';

const catalogues: Record<string, Messages> = { de, fr, es };
import { localDayKey } from '../../widget/time.ts';

describe('widget i18n', () => {
  it('has the first step\'s English words at once, and the later steps\' once fetched', async () => {
    expect(translator('en-US')('continue')).toBe('Continue');
    expect(laterWordsReady('en-US')).toBe(false);
    expect(translator('en-US')('book')).toBe('');
    await loadLaterWords('en-US');
    expect(laterWordsReady('en-GB')).toBe(true);
    expect(translator('en-US')('book')).toBe('Book');
    // The two halves share no key, so neither overrides the other.
    expect(Object.keys(first).filter((id) => Object.hasOwn(later, id))).toEqual([]);
  });

  it('fills placeholders and falls back to English for an unknown language', () => {
    expect(translator('pt-BR')('withHost', { name: 'Ana Souza' })).toBe('With Ana Souza');
    expect(uiLanguage('pt-BR')).toBe('en');
  });

  it('is English until a language\'s catalogue is fetched, and only that one is', async () => {
    expect(languageReady('en-GB')).toBe(true);
    expect(languageReady('pt-BR')).toBe(true);
    expect(languageReady('es-MX')).toBe(false);
    expect(translator('es-MX')('book')).toBe('Book');
    await loadLanguage('es-MX');
    expect(languageReady('es')).toBe(true);
    expect(languageReady('fr')).toBe(false);
  });

  it('speaks German, French and Spanish for any region of those languages', async () => {
    await Promise.all(['de', 'fr', 'es'].map(loadLanguage));
    expect(uiLanguage('de-AT')).toBe('de');
    expect(translator('de-CH')('bookedTitle')).toBe('Ihr Termin ist gebucht');
    expect(translator('fr-CA')('withHost', { name: 'Bo' })).toBe('Avec Bo');
    expect(translator('es-MX')('book')).toBe('Reservar');
  });

  it('has every message in every language, none left empty or in English by mistake', () => {
    const ids = Object.keys(en) as MessageId[];
    for (const language of ['de', 'fr', 'es']) {
      const messages = catalogues[language]!;
      expect(Object.keys(messages).sort()).toEqual([...ids].sort());
      for (const id of ids) expect(messages[id].trim()).not.toBe('');
      // Placeholders survive translation.
      for (const id of ids) expect(messages[id].match(/\{\w+\}/g) ?? []).toEqual(en[id].match(/\{\w+\}/g) ?? []);
    }
    expect(translator('de')('continue')).not.toBe(en.continue);
  });

  it('formats German dates and durations the German way', () => {
    const format = dateFormats('de-DE', 'Europe/Berlin');
    expect(format.day('2026-03-03T09:00:00Z')).toBe('Dienstag, 3. März');
    expect(format.range('2026-03-03T09:00:00Z', '2026-03-03T09:30:00Z').replace(/\s/g, ' ')).toBe('10:00–10:30 Uhr');
    expect(minutes('de-DE', 30)).toBe('30 Min.');
    expect(minutes('en-US', 30)).toBe('30 min');
  });

  it('accepts a malformed browser locale as English', () => {
    expect(supportedLocale('not a locale!')).toBe('en');
    expect(supportedLocale('de-de')).toBe('de-DE');
  });

  it('names countries in the prospect language and sorts them by that name', () => {
    expect(countryOptions(['DE', 'AT', 'ES'], 'de')).toEqual([
      { value: 'DE', label: 'Deutschland' },
      { value: 'AT', label: 'Österreich' },
      { value: 'ES', label: 'Spanien' },
    ]);
  });

  it('formats day headings and times in the given zone, not UTC', () => {
    const format = dateFormats('en-US', 'Asia/Kolkata');
    expect(format.day('2026-03-03T23:30:00Z')).toBe('Wednesday, March 4');
    expect(format.time('2026-03-03T23:30:00Z').replace(/\s/g, ' ')).toBe('5:00 AM');
    expect(localDayKey('2026-03-03T23:30:00Z', 'Asia/Kolkata')).toBe('2026-03-04');
  });
});
