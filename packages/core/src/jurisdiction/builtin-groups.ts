/**
 * Groups every config can use without declaring them. Users add their own in
 * the config's `groups` (and may reference these from them).
 *
 * - `EU`: the 27 member states of the European Union (since 2020-02-01).
 * - `EEA`: the EU plus Iceland, Liechtenstein and Norway.
 */
export const builtinGroups: Readonly<Record<string, readonly string[]>> = Object.freeze({
  EU: Object.freeze([
    'AT',
    'BE',
    'BG',
    'HR',
    'CY',
    'CZ',
    'DK',
    'EE',
    'FI',
    'FR',
    'DE',
    'GR',
    'HU',
    'IE',
    'IT',
    'LV',
    'LT',
    'LU',
    'MT',
    'NL',
    'PL',
    'PT',
    'RO',
    'SK',
    'SI',
    'ES',
    'SE',
  ]),
  EEA: Object.freeze(['EU', 'IS', 'LI', 'NO']),
});

/** The `hostedIn` value for on-premises / self-hosted targets. */
export const selfHosted = 'self';

/**
 * The pseudo-jurisdiction a policy rule names in `when.jurisdiction` or
 * `when.notJurisdiction` to address a caller whose jurisdiction is absent or
 * unknown, e.g. to let such callers use on-premises targets.
 */
export const unknownCaller = 'unknown';
