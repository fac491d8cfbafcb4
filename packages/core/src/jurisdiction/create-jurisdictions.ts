import { problemText } from '../validation/problem.js';
import { builtinGroups, selfHosted } from './builtin-groups.js';
import { isCountryCode } from './country-codes.js';
import { groupProblems } from './group-problems.js';
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
 * A user group may list country codes and other groups; it may not redefine
 * a built-in group (extend it instead: `EU_PLUS: [EU, CH]`), shadow a country
 * code or the markers `self` and `unknown`, be empty, reference an unknown
 * code, or reference itself.
 *
 * @param options.groups user-defined groups, e.g. `{ FIVE_EYES: ['US', 'GB', 'CA', 'AU', 'NZ'] }`.
 * @returns the resolver.
 * @throws {JurisdictionError} naming the first invalid group definition (`groupProblems` lists them all).
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
  const { problems } = groupProblems(options.groups ?? {});
  const first = problems[0];
  if (first) {
    const name = String(first.path[1]);
    const member = first.path.length > 2 ? options.groups?.[name]?.[first.path[2] as number] : undefined;
    throw new JurisdictionError({ jurisdiction: member ?? name, message: problemText(first) });
  }
  return createJurisdictionsUnchecked(options.groups ?? {});
}

/**
 * Builds the resolver over groups already checked by {@link groupProblems}
 * (or sanitized by it): no validation, no throw.
 */
export function createJurisdictionsUnchecked(
  groups: Readonly<Record<string, readonly string[]>>,
): Jurisdictions {
  const definitions = new Map<string, readonly string[]>(Object.entries(builtinGroups));
  for (const [name, members] of Object.entries(groups)) definitions.set(name, members);

  const expanded = new Map<string, ReadonlySet<string>>();
  const expandGroup = (name: string, path: readonly string[]): ReadonlySet<string> => {
    const done = expanded.get(name);
    if (done) return done;
    const result = new Set<string>();
    expanded.set(name, result);
    if (path.includes(name)) return result;
    for (const member of definitions.get(name) ?? []) {
      if (isCountryCode(member)) result.add(member);
      else if (definitions.has(member))
        for (const country of expandGroup(member, [...path, name])) result.add(country);
    }
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
