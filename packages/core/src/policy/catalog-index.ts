import type { Jurisdictions } from '../jurisdiction/create-jurisdictions.js';
import type { Target } from '../target/target-schema.js';
import type { CompiledPredicate } from './compile-rule.js';
import { matchTarget } from './match-target.js';

/**
 * A target catalog indexed by attribute, to find quickly which targets a
 * rule matches (10,000 targets × 1,000 rules) and whether a value a rule
 * names exists at all.
 */
export interface CatalogIndex {
  /** The targets, in catalog order. */
  readonly targets: readonly Target[];
  /** Per target: the countries it may be hosted in (`self` for on-premises). */
  readonly hosted: readonly ReadonlySet<string>[];
  /** Per target: the countries its model may come from. */
  readonly origin: readonly ReadonlySet<string>[];
  /** Distinct values per attribute, for "does anything have it" checks and suggestions. */
  readonly values: {
    readonly id: readonly string[];
    readonly provider: ReadonlySet<string>;
    readonly model: readonly string[];
    readonly licence: ReadonlySet<string>;
    readonly capability: ReadonlySet<string>;
    readonly tags: ReadonlySet<string>;
    readonly weights: ReadonlySet<string>;
    /** Every country (or `self`) some target may be hosted in. */
    readonly hosted: ReadonlySet<string>;
    /** Every country some target's model may come from. */
    readonly origin: ReadonlySet<string>;
  };
  /**
   * Indices of the targets the predicate matches: possibly (deny) or
   * certainly (require, allow), in catalog order. With `key` (the rule's
   * `targets` as written, e.g. its JSON), the result is remembered: many
   * rules share a predicate. Do not mutate the result.
   */
  matching(predicate: CompiledPredicate, certain: boolean, key?: string): readonly number[];
}

/**
 * Indexes a catalog. Targets whose `hostedIn` or `origin` is not a known
 * jurisdiction get an empty set there (they match no location).
 *
 * @param options.targets the catalog.
 * @param options.jurisdictions the resolver for codes and groups.
 */
export function createCatalogIndex(options: {
  targets: readonly Target[];
  jurisdictions: Jurisdictions;
}): CatalogIndex {
  const { targets, jurisdictions } = options;
  const expand = (code: string): ReadonlySet<string> =>
    jurisdictions.isKnown(code) ? jurisdictions.expand(code) : new Set<string>();
  const hosted = targets.map((target) => expand(target.hostedIn));
  const origin = targets.map((target) => expand(target.origin));
  const byProvider = new Map<string, number[]>();
  const byModel = new Map<string, number[]>();
  const byTag = new Map<string, number[]>();
  const byLicence = new Map<string, number[]>();
  const byHosted = new Map<string, number[]>();
  const push = (map: Map<string, number[]>, key: string, index: number) => {
    const list = map.get(key);
    if (list) list.push(index);
    else map.set(key, [index]);
  };
  const capability = new Set<string>();
  const weights = new Set<string>();
  const hostedValues = new Set<string>();
  const originValues = new Set<string>();
  targets.forEach((target, index) => {
    push(byProvider, target.provider, index);
    push(byModel, target.model, index);
    push(byLicence, target.licence, index);
    for (const tag of new Set(target.tags)) push(byTag, tag, index);
    for (const code of hosted[index] as ReadonlySet<string>) {
      push(byHosted, code, index);
      hostedValues.add(code);
    }
    for (const code of origin[index] as ReadonlySet<string>) originValues.add(code);
    for (const entry of target.capabilities) capability.add(entry);
    weights.add(target.weights);
  });
  const all = targets.map((_, index) => index);
  const marks = new Uint8Array(targets.length);
  const memo = new Map<string, number[]>();
  /** The union of index lists, ascending (one list is returned as it is: lists are built ascending). */
  const union = (lists: (number[] | undefined)[]): number[] => {
    const present = lists.filter((list): list is number[] => list !== undefined);
    if (present.length === 0) return [];
    if (present.length === 1) return present[0] as number[];
    marks.fill(0);
    let size = 0;
    for (const list of present) {
      for (const index of list) {
        if (marks[index] === 0) {
          marks[index] = 1;
          size++;
        }
      }
    }
    const result: number[] = new Array(size);
    let cursor = 0;
    for (let index = 0; index < marks.length && cursor < size; index++)
      if (marks[index] === 1) result[cursor++] = index;
    return result;
  };
  return {
    targets,
    hosted,
    origin,
    values: {
      id: targets.map((target) => target.id),
      provider: new Set(byProvider.keys()),
      model: [...byModel.keys()],
      licence: new Set(byLicence.keys()),
      capability,
      tags: new Set(byTag.keys()),
      weights,
      hosted: hostedValues,
      origin: originValues,
    },
    matching(predicate, certain, key) {
      if (key !== undefined) {
        const memoKey = `${certain ? 'certain' : 'possible'}\u0000${key}`;
        let found = memo.get(memoKey);
        if (!found) {
          found = match(predicate, certain);
          memo.set(memoKey, found);
        }
        return found;
      }
      return match(predicate, certain);
    },
  };

  function match(predicate: CompiledPredicate, certain: boolean): number[] {
    // Start from the smallest candidate list an indexed field gives, then filter exactly.
    let candidates = all;
    const narrow = (list: number[]) => {
      if (list.length < candidates.length) candidates = list;
    };
    if (predicate.provider) narrow(union([...predicate.provider].map((value) => byProvider.get(value))));
    if (predicate.licence) narrow(union([...predicate.licence].map((value) => byLicence.get(value))));
    if (predicate.tags) narrow(union([...predicate.tags].map((value) => byTag.get(value))));
    if (predicate.model) {
      const test = predicate.model;
      narrow(union([...byModel].filter(([model]) => test(model)).map(([, list]) => list)));
    }
    if (predicate.hostedIn) narrow(union([...predicate.hostedIn].map((code) => byHosted.get(code))));
    const result: number[] = [];
    for (const index of candidates) {
      if (
        matchTarget(
          predicate,
          targets[index] as Target,
          hosted[index] as ReadonlySet<string>,
          origin[index] as ReadonlySet<string>,
          certain,
        )
      )
        result.push(index);
    }
    return result;
  }
}
