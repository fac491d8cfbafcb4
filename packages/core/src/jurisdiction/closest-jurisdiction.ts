import { withoutInvisible } from '../text/visible-text.js';
import { closestName } from '../validation/closest-name.js';
import { countryCodeOfName, isCountryCode } from './country-codes.js';

/** Common ways of writing a jurisdiction that are not its ISO 3166-1 alpha-2 code. */
const aliases: Readonly<Record<string, string>> = { UK: 'GB', EL: 'GR' };

/**
 * The valid jurisdiction closest to what was written, for a "did you mean"
 * hint: the code in upper case (`us` -> `US`), the code of a country name or
 * alpha-3 code (`Germany`, `DEU` -> `DE`), `UK` -> `GB`, or the nearest group
 * name. Invisible characters (a zero-width space, a no-break space) and
 * surrounding spaces are not counted (`"US\u200B"` -> `US`).
 *
 * @param code what was written.
 * @param groupNames the groups known here (built-in and user-defined).
 * @returns the suggestion, or `undefined`.
 */
export function closestJurisdiction(code: string, groupNames: readonly string[]): string | undefined {
  // A code pasted with an invisible character (`US` and a zero-width space): the code a reader sees.
  const seen = withoutInvisible(code).trim();
  if (seen !== code && seen !== '')
    return isCountryCode(seen) || groupNames.includes(seen) ? seen : closestJurisdiction(seen, groupNames);
  const upper = code.toUpperCase();
  if (upper !== code && (isCountryCode(upper) || groupNames.includes(upper))) return upper;
  const alias = aliases[upper];
  if (alias) return alias;
  const named = code.length > 2 ? countryCodeOfName(code) : undefined;
  if (named) return named;
  return closestName(code, groupNames);
}
