import picomatch from 'picomatch';
import type { z } from 'zod';
import type { RequestContext } from '../context/request-context.js';
import { errorCodes } from '../errors/error-codes.js';
import { unknownCaller } from '../jurisdiction/builtin-groups.js';
import { createJurisdictions, type Jurisdictions } from '../jurisdiction/create-jurisdictions.js';
import { JurisdictionError } from '../jurisdiction/jurisdiction-error.js';
import { type Target, type TargetInput, TargetSchema } from '../target/target-schema.js';
import { policyPacks } from './packs/index.js';
import { PolicyError, type PolicyIssue } from './policy-error.js';
import { policyHash } from './policy-hash.js';
import {
  type Policy,
  type PolicyCondition,
  type PolicyInput,
  type PolicyRule,
  PolicySchema,
  type TargetPredicate,
} from './policy-schema.js';
import type { Verdict } from './verdict.js';

/**
 * A compiled policy over a target catalog. Build it once (at start-up or when
 * the policy changes) with {@link compilePolicy}; evaluate it per request.
 */
export interface CompiledPolicy {
  /** Stable hash of the policy, the catalog and the groups: the policy version in records. */
  readonly version: string;
  /** The validated policy, with its packs' rules appended after its own. */
  readonly policy: Policy;
  /** The validated catalog. */
  readonly targets: readonly Target[];
  /** The jurisdiction resolver the policy was compiled with. */
  readonly jurisdictions: Jurisdictions;
  /**
   * Precomputes everything that does not depend on the request for one
   * ordered set of targets (a route's candidates). Call once per route.
   *
   * @throws {PolicyError} with code `TARGET_UNKNOWN`, naming every unknown target id.
   */
  forTargets(targetIds: readonly string[]): TargetSetPolicy;
  /**
   * Verdicts for `targets` (default: the whole catalog) in `context` at `at`
   * (default: now). Convenient for tools; the request path uses
   * {@link CompiledPolicy.forTargets}.
   */
  evaluate(
    context: RequestContext,
    options?: { at?: Date | number; targets?: readonly string[] },
  ): readonly Verdict[];
}

/** The policy, precomputed for one ordered set of targets. */
export interface TargetSetPolicy {
  /** The targets, in the order verdicts are returned. */
  readonly targetIds: readonly string[];
  /**
   * One verdict per target, aligned with `targetIds`. The returned array and
   * verdicts are frozen and may be shared between calls: do not mutate.
   *
   * @param context who is asking.
   * @param at the instant, in epoch milliseconds.
   */
  evaluate(context: RequestContext, at: number): readonly Verdict[];
}

/**
 * Compiles a policy over a target catalog: validates both, expands packs and
 * jurisdiction groups, and prepares per-request evaluation. Deny overrides;
 * a `require` rule denies every target that does not match it; `allow`
 * decides only where the default is `deny`; a caller whose jurisdiction is
 * missing or unknown is restricted (fail closed).
 *
 * @param options.policy the policy (validated here; packs are expanded by name).
 * @param options.targets the catalog.
 * @param options.groups user-defined jurisdiction groups.
 * @returns the compiled policy.
 * @throws {PolicyError} listing every problem (schema, unknown pack, unknown
 *   jurisdiction code, duplicate rule or target id) with its path.
 *
 * @example
 * ```ts
 * const compiled = compilePolicy({ policy: { packs: ['us-export-control-2026'] }, targets });
 * const verdicts = compiled.forTargets(['openai-gpt', 'local-llama']).evaluate({ jurisdiction: 'CN' }, Date.now());
 * ```
 */
export function compilePolicy(options: {
  policy: PolicyInput | Policy;
  targets: readonly (TargetInput | Target)[];
  groups?: Readonly<Record<string, readonly string[]>>;
}): CompiledPolicy {
  const issues: PolicyIssue[] = [];
  let jurisdictions: Jurisdictions;
  try {
    jurisdictions = createJurisdictions({ groups: options.groups ?? {} });
  } catch (error) {
    if (!JurisdictionError.isInstance(error)) throw error;
    throw new PolicyError({ issues: [{ path: 'groups', message: error.message }] });
  }

  const parsedPolicy = PolicySchema.safeParse(options.policy);
  if (!parsedPolicy.success) issues.push(...zodIssues(parsedPolicy.error, ''));
  const targets: Target[] = [];
  const seenTargets = new Set<string>();
  options.targets.forEach((input, index) => {
    const parsed = TargetSchema.safeParse(input);
    if (!parsed.success) {
      issues.push(...zodIssues(parsed.error, `targets[${index}]`));
      return;
    }
    const target = parsed.data;
    if (seenTargets.has(target.id))
      issues.push({ path: `targets[${index}].id`, message: `duplicate target id "${target.id}"` });
    seenTargets.add(target.id);
    for (const field of ['hostedIn', 'origin'] as const) {
      if (!jurisdictions.isKnown(target[field]) || (field === 'origin' && target.origin === 'self')) {
        issues.push({
          path: `targets[${index}].${field}`,
          message: unknownCodeMessage(target[field], jurisdictions, field === 'origin' ? 'origin' : 'hosted'),
        });
      }
    }
    targets.push(target);
  });
  if (!parsedPolicy.success) throw new PolicyError({ issues });

  const own = parsedPolicy.data;
  const rules: { rule: PolicyRule; path: string }[] = own.rules.map((rule, index) => ({
    rule,
    path: `rules[${index}]`,
  }));
  own.packs.forEach((name, packIndex) => {
    const pack = policyPacks[name];
    if (!pack) {
      issues.push({
        path: `packs[${packIndex}]`,
        message: `unknown policy pack "${name}"; expected one of ${Object.keys(policyPacks).join(', ')}`,
      });
      return;
    }
    pack.rules.forEach((rule, index) => {
      rules.push({ rule, path: `packs[${packIndex}](${name}).rules[${index}]` });
    });
  });
  const seenRules = new Set<string>();
  for (const { rule, path } of rules) {
    if (seenRules.has(rule.id))
      issues.push({ path: `${path}.id`, message: `duplicate rule id "${rule.id}"` });
    seenRules.add(rule.id);
    checkCodes(rule.when?.jurisdiction, `${path}.when.jurisdiction`, 'caller');
    checkCodes(rule.when?.notJurisdiction, `${path}.when.notJurisdiction`, 'caller');
    checkCodes(rule.targets?.hostedIn, `${path}.targets.hostedIn`, 'hosted');
    checkCodes(rule.targets?.notHostedIn, `${path}.targets.notHostedIn`, 'hosted');
    checkCodes(rule.targets?.origin, `${path}.targets.origin`, 'origin');
  }
  if (issues.length > 0) throw new PolicyError({ issues });

  function checkCodes(list: readonly string[] | undefined, path: string, kind: CodeKind) {
    list?.forEach((code, index) => {
      const valid =
        kind === 'caller'
          ? code === unknownCaller || (jurisdictions.isKnown(code) && code !== 'self')
          : jurisdictions.isKnown(code) && (kind === 'hosted' || code !== 'self');
      if (!valid)
        issues.push({ path: `${path}[${index}]`, message: unknownCodeMessage(code, jurisdictions, kind) });
    });
  }

  const policy: Policy = { ...own, rules: rules.map(({ rule }) => rule) };
  const compiledRules = policy.rules.map((rule) => compileRule(rule, jurisdictions));
  const byId = new Map(targets.map((target, index) => [target.id, index]));
  const hostedSets = targets.map((target) => jurisdictions.expand(target.hostedIn));
  const originSets = targets.map((target) => jurisdictions.expand(target.origin));
  const catalogSummary =
    targets.length <= 10
      ? targets.map((target) => target.id).join(', ') || 'no targets'
      : `${targets.length} targets (${targets
          .slice(0, 5)
          .map((target) => target.id)
          .join(', ')}, ...)`;
  const version = policyHash({ policy, targets, groups: options.groups ?? {} });
  let whole: TargetSetPolicy | undefined;

  const compiled: CompiledPolicy = {
    version,
    policy,
    targets,
    jurisdictions,
    forTargets(targetIds) {
      const unknown = targetIds.filter((id) => !byId.has(id));
      if (unknown.length > 0) {
        throw new PolicyError({
          code: errorCodes.TARGET_UNKNOWN,
          issues: unknown.map((id) => ({
            path: 'targets',
            message: `unknown target id "${id}"; the catalog has ${catalogSummary}`,
          })),
        });
      }
      const indices = targetIds.map((id) => byId.get(id) as number);
      return createTargetSetPolicy({
        policy,
        rules: compiledRules,
        jurisdictions,
        targetIds: [...targetIds],
        targets: indices.map((index) => targets[index] as Target),
        hostedSets: indices.map((index) => hostedSets[index] as ReadonlySet<string>),
        originSets: indices.map((index) => originSets[index] as ReadonlySet<string>),
      });
    },
    evaluate(context, evaluateOptions = {}) {
      const at = evaluateOptions.at === undefined ? Date.now() : Number(evaluateOptions.at);
      if (evaluateOptions.targets) return compiled.forTargets(evaluateOptions.targets).evaluate(context, at);
      whole ??= compiled.forTargets(targets.map((target) => target.id));
      return whole.evaluate(context, at);
    },
  };
  return compiled;
}

/** Where a jurisdiction code appears: a caller condition, where a target is hosted, a model origin. */
type CodeKind = 'caller' | 'hosted' | 'origin';

function unknownCodeMessage(code: string, jurisdictions: Jurisdictions, kind: CodeKind): string {
  const extra =
    kind === 'caller'
      ? ', or "unknown" for callers with no or an unknown jurisdiction'
      : kind === 'hosted'
        ? ', or "self" for on-premises'
        : '';
  return `unknown jurisdiction "${code}": expected an ISO 3166-1 alpha-2 code (e.g. DE), a group (${jurisdictions.groupNames.join(', ')})${extra}`;
}

function zodIssues(error: z.ZodError, prefix: string): PolicyIssue[] {
  return error.issues.map((issue) => ({
    path: formatPath(prefix, issue.path),
    message: issue.message,
  }));
}

function formatPath(prefix: string, path: readonly PropertyKey[]): string {
  let result = prefix;
  for (const key of path) {
    if (typeof key === 'number') result += `[${key}]`;
    else result += result === '' ? String(key) : `.${String(key)}`;
  }
  return result === '' ? '(root)' : result;
}

/** What the request says about who is asking, resolved once per cache miss. */
type Caller =
  | { readonly kind: 'country'; readonly code: string }
  | { readonly kind: 'group'; readonly members: ReadonlySet<string> }
  | { readonly kind: 'unknown' };

interface CompiledCondition {
  readonly jurisdiction?: ReadonlySet<string>;
  readonly notJurisdiction?: ReadonlySet<string>;
  readonly dataClass?: ReadonlySet<string>;
  readonly tenant?: (tenant: string) => boolean;
  readonly tags?: ReadonlySet<string>;
}

interface CompiledRule {
  readonly rule: PolicyRule;
  readonly from: number;
  readonly until: number;
  readonly when: CompiledCondition;
  readonly targets: CompiledPredicate;
  /** Prebuilt text used in verdict reasons. */
  readonly reason: string;
}

interface CompiledPredicate {
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

function compileRule(rule: PolicyRule, jurisdictions: Jurisdictions): CompiledRule {
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

/**
 * Whether a set-valued attribute `values` (where a target is hosted, what a
 * caller's jurisdiction may be) is inside `allowed`: `possible` when some
 * member is, `certain` when every member is.
 */
function someIn(values: ReadonlySet<string>, allowed: ReadonlySet<string>): boolean {
  for (const value of values) if (allowed.has(value)) return true;
  return false;
}
function allIn(values: ReadonlySet<string>, allowed: ReadonlySet<string>): boolean {
  for (const value of values) if (!allowed.has(value)) return false;
  return values.size > 0;
}

/** Whether the target matches the predicate: `certain` (every reading) or possibly (some reading). */
function matchTarget(
  predicate: CompiledPredicate,
  target: Target,
  hosted: ReadonlySet<string>,
  origin: ReadonlySet<string>,
  certain: boolean,
): boolean {
  if (predicate.id && !predicate.id(target.id)) return false;
  if (predicate.provider && !predicate.provider.has(target.provider)) return false;
  if (predicate.model && !predicate.model(target.model)) return false;
  if (predicate.weights && predicate.weights !== target.weights) return false;
  if (predicate.licence && !predicate.licence.has(target.licence)) return false;
  if (
    predicate.capability &&
    !predicate.capability.every((capability) => target.capabilities.includes(capability as never))
  )
    return false;
  if (predicate.tags && !target.tags.some((tag) => predicate.tags?.has(tag))) return false;
  const inSet = certain ? allIn : someIn;
  if (predicate.hostedIn && !inSet(hosted, predicate.hostedIn)) return false;
  if (predicate.notHostedIn) {
    // "hosted in none of N": certain when no member is in N, possible when some member is outside N.
    const outside = certain ? !someIn(hosted, predicate.notHostedIn) : !allIn(hosted, predicate.notHostedIn);
    if (!outside) return false;
  }
  if (predicate.origin && !inSet(origin, predicate.origin)) return false;
  return true;
}

/**
 * Whether the rule's caller conditions that key a slice (jurisdiction,
 * notJurisdiction, data class) hold: `certain` for allow rules, possibly for
 * deny and require.
 */
function matchSliceCondition(
  condition: CompiledCondition,
  caller: Caller,
  context: RequestContext,
  certain: boolean,
): boolean {
  if (condition.jurisdiction) {
    if (caller.kind === 'unknown') {
      if (certain && !condition.jurisdiction.has(unknownCaller)) return false;
    } else if (caller.kind === 'country') {
      if (!condition.jurisdiction.has(caller.code)) return false;
    } else if (!(certain ? allIn : someIn)(caller.members, condition.jurisdiction)) return false;
  }
  if (condition.notJurisdiction) {
    if (caller.kind === 'unknown') {
      if (certain || condition.notJurisdiction.has(unknownCaller)) return false;
    } else if (caller.kind === 'country') {
      if (condition.notJurisdiction.has(caller.code)) return false;
    } else {
      const outside = certain
        ? !someIn(caller.members, condition.notJurisdiction)
        : !allIn(caller.members, condition.notJurisdiction);
      if (!outside) return false;
    }
  }
  if (condition.dataClass) {
    if (context.dataClass === undefined) {
      if (certain) return false;
    } else if (!condition.dataClass.has(context.dataClass)) return false;
  }
  return true;
}

/** Whether the rule's per-request conditions hold: tenant glob and request tags (absent means none). */
function matchRequestCondition(condition: CompiledCondition, context: RequestContext): boolean {
  if (condition.tenant && (context.tenant === undefined || !condition.tenant(context.tenant))) return false;
  if (condition.tags) {
    const tags = context.tags;
    if (tags === undefined) return false;
    let any = false;
    for (let index = 0; index < tags.length; index++) {
      if (condition.tags.has(tags[index] as string)) {
        any = true;
        break;
      }
    }
    if (!any) return false;
  }
  return true;
}

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

function createTargetSetPolicy(options: {
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

  function buildSlice(context: RequestContext, at: number): Slice {
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
    const candidates =
      caller.kind === 'country' ? mergeByPosition(byCountry.get(caller.code), anyCountry) : relevant;
    const active: RelevantRule[] = [];
    const perRequest: RelevantRule[] = [];
    for (const entry of candidates) {
      const compiled = entry.compiled;
      if (at < compiled.from || at >= compiled.until) continue;
      // An allow rule matters only where the fallback denies: for a restricted unknown
      // caller only if it names `unknown`, otherwise only under defaultEffect: deny.
      if (
        compiled.rule.effect === 'allow' &&
        (denyUnknown ? !namesUnknown(compiled) : policy.defaultEffect === 'allow')
      )
        continue;
      if (!matchSliceCondition(compiled.when, caller, context, compiled.rule.effect === 'allow')) continue;
      if (entry.perRequest) perRequest.push(entry);
      else active.push(entry);
    }
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

/** Whether the rule names `unknown` callers in `when.jurisdiction`. */
function namesUnknown(compiled: CompiledRule): boolean {
  return compiled.when.jurisdiction?.has(unknownCaller) === true;
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
