import { describe, expect, it } from 'vitest';
import { countryOptions, dateFormats, supportedLocale, translator, uiLanguage } from '../../widget/i18n.ts';
import { localDayKey } from '../../widget/time.ts';

describe('widget i18n', () => {
  it('fills placeholders and falls back to English for an unknown language', () => {
    expect(translator('pt-BR')('zone', { zone: 'America/Sao_Paulo' })).toBe('Times shown in America/Sao_Paulo');
    expect(uiLanguage('pt-BR')).toBe('en');
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
