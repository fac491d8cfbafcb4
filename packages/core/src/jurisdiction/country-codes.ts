import countries from 'i18n-iso-countries/index.js';
import english from 'i18n-iso-countries/langs/en.json' with { type: 'json' };

countries.registerLocale(english);

/** Every ISO 3166-1 alpha-2 code, from the maintained `i18n-iso-countries` list. */
export const countryCodes: ReadonlySet<string> = new Set(Object.keys(countries.getAlpha2Codes()));

/**
 * Whether `code` is an ISO 3166-1 alpha-2 country code (upper case, e.g. `DE`).
 *
 * @example
 * ```ts
 * isCountryCode('DE'); // true
 * isCountryCode('EU'); // false: a group, see createJurisdictions
 * ```
 */
export function isCountryCode(code: string): boolean {
  return countryCodes.has(code);
}

/** The English short name of a country code, or the code itself when unknown. */
export function countryName(code: string): string {
  return countries.getName(code, 'en') ?? code;
}

/**
 * The alpha-2 code of a country written by name (`Germany`, `germany`) or by
 * its alpha-3 code (`DEU`), for "did you mean" hints; `undefined` when unknown.
 */
export function countryCodeOfName(name: string): string | undefined {
  if (name.length === 3 && countries.isValid(name.toUpperCase()))
    return countries.alpha3ToAlpha2(name.toUpperCase());
  return countries.getAlpha2Code(name, 'en');
}
