import type { RequestContext } from '../context/request-context.js';
import type { Jurisdictions } from '../jurisdiction/create-jurisdictions.js';
import type { Target } from '../target/target-schema.js';
import type { TargetSetPolicy } from './compile-policy.js';
import { type Caller, type CompiledRule, namesUnknown } from './compile-rule.js';
import { matchRequestCondition, matchSliceCondition } from './match-condition.js';
import { matchTarget } from './match-target.js';
import type { Policy } from './policy-schema.js';
import type { Verdict } from './verdict.js';

interface RelevantRule {
  readonly compiled: CompiledRule;
  /** Position in the route's relevant-rule list (policy order). */
  readonly position: number;
  /** For deny: targets it possibly matches. For require: targets that do not certainly satisfy it. For allow: targets it certainly matches. */
  readonly affected: readonly number[];
  /** Whether it has a tenant or tags condition, checked per request rather than per slice. */
  readonly perRequest: boolean;
}

/**
 * What is fixed for one (time segment, caller jurisdiction, data class): the
 * verdicts from the rules without per-request conditions, and the few rules
 * whose tenant/tags conditions are left to check per request.
 */
interface Slice {
  readonly base: readonly Verdict[];
  readonly active: readonly RelevantRule[];
  readonly perRequest: readonly RelevantRule[];
  readonly note: string;
  /** Verdicts for targets no rule decides: the policy default, or restricted. */
  readonly fallback: readonly Verdict[];
  /** Verdicts by the positions of the per-request rules that matched, e.g. `3,17`. */
  readonly combinations: Map<string, readonly Verdict[]>;
}

/** Bound on cached callers per time segment, and on cached per-request combinations per slice. */
const callerLimit = 1024;
const combinationLimit = 256;
/** Inner keys of a slice map for an absent data class and for one no rule names. */
const absentDataClass = '\u0000absent';
const otherDataClass = '\u0000other';

/**
 * Precomputes a policy for one ordered set of targets (a route's
 * candidates): which rules can change a verdict of each, indexed by caller
 * country, and the instants at which the active rule set changes; verdicts
 * are then built lazily per (time segment, caller, data class) slice.
 */
export function createTargetSetPolicy(options: {
  policy: Policy;
  rules: readonly CompiledRule[];
  jurisdictions: Jurisdictions;
  targetIds: readonly string[];
  targets: readonly Target[];
  hostedSets: readonly ReadonlySet<string>[];
  originSets: readonly ReadonlySet<string>[];
}): TargetSetPolicy {
  const { policy, jurisdictions, targets, targetIds } = options;
  const count = targets.length;

  // Keep only the rules that can change a verdict of this set, with the targets each affects.
  const relevant: RelevantRule[] = [];
  for (const compiled of options.rules) {
    const affected: number[] = [];
    for (let index = 0; index < count; index++) {
      const target = targets[index] as Target;
      const hosted = options.hostedSets[index] as ReadonlySet<string>;
      const origin = options.originSets[index] as ReadonlySet<string>;
      const effect = compiled.rule.effect;
      const hit =
        effect === 'deny'
          ? matchTarget(compiled.targets, target, hosted, origin, false)
          : effect === 'require'
            ? !matchTarget(compiled.targets, target, hosted, origin, true)
            : matchTarget(compiled.targets, target, hosted, origin, true);
      if (hit) affected.push(index);
    }
    // An allow rule decides only where something denies by default: the policy default,
    // or (unknownJurisdiction: deny) the restriction on unknown callers it names.
    const decides =
      compiled.rule.effect !== 'allow' ||
      policy.defaultEffect === 'deny' ||
      (policy.unknownJurisdiction === 'deny' && namesUnknown(compiled));
    if (affected.length > 0 && decides) {
      relevant.push({
        compiled,
        position: relevant.length,
        affected,
        perRequest: compiled.when.tenant !== undefined || compiled.when.tags !== undefined,
      });
    }
  }

  // Index by caller country: a rule with a jurisdiction condition can only apply to a
  // country caller inside it; the others are checked for every caller.
  const byCountry = new Map<string, RelevantRule[]>();
  const anyCountry: RelevantRule[] = [];
  const namedDataClasses = new Set<string>();
  for (const entry of relevant) {
    const condition = entry.compiled.when;
    if (condition.jurisdiction) {
      for (const code of condition.jurisdiction) {
        const list = byCountry.get(code);
        if (list) list.push(entry);
        else byCountry.set(code, [entry]);
      }
    } else anyCountry.push(entry);
    if (condition.dataClass) for (const dataClass of condition.dataClass) namedDataClasses.add(dataClass);
  }
  /**
   * Per caller group (filled lazily): the rules whose jurisdiction condition some member
   * meets, or that have none; the others cannot apply to a caller given as that group.
   */
  const byGroup = new Map<string, RelevantRule[]>();
  const rulesForGroup = (name: string, members: ReadonlySet<string>) => {
    let list = byGroup.get(name);
    if (!list) {
      list = relevant.filter((entry) => {
        const named = entry.compiled.when.jurisdiction;
        if (!named) return true;
        for (const member of members) if (named.has(member)) return true;
        return false;
      });
      byGroup.set(name, list);
    }
    return list;
  };

  // The instants at which the active rule set changes: within two neighbours nothing changes.
  const instants = new Set<number>();
  for (const { compiled } of relevant) {
    if (Number.isFinite(compiled.from)) instants.add(compiled.from);
    if (Number.isFinite(compiled.until)) instants.add(compiled.until);
  }
  const breakpoints = Float64Array.from([...instants].sort((a, b) => a - b));
  /** Per time segment: caller jurisdiction -> data-class key -> slice. Filled lazily. */
  const segments: (Map<string, Map<string, Slice>> | undefined)[] = new Array(breakpoints.length + 1);

  const defaultVerdicts = freezeAll(
    targetIds.map((targetId) =>
      policy.defaultEffect === 'allow'
        ? {
            targetId,
            allowed: true,
            effect: 'default',
            ruleIds: [],
            reason: 'no rule denies it; the policy allows by default',
          }
        : {
            targetId,
            allowed: false,
            effect: 'default',
            ruleIds: [],
            reason: 'no rule allows it; the policy denies by default',
          },
    ),
  );

  function restricted(jurisdiction: string | undefined): readonly Verdict[] {
    const why =
      jurisdiction === undefined
        ? 'the request names no caller jurisdiction'
        : `caller jurisdiction "${jurisdiction}" is unknown`;
    return freezeAll(
      targetIds.map((targetId) => ({
        targetId,
        allowed: false,
        effect: 'restricted' as const,
        ruleIds: [],
        reason: `${why}; the policy denies unknown callers (unknownJurisdiction: deny) and no rule allowing "unknown" callers matches it`,
      })),
    );
  }

  function resolveCaller(jurisdiction: string | undefined): Caller {
    if (jurisdiction === undefined || !jurisdictions.isKnown(jurisdiction) || jurisdiction === 'self')
      return { kind: 'unknown' };
    if (jurisdictions.isGroup(jurisdiction))
      return { kind: 'group', members: jurisdictions.expand(jurisdiction) };
    return { kind: 'country', code: jurisdiction };
  }

  /** Verdicts from `active` (in policy order); targets no rule decides get `fallback`. */
  function verdictsFrom(
    active: readonly RelevantRule[],
    note: string,
    fallback: readonly Verdict[],
  ): readonly Verdict[] {
    if (active.length === 0) return fallback;
    const denies: (CompiledRule[] | undefined)[] = new Array(count);
    const requires: (CompiledRule[] | undefined)[] = new Array(count);
    const allows: (CompiledRule[] | undefined)[] = new Array(count);
    for (const { compiled, affected } of active) {
      const effect = compiled.rule.effect;
      const lists = effect === 'deny' ? denies : effect === 'require' ? requires : allows;
      for (const index of affected) {
        const list = lists[index];
        if (list) list.push(compiled);
        else lists[index] = [compiled];
      }
    }
    const verdicts: Verdict[] = new Array(count);
    for (let index = 0; index < count; index++) {
      const targetId = targetIds[index] as string;
      const deny = denies[index];
      const require = requires[index];
      const allow = allows[index];
      if (deny) verdicts[index] = decided(targetId, false, 'deny', deny, note);
      else if (require) verdicts[index] = decided(targetId, false, 'require', require, note);
      else if (allow) verdicts[index] = decided(targetId, true, 'allow', allow, note);
      else verdicts[index] = fallback[index] as Verdict;
    }
    return Object.freeze(verdicts);
  }

  /**
   * Visits the rules that apply to a (time segment, caller, data class) slice, in policy
   * order when `ordered` (verdicts list their rules in that order; the bare decision does
   * not need it). Returns the slice's note and fallback verdicts.
   */
  function visitRules(
    context: RequestContext,
    at: number,
    ordered: boolean,
    visit: (entry: RelevantRule) => void,
  ): { note: string; fallback: readonly Verdict[] } {
    const caller = resolveCaller(context.jurisdiction);
    const note =
      caller.kind === 'unknown'
        ? context.jurisdiction === undefined
          ? ' (no caller jurisdiction: treated as restricted)'
          : ` (unknown caller jurisdiction "${context.jurisdiction}": treated as restricted)`
        : '';
    // unknownJurisdiction: deny: the caller is denied by default, and only allow rules that
    // name `unknown` callers may lift that; deny and require rules still apply.
    const denyUnknown = caller.kind === 'unknown' && policy.unknownJurisdiction === 'deny';
    const fallback = denyUnknown ? restricted(context.jurisdiction) : defaultVerdicts;
    const consider = (entry: RelevantRule) => {
      const compiled = entry.compiled;
      if (at < compiled.from || at >= compiled.until) return;
      // An allow rule matters only where the fallback denies: for a restricted unknown
      // caller only if it names `unknown`, otherwise only under defaultEffect: deny.
      if (
        compiled.rule.effect === 'allow' &&
        (denyUnknown ? !namesUnknown(compiled) : policy.defaultEffect === 'allow')
      )
        return;
      if (!matchSliceCondition(compiled.when, caller, context, compiled.rule.effect === 'allow')) return;
      visit(entry);
    };
    if (caller.kind === 'unknown') for (const entry of relevant) consider(entry);
    else if (caller.kind === 'group')
      for (const entry of rulesForGroup(context.jurisdiction as string, caller.members)) consider(entry);
    else if (ordered)
      for (const entry of mergeByPosition(byCountry.get(caller.code), anyCountry)) consider(entry);
    else {
      for (const entry of byCountry.get(caller.code) ?? []) consider(entry);
      for (const entry of anyCountry) consider(entry);
    }
    return { note, fallback };
  }

  function buildSlice(context: RequestContext, at: number): Slice {
    const active: RelevantRule[] = [];
    const perRequest: RelevantRule[] = [];
    const { note, fallback } = visitRules(context, at, true, (entry) => {
      if (entry.perRequest) perRequest.push(entry);
      else active.push(entry);
    });
    return {
      base: verdictsFrom(active, note, fallback),
      active,
      perRequest,
      note,
      fallback,
      combinations: new Map(),
    };
  }

  function combination(slice: Slice, key: string, context: RequestContext): readonly Verdict[] {
    const merged: RelevantRule[] = [...slice.active];
    for (const entry of slice.perRequest)
      if (matchRequestCondition(entry.compiled.when, context)) merged.push(entry);
    merged.sort((a, b) => a.position - b.position);
    const verdicts = verdictsFrom(merged, slice.note, slice.fallback);
    if (slice.combinations.size >= combinationLimit) slice.combinations.clear();
    slice.combinations.set(key, verdicts);
    return verdicts;
  }

  return {
    targetIds,
    allowed(context, at) {
      // The same decision as `verdictsFrom` (deny, then require, then allow, then the
      // fallback), without building the evidence: what the coverage map and diff ask.
      const denied = new Uint8Array(count);
      const allowedByRule = new Uint8Array(count);
      const { fallback } = visitRules(context, at, false, (entry) => {
        if (entry.perRequest && !matchRequestCondition(entry.compiled.when, context)) return;
        const marks = entry.compiled.rule.effect === 'allow' ? allowedByRule : denied;
        for (const index of entry.affected) marks[index] = 1;
      });
      const result: boolean[] = new Array(count);
      for (let index = 0; index < count; index++)
        result[index] =
          denied[index] === 1 ? false : allowedByRule[index] === 1 || (fallback[index] as Verdict).allowed;
      return result;
    },
    evaluate(context, at) {
      // The segment between two breakpoints fixes which rules are active.
      let low = 0;
      let high = breakpoints.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if ((breakpoints[middle] as number) <= at) low = middle + 1;
        else high = middle;
      }
      let callers = segments[low];
      if (callers === undefined) {
        callers = new Map();
        segments[low] = callers;
      }
      const jurisdiction = context.jurisdiction ?? '';
      let dataClasses = callers.get(jurisdiction);
      if (dataClasses === undefined) {
        if (callers.size >= callerLimit) callers.clear();
        dataClasses = new Map();
        callers.set(jurisdiction, dataClasses);
      }
      const dataClass = context.dataClass;
      const dataClassKey =
        dataClass === undefined
          ? absentDataClass
          : namedDataClasses.has(dataClass)
            ? dataClass
            : otherDataClass;
      let slice = dataClasses.get(dataClassKey);
      if (slice === undefined) {
        slice = buildSlice(context, at);
        dataClasses.set(dataClassKey, slice);
      }
      const perRequest = slice.perRequest;
      if (perRequest.length === 0) return slice.base;
      let key: string | undefined;
      for (let index = 0; index < perRequest.length; index++) {
        const entry = perRequest[index] as RelevantRule;
        if (matchRequestCondition(entry.compiled.when, context))
          key = key === undefined ? `${entry.position}` : `${key},${entry.position}`;
      }
      if (key === undefined) return slice.base;
      return slice.combinations.get(key) ?? combination(slice, key, context);
    },
  };
}

/** Merges two lists sorted by position, keeping policy order. */
function mergeByPosition(
  first: readonly RelevantRule[] | undefined,
  second: readonly RelevantRule[],
): readonly RelevantRule[] {
  if (!first || first.length === 0) return second;
  if (second.length === 0) return first;
  const merged: RelevantRule[] = [];
  let a = 0;
  let b = 0;
  while (a < first.length || b < second.length) {
    const left = first[a];
    const right = second[b];
    if (right === undefined || (left !== undefined && left.position < right.position)) {
      merged.push(left as RelevantRule);
      a++;
    } else {
      merged.push(right);
      b++;
    }
  }
  return merged;
}

function decided(
  targetId: string,
  allowed: boolean,
  effect: 'deny' | 'require' | 'allow',
  rules: readonly CompiledRule[],
  note: string,
): Verdict {
  const first = rules[0] as CompiledRule;
  const more =
    rules.length > 1
      ? ` (and ${rules.length - 1} more: ${rules
          .slice(1)
          .map((rule) => rule.rule.id)
          .join(', ')})`
      : '';
  return Object.freeze({
    targetId,
    allowed,
    effect,
    ruleIds: Object.freeze(rules.map((rule) => rule.rule.id)),
    reason: first.reason + more + note,
  });
}

function freezeAll(verdicts: Verdict[]): readonly Verdict[] {
  return Object.freeze(
    verdicts.map((verdict) => Object.freeze({ ...verdict, ruleIds: Object.freeze([...verdict.ruleIds]) })),
  );
}
