import { builtinGroups, selfHosted, unknownCaller } from './builtin-groups.js';
import { isCountryCode } from './country-codes.js';
import { JurisdictionError } from './jurisdiction-error.js';

/**
 * Resolves jurisdiction codes and groups. Built by {@link createJurisdictions}.
 */
export interface Jurisdictions {
  /** The group names known here: built-in and user-defined. */
  readonly groupNames: readonly string[];
  /** Whether `code` is a country code, a known group, or `self`. */
  isKnown(code: string): boolean;
  /** Whether `code` is a known group. */
  isGroup(code: string): boolean;
  /**
   * The country codes `code` stands for: itself for a country, its members
   * (nested groups expanded) for a group, `{ 'self' }` for `self`.
   *
   * @throws {JurisdictionError} when `code` is unknown.
   */
  expand(code: string): ReadonlySet<string>;
  /** Whether country `country` belongs to `codeOrGroup`. */
  contains(codeOrGroup: string, country: string): boolean;
}

/**
 * Builds a resolver over the built-in groups (`EU`, `EEA`) and your own.
 * A user group may list country codes and other groups; it may not shadow a
 * country code or the markers `self` and `unknown`, reference an unknown
 * code, or reference itself.
 *
 * @param options.groups user-defined groups, e.g. `{ FIVE_EYES: ['US', 'GB', 'CA', 'AU', 'NZ'] }`.
 * @returns the resolver.
 * @throws {JurisdictionError} listing the first invalid group definition.
 *
 * @example
 * ```ts
 * const jurisdictions = createJurisdictions({ groups: { DACH: ['DE', 'AT', 'CH'] } });
 * jurisdictions.contains('DACH', 'AT'); // true
 * jurisdictions.contains('EU', 'CH');   // false
 * ```
 */
export function createJurisdictions(
  options: { groups?: Readonly<Record<string, readonly string[]>> } = {},
): Jurisdictions {
  const definitions = new Map<string, readonly string[]>(Object.entries(builtinGroups));
  for (const [name, members] of Object.entries(options.groups ?? {})) {
    if (isCountryCode(name) || name === selfHosted || name === unknownCaller) {
      throw new JurisdictionError({
        jurisdiction: name,
        message: `group "${name}" shadows ${
          name === selfHosted
            ? 'the self-hosted marker'
            : name === unknownCaller
              ? 'the unknown-caller marker'
              : 'a country code'
        }; rename the group`,
      });
    }
    definitions.set(name, members);
  }

  const expanded = new Map<string, ReadonlySet<string>>();
  const expandGroup = (name: string, path: readonly string[]): ReadonlySet<string> => {
    const done = expanded.get(name);
    if (done) return done;
    if (path.includes(name)) {
      throw new JurisdictionError({
        jurisdiction: name,
        message: `group "${name}" contains itself: ${[...path, name].join(' -> ')}`,
      });
    }
    const members = definitions.get(name) ?? [];
    const result = new Set<string>();
    for (const member of members) {
      if (isCountryCode(member)) result.add(member);
      else if (definitions.has(member))
        for (const country of expandGroup(member, [...path, name])) result.add(country);
      else {
        throw new JurisdictionError({
          jurisdiction: member,
          message: `group "${name}" lists "${member}", which is neither an ISO 3166-1 alpha-2 code nor a group`,
        });
      }
    }
    expanded.set(name, result);
    return result;
  };
  for (const name of definitions.keys()) expandGroup(name, []);

  const self: ReadonlySet<string> = new Set([selfHosted]);
  const singles = new Map<string, ReadonlySet<string>>();

  const resolver: Jurisdictions = {
    groupNames: [...definitions.keys()],
    isKnown: (code) => code === selfHosted || isCountryCode(code) || definitions.has(code),
    isGroup: (code) => definitions.has(code),
    expand(code) {
      const group = expanded.get(code);
      if (group) return group;
      if (code === selfHosted) return self;
      if (isCountryCode(code)) {
        let single = singles.get(code);
        if (!single) {
          single = new Set([code]);
          singles.set(code, single);
        }
        return single;
      }
      throw new JurisdictionError({
        jurisdiction: code,
        message: `unknown jurisdiction "${code}": expected an ISO 3166-1 alpha-2 code (e.g. DE), "self", or one of the groups ${[...definitions.keys()].join(', ')}`,
      });
    },
    contains(codeOrGroup, country) {
      if (codeOrGroup === country) return true;
      return expanded.get(codeOrGroup)?.has(country) ?? false;
    },
  };
  return resolver;
}
