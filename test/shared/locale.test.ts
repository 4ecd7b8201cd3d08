import { describe, expect, it } from 'vitest';
import { canonicalLocale, localize, pickLocale } from '../../shared/locale.ts';

const label = { en: 'Work email', de: 'Geschäftliche E-Mail', 'de-CH': 'Geschäftliche E-Mail-Adresse' };

describe('the locale resolution rule', () => {
  it('takes the exact tag first, then its language', () => {
    expect(localize(label, 'de-CH')).toBe('Geschäftliche E-Mail-Adresse');
    expect(localize(label, 'de-AT')).toBe('Geschäftliche E-Mail');
    expect(localize(label, 'de')).toBe('Geschäftliche E-Mail');
  });

  it('falls back to the organization\'s locale, then English, then the first entry', () => {
    expect(localize(label, 'fr')).toBe('Work email');
    expect(localize(label, 'fr', 'de')).toBe('Geschäftliche E-Mail');
    expect(localize(label, 'fr', 'de-AT')).toBe('Geschäftliche E-Mail');
    expect(localize({ fr: 'E-mail professionnel', es: 'Correo de trabajo' }, 'de', 'it')).toBe('E-mail professionnel');
  });

  it('matches tags whatever their case, and treats a malformed or missing one as unknown', () => {
    expect(localize(label, 'DE-ch')).toBe('Geschäftliche E-Mail-Adresse');
    for (const wanted of [undefined, null, '', 'not a tag', 'x'.repeat(10_000), '__proto__']) {
      expect(localize(label, wanted, 'de')).toBe('Geschäftliche E-Mail');
    }
  });

  it('gives a plain string to every locale', () => {
    expect(localize('Country', 'ja', 'de')).toBe('Country');
  });

  it('picks a catalogue by the same rule', () => {
    expect(pickLocale(['en', 'de', 'fr', 'es'], 'es-MX')).toBe('es');
    expect(pickLocale(['en', 'de', 'fr', 'es'], 'pt-BR', 'fr')).toBe('fr');
  });

  it('canonicalises tags and refuses what is not one', () => {
    expect(canonicalLocale('de-at')).toBe('de-AT');
    expect(canonicalLocale('zh-hant-tw')).toBe('zh-Hant-TW');
    expect(canonicalLocale('en_US')).toBeNull();
    expect(canonicalLocale('a'.repeat(36))).toBeNull();
  });
});
