import { describe, expect, it } from 'vitest';
import { en } from '../../../server/i18n/en.ts';
import { CATALOGUES, readerFor } from '../../../server/i18n/reader.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the server\'s message catalogues', () => {
  it('have every English key, each with the same placeholders', () => {
    for (const [language, messages] of Object.entries(CATALOGUES)) {
      expect(Object.keys(messages).sort(), language).toEqual(Object.keys(en).sort());
      for (const [id, text] of Object.entries(en)) {
        expect(placeholders(messages[id as keyof typeof en]), `${language} ${id}`).toEqual(placeholders(text));
      }
    }
  });

  it('pick the catalogue by the config\'s rule: the language, then the organization\'s, then English', () => {
    expect(readerFor('es-MX', 'en').t('manage.move')).toBe('Cambiar mi reunión');
    expect(readerFor('pt-BR', 'fr').t('manage.move')).toBe('Déplacer mon rendez-vous');
    expect(readerFor('x'.repeat(5000), 'de-CH').t('manage.move')).toBe('Termin verschieben');
    expect(readerFor(null, 'ja').t('manage.move')).toBe('Move my meeting');
  });

  it('format dates in the reader\'s own tag even without a catalogue, as the widget does', () => {
    expect(readerFor('pt-BR', 'en')).toMatchObject({ locale: 'pt-BR', language: 'en' });
    expect(readerFor('not a tag', 'de-AT')).toMatchObject({ locale: 'de-AT', language: 'de' });
  });

  it('fill placeholders from own keys only', () => {
    const { t } = readerFor('en', 'en');
    expect(t('mail.greeting', { name: '{who}' })).toBe('Hello {who},');
    expect(t('mail.greeting', JSON.parse('{"__proto__": {"name": "x"}}'))).toBe('Hello {name},');
  });
});
