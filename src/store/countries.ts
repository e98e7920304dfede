/**
 * Countries come from the maintained `world-countries` dataset rather than
 * from fixtures: every officially assigned ISO 3166-1 entry (249) becomes a
 * country record. Kosovo's "UNK" is a user-assigned code, not ISO 3166-1,
 * and is left out so that every `code` the API serves is a real ISO code.
 */
import { createRequire } from 'node:module';
import type { Countries } from 'world-countries';

export interface CountryRecord {
  /** ISO 3166-1 alpha-3, upper case. */
  code: string;
  /** ISO 3166-1 alpha-2, upper case. */
  alpha2: string;
  name: string;
  officialName: string;
  region: string;
  subregion: string | undefined;
  flag: string | undefined;
}

// The package's ESM entry re-exports JSON without an import attribute,
// which Node 20 refuses; its CommonJS entry loads everywhere.
const dataset = createRequire(import.meta.url)('world-countries') as Countries;

export const COUNTRIES: readonly CountryRecord[] = dataset
  .filter((c) => c.status === 'officially-assigned')
  .map((c) => ({
    code: c.cca3,
    alpha2: c.cca2,
    name: c.name.common,
    officialName: c.name.official,
    region: c.region,
    subregion: c.subregion || undefined,
    flag: c.flag || undefined,
  }));

const byAlpha3 = new Map(COUNTRIES.map((c) => [c.code, c]));
const byAlpha2 = new Map(COUNTRIES.map((c) => [c.alpha2, c]));

export function countryByAlpha3(code: string): CountryRecord | undefined {
  return byAlpha3.get(code);
}

/** Looks a country up by ISO alpha-2 or alpha-3 code, in any letter case. */
export function countryByCode(code: string): CountryRecord | undefined {
  const upper = code.trim().toUpperCase();
  if (upper.length === 3) return byAlpha3.get(upper);
  if (upper.length === 2) return byAlpha2.get(upper);
  return undefined;
}
