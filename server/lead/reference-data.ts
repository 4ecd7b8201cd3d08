import { createRequire } from 'node:module';

/**
 * Reference data from maintained packages, loaded once. The pure lead functions take
 * these as parameters, so tests can pass their own.
 */
const require = createRequire(import.meta.url);

/** Free and personal mail providers (email-providers: ~8,700 domains). */
export const FREE_MAIL_DOMAINS: ReadonlySet<string> = new Set(require('email-providers/all.json') as string[]);

type WorldCountry = { cca2: string; region: string; subregion: string; languages: Record<string, string> };
const countries = require('world-countries') as WorldCountry[];

export type Region = 'NA' | 'LATAM' | 'EMEA' | 'APAC';

/**
 * Sales territories from UN regions: the Americas split by language (Spanish or
 * Portuguese speaking → LATAM, so Mexico is LATAM and Canada NA), Western and Central Asia
 * with EMEA, the rest of Asia and Oceania APAC.
 */
function regionOf(country: WorldCountry): Region | null {
  switch (country.region) {
    case 'Europe':
    case 'Africa':
      return 'EMEA';
    case 'Asia':
      return country.subregion === 'Western Asia' || country.subregion === 'Central Asia' ? 'EMEA' : 'APAC';
    case 'Oceania':
      return 'APAC';
    case 'Americas': {
      const latin = 'spa' in country.languages || 'por' in country.languages;
      return country.subregion === 'North America' && !latin ? 'NA' : 'LATAM';
    }
    default:
      return null;
  }
}

/** ISO 3166-1 alpha-2 code → sales region. */
export const COUNTRY_REGIONS: ReadonlyMap<string, Region | null> = new Map(
  countries.map((country) => [country.cca2, regionOf(country)]),
);

/** All ISO 3166-1 alpha-2 codes, sorted; the options of a `country` question. */
export const COUNTRY_CODES: readonly string[] = [...COUNTRY_REGIONS.keys()].sort();
