import picomatch from 'picomatch';
import type { z } from 'zod';
import type { RequestContext } from '../context/request-context.js';
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
   * @throws {PolicyError} naming every unknown target id.
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
          message: unknownCodeMessage(target[field], jurisdictions),
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
    checkCodes(rule.when?.jurisdiction, `${path}.when.jurisdiction`, false);
    checkCodes(rule.when?.notJurisdiction, `${path}.when.notJurisdiction`, false);
    checkCodes(rule.targets?.hostedIn, `${path}.targets.hostedIn`, true);
    checkCodes(rule.targets?.notHostedIn, `${path}.targets.notHostedIn`, true);
    checkCodes(rule.targets?.origin, `${path}.targets.origin`, false);
  }
  if (issues.length > 0) throw new PolicyError({ issues });

  function checkCodes(list: readonly string[] | undefined, path: string, allowSelf: boolean) {
    list?.forEach((code, index) => {
      if (!jurisdictions.isKnown(code) || (!allowSelf && code === 'self')) {
        issues.push({ path: `${path}[${index}]`, message: unknownCodeMessage(code, jurisdictions) });
      }
    });
  }

  const policy: Policy = { ...own, rules: rules.map(({ rule }) => rule) };
  const compiledRules = policy.rules.map((rule) => compileRule(rule, jurisdictions));
  const byId = new Map(targets.map((target, index) => [target.id, index]));
  const hostedSets = targets.map((target) => jurisdictions.expand(target.hostedIn));
  const originSets = targets.map((target) => jurisdictions.expand(target.origin));
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
          issues: unknown.map((id) => ({ path: 'targets', message: `unknown target id "${id}"` })),
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

function unknownCodeMessage(code: string, jurisdictions: Jurisdictions): string {
  return `unknown jurisdiction "${code}": expected an ISO 3166-1 alpha-2 code (e.g. DE)${
    code === 'self' ? '' : ', "self" (hostedIn only)'
  } or a group (${jurisdictions.groupNames.join(', ')})`;
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
    for (const code of codes) for (const member of jurisdictions.expand(code)) result.add(member);
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

/** Whether the rule's conditions hold for the caller: `certain` for allow rules, possibly for deny and require. */
function matchCondition(
  condition: CompiledCondition,
  caller: Caller,
  context: RequestContext,
  certain: boolean,
): boolean {
  if (condition.jurisdiction) {
    if (caller.kind === 'unknown') {
      if (certain) return false;
    } else if (caller.kind === 'country') {
      if (!condition.jurisdiction.has(caller.code)) return false;
    } else if (!(certain ? allIn : someIn)(caller.members, condition.jurisdiction)) return false;
  }
  if (condition.notJurisdiction) {
    if (caller.kind === 'unknown') {
      if (certain) return false;
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
  if (condition.tenant && (context.tenant === undefined || !condition.tenant(context.tenant))) return false;
  if (condition.tags && !(context.tags ?? []).some((tag) => condition.tags?.has(tag))) return false;
  return true;
}

interface RelevantRule {
  readonly compiled: CompiledRule;
  /** For deny: targets it possibly matches. For require: targets that do not certainly satisfy it. For allow: targets it certainly matches. */
  readonly affected: readonly number[];
}

const cacheLimit = 4096;
const separator = '\u0001';

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
    if (affected.length > 0 && (compiled.rule.effect !== 'allow' || policy.defaultEffect === 'deny')) {
      relevant.push({ compiled, affected });
    }
  }

  // The instants at which the active rule set changes: within two neighbours nothing changes.
  const instants = new Set<number>();
  for (const { compiled } of relevant) {
    if (Number.isFinite(compiled.from)) instants.add(compiled.from);
    if (Number.isFinite(compiled.until)) instants.add(compiled.until);
  }
  const breakpoints = Float64Array.from([...instants].sort((a, b) => a - b));

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
  const cache = new Map<string, readonly Verdict[]>();
  const restrictedCache = new Map<string, readonly Verdict[]>();

  function restricted(jurisdiction: string | undefined): readonly Verdict[] {
    const key = jurisdiction ?? '';
    let verdicts = restrictedCache.get(key);
    if (!verdicts) {
      const why =
        jurisdiction === undefined
          ? 'the request names no caller jurisdiction'
          : `caller jurisdiction "${jurisdiction}" is unknown`;
      verdicts = freezeAll(
        targetIds.map((targetId) => ({
          targetId,
          allowed: false,
          effect: 'restricted' as const,
          ruleIds: [],
          reason: `${why}; the policy denies unknown callers (unknownJurisdiction: deny)`,
        })),
      );
      if (restrictedCache.size < cacheLimit) restrictedCache.set(key, verdicts);
    }
    return verdicts;
  }

  function resolveCaller(jurisdiction: string | undefined): Caller {
    if (jurisdiction === undefined || !jurisdictions.isKnown(jurisdiction) || jurisdiction === 'self')
      return { kind: 'unknown' };
    if (jurisdictions.isGroup(jurisdiction))
      return { kind: 'group', members: jurisdictions.expand(jurisdiction) };
    return { kind: 'country', code: jurisdiction };
  }

  function compute(context: RequestContext, at: number): readonly Verdict[] {
    const caller = resolveCaller(context.jurisdiction);
    if (caller.kind === 'unknown' && policy.unknownJurisdiction === 'deny')
      return restricted(context.jurisdiction);
    if (relevant.length === 0) return defaultVerdicts;
    const denies: (CompiledRule[] | undefined)[] = new Array(count);
    const requires: (CompiledRule[] | undefined)[] = new Array(count);
    const allows: (CompiledRule[] | undefined)[] = new Array(count);
    for (const { compiled, affected } of relevant) {
      if (at < compiled.from || at >= compiled.until) continue;
      const effect = compiled.rule.effect;
      if (!matchCondition(compiled.when, caller, context, effect === 'allow')) continue;
      const lists = effect === 'deny' ? denies : effect === 'require' ? requires : allows;
      for (const index of affected) {
        const list = lists[index];
        if (list) list.push(compiled);
        else lists[index] = [compiled];
      }
    }
    const unknownNote =
      caller.kind === 'unknown'
        ? context.jurisdiction === undefined
          ? ' (no caller jurisdiction: treated as restricted)'
          : ` (unknown caller jurisdiction "${context.jurisdiction}": treated as restricted)`
        : '';
    const verdicts: Verdict[] = new Array(count);
    for (let index = 0; index < count; index++) {
      const targetId = targetIds[index] as string;
      const deny = denies[index];
      const require = requires[index];
      const allow = allows[index];
      if (deny) verdicts[index] = decided(targetId, false, 'deny', deny, unknownNote);
      else if (require) verdicts[index] = decided(targetId, false, 'require', require, unknownNote);
      else if (allow) verdicts[index] = decided(targetId, true, 'allow', allow, unknownNote);
      else verdicts[index] = defaultVerdicts[index] as Verdict;
    }
    return Object.freeze(verdicts);
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
      const tags = context.tags;
      const key =
        low +
        separator +
        (context.jurisdiction ?? '') +
        separator +
        (context.dataClass ?? separator) +
        separator +
        (context.tenant ?? separator) +
        separator +
        (tags === undefined || tags.length === 0 ? '' : tags.length === 1 ? tags[0] : tags.join(separator));
      let verdicts = cache.get(key);
      if (verdicts === undefined) {
        verdicts = compute(context, at);
        if (cache.size >= cacheLimit) cache.clear();
        cache.set(key, verdicts);
      }
      return verdicts;
    },
  };
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
