import picomatch from 'picomatch';
import { unknownCaller } from '../jurisdiction/builtin-groups.js';
import type { Jurisdictions } from '../jurisdiction/create-jurisdictions.js';
import type { PolicyCondition, PolicyRule, TargetPredicate } from './policy-schema.js';

/** What the request says about who is asking, resolved once per cache miss. */
export type Caller =
  | { readonly kind: 'country'; readonly code: string }
  | { readonly kind: 'group'; readonly members: ReadonlySet<string> }
  | { readonly kind: 'unknown' };

/** A rule's `when`, compiled. */
export interface CompiledCondition {
  readonly jurisdiction?: ReadonlySet<string>;
  readonly notJurisdiction?: ReadonlySet<string>;
  readonly dataClass?: ReadonlySet<string>;
  readonly tenant?: (tenant: string) => boolean;
  readonly tags?: ReadonlySet<string>;
}

/** A rule, compiled for matching. */
export interface CompiledRule {
  readonly rule: PolicyRule;
  readonly from: number;
  readonly until: number;
  readonly when: CompiledCondition;
  readonly targets: CompiledPredicate;
  /** Prebuilt text used in verdict reasons. */
  readonly reason: string;
}

/** A rule's target predicate, compiled. */
export interface CompiledPredicate {
  readonly id?: (id: string) => boolean;
  readonly provider?: ReadonlySet<string>;
  readonly model?: (model: string) => boolean;
  readonly hostedIn?: ReadonlySet<string>;
  readonly notHostedIn?: ReadonlySet<string>;
  readonly origin?: ReadonlySet<string>;
  readonly weights?: 'open' | 'closed';
  readonly licence?: ReadonlySet<string>;
  readonly capability?: readonly string[];
  readonly tags?: ReadonlySet<string>;
}

/**
 * Compiles one rule: jurisdiction codes and groups expanded to country sets,
 * globs compiled, the time window as epoch milliseconds, the reason text
 * prebuilt. The rule must be valid (see `policyProblems`).
 */
export function compileRule(rule: PolicyRule, jurisdictions: Jurisdictions): CompiledRule {
  const expandAll = (codes: readonly string[] | undefined) => {
    if (!codes) return undefined;
    const result = new Set<string>();
    for (const code of codes) {
      // `unknown` (caller conditions only) stays as itself: no country equals it.
      if (code === unknownCaller) result.add(code);
      else for (const member of jurisdictions.expand(code)) result.add(member);
    }
    return result;
  };
  const globs = (patterns: readonly string[] | undefined) =>
    patterns ? picomatch(patterns as string[], { dot: true, nocase: false }) : undefined;
  const when: PolicyCondition = rule.when ?? {};
  const predicate: TargetPredicate = rule.targets ?? {};
  const effective = rule.effective;
  const verb =
    rule.effect === 'deny' ? 'denied by' : rule.effect === 'require' ? 'not permitted by' : 'allowed by';
  return {
    rule,
    from: rule.effective ? Date.parse(rule.effective) : Number.NEGATIVE_INFINITY,
    until: rule.expires ? Date.parse(rule.expires) : Number.POSITIVE_INFINITY,
    when: {
      jurisdiction: expandAll(when.jurisdiction),
      notJurisdiction: expandAll(when.notJurisdiction),
      dataClass: when.dataClass ? new Set(when.dataClass) : undefined,
      tenant: globs(when.tenant),
      tags: when.tags ? new Set(when.tags) : undefined,
    },
    targets: {
      id: globs(predicate.id),
      provider: predicate.provider ? new Set(predicate.provider) : undefined,
      model: globs(predicate.model),
      hostedIn: expandAll(predicate.hostedIn),
      notHostedIn: expandAll(predicate.notHostedIn),
      origin: expandAll(predicate.origin),
      weights: predicate.weights,
      licence: predicate.licence ? new Set(predicate.licence) : undefined,
      capability: predicate.capability,
      tags: predicate.tags ? new Set(predicate.tags) : undefined,
    },
    reason: `${verb} ${rule.id}${effective ? ` (effective ${effective})` : ''}: ${rule.description}`,
  };
}

/** Whether the rule names `unknown` callers in `when.jurisdiction`. */
export function namesUnknown(compiled: CompiledRule): boolean {
  return compiled.when.jurisdiction?.has(unknownCaller) === true;
}
