import { describe, expect, it } from 'vitest';
import { de } from '../../admin/messages/de.ts';
import { en } from '../../admin/messages/en.ts';
import { es } from '../../admin/messages/es.ts';
import { fr } from '../../admin/messages/fr.ts';
import { fill, pickLanguage, translator } from '../../admin/lib/i18n-core.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('language choice', () => {
  const available = ['en', 'de', 'fr', 'es'];
  it('uses the browser language\'s catalogue, regional variants included', () => {
    expect(pickLanguage(['de-AT'], available)).toBe('de');
    expect(pickLanguage(['fr'], available)).toBe('fr');
    expect(pickLanguage(['ES-mx'], available)).toBe('es');
  });

  it('falls back to English for a language without a catalogue or none at all', () => {
    expect(pickLanguage(['pt-BR'], available)).toBe('en');
    expect(pickLanguage([undefined], available)).toBe('en');
    expect(pickLanguage([], available)).toBe('en');
  });
});

describe('messages', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(fill('Page {n} of {m}', { n: 2 })).toBe('Page 2 of {m}');
    expect(translator(de, en)('pageNumber', { n: 3 })).toBe('Seite 3');
  });

  it('has every catalogue translate every message with the same placeholders', () => {
    for (const [name, catalogue] of Object.entries({ de, fr, es })) {
      expect(Object.keys(catalogue).sort(), name).toEqual(Object.keys(en).sort());
      for (const [id, text] of Object.entries(en)) {
        const other = catalogue[id as keyof typeof en];
        expect(other.length, `${name}.${id} is empty`).toBeGreaterThan(0);
        expect(placeholders(other), `${name}.${id}`).toEqual(placeholders(text));
      }
    }
  });
});
