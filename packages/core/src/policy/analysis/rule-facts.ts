import { unknownCaller } from '../../jurisdiction/builtin-groups.js';
import { countryCodes } from '../../jurisdiction/country-codes.js';
import type { CompiledPolicy } from '../compile-policy.js';
import { policyInternals } from '../compile-policy.js';
import type { CompiledRule } from '../compile-rule.js';
import type { RuleEntry } from '../expand-packs.js';
import { BitSet } from './bit-set.js';

/** Every country code, in a fixed order (the bit positions of country sets). */
const countries = [...countryCodes].sort();
const countryIndex = new Map(countries.map((code, index) => [code, index]));

/** A set of caller countries as bits. */
function countrySet(codes: ReadonlySet<string> | undefined): BitSet | undefined {
  if (!codes) return undefined;
  const set = new BitSet(countries.length);
  for (const code of codes) {
    const index = countryIndex.get(code);
    if (index !== undefined) set.add(index);
  }
  return set;
}

/** What the analyses know of one rule, over a fixed list of targets. */
export interface RuleFacts {
  /** Position in the compiled policy. */
  readonly position: number;
  /** The rule as written, with where (own rule or pack). */
  readonly entry: RuleEntry;
  /** The rule, compiled. */
  readonly compiled: CompiledRule;
  /** `deny`, `require` or `allow`. */
  readonly effect: 'deny' | 'require' | 'allow';
  /** First instant it applies (epoch ms, or -Infinity). */
  readonly from: number;
  /** First instant it no longer applies (epoch ms, or +Infinity). */
  readonly until: number;
  /** `when.jurisdiction` as countries; undefined: any caller. */
  readonly jurisdiction?: BitSet;
  /** Whether `when.jurisdiction` names `unknown`. */
  readonly namesUnknown: boolean;
  /** `when.notJurisdiction` as countries. */
  readonly notJurisdiction?: BitSet;
  /** Whether `when.notJurisdiction` names `unknown`. */
  readonly excludesUnknown: boolean;
  /** The countries the rule can apply to (jurisdiction minus notJurisdiction). */
  readonly reach: BitSet;
  /** `when.dataClass`; undefined: any. */
  readonly dataClass?: ReadonlySet<string>;
  /** `when.tenant` globs as written; undefined: any. */
  readonly tenant?: readonly string[];
  /** `when.tags`; undefined: any. */
  readonly tags?: ReadonlySet<string>;
  /** deny and require: the targets it denies when it applies; allow: the targets it allows. */
  readonly targets: BitSet;
}

/**
 * The facts the analyses need about every rule of a compiled policy, over
 * `targetIndices` (indices into the catalog, e.g. every route candidate).
 */
export function ruleFacts(options: {
  policy: CompiledPolicy;
  targetIndices: readonly number[];
}): RuleFacts[] {
  const { catalog, entries, rules } = policyInternals(options.policy);
  const slot = new Map(options.targetIndices.map((catalogIndex, position) => [catalogIndex, position]));
  return rules.map((compiled, position) => {
    const effect = compiled.rule.effect;
    const targets = new BitSet(options.targetIndices.length);
    if (effect === 'require') {
      const meeting = new Set(
        catalog.matching(compiled.targets, true, JSON.stringify(compiled.rule.targets ?? {})),
      );
      options.targetIndices.forEach((catalogIndex, index) => {
        if (!meeting.has(catalogIndex)) targets.add(index);
      });
    } else {
      for (const catalogIndex of catalog.matching(
        compiled.targets,
        effect === 'allow',
        JSON.stringify(compiled.rule.targets ?? {}),
      )) {
        const index = slot.get(catalogIndex);
        if (index !== undefined) targets.add(index);
      }
    }
    const jurisdiction = countrySet(compiled.when.jurisdiction);
    const notJurisdiction = countrySet(compiled.when.notJurisdiction);
    const reach = new BitSet(countries.length);
    for (let index = 0; index < countries.length; index++) {
      if ((jurisdiction ? jurisdiction.has(index) : true) && !notJurisdiction?.has(index)) reach.add(index);
    }
    return {
      position,
      entry: entries[position] as RuleEntry,
      compiled,
      effect,
      from: compiled.from,
      until: compiled.until,
      ...(jurisdiction ? { jurisdiction } : {}),
      namesUnknown: compiled.when.jurisdiction?.has(unknownCaller) === true,
      ...(notJurisdiction ? { notJurisdiction } : {}),
      excludesUnknown: compiled.when.notJurisdiction?.has(unknownCaller) === true,
      reach,
      ...(compiled.when.dataClass ? { dataClass: compiled.when.dataClass } : {}),
      ...(compiled.rule.when?.tenant ? { tenant: compiled.rule.when.tenant } : {}),
      ...(compiled.when.tags ? { tags: compiled.when.tags } : {}),
      targets,
    };
  });
}
