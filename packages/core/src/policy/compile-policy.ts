import type { z } from 'zod';
import type { DocumentPath } from '../config/parse-document.js';
import { formatDocumentPath } from '../config/parse-document.js';
import { type Callers, type CallersInput, CallersSchema } from '../context/callers-schema.js';
import type { RequestContext } from '../context/request-context.js';
import { errorCodes } from '../errors/error-codes.js';
import { createJurisdictionsUnchecked, type Jurisdictions } from '../jurisdiction/create-jurisdictions.js';
import { groupProblems } from '../jurisdiction/group-problems.js';
import { targetProblems } from '../target/target-problems.js';
import { type Target, type TargetInput, TargetSchema } from '../target/target-schema.js';
import { describeSchemaIssues } from '../validation/describe-schema-issue.js';
import { type Problem, problemText } from '../validation/problem.js';
import { type CatalogIndex, createCatalogIndex } from './catalog-index.js';
import { type CompiledRule, compileRule } from './compile-rule.js';
import { expandPacks, type RuleEntry } from './expand-packs.js';
import { PolicyError } from './policy-error.js';
import { policyHash } from './policy-hash.js';
import { type InactiveRule, policyProblems } from './policy-problems.js';
import { type Policy, type PolicyInput, PolicySchema } from './policy-schema.js';
import { createTargetSetPolicy } from './target-set-policy.js';
import type { Verdict } from './verdict.js';

/**
 * A compiled policy over a target catalog. Build it once (at start-up or when
 * the policy changes) with {@link compilePolicy}; evaluate it per request.
 */
export interface CompiledPolicy {
  /** Stable hash of the policy, the catalog, the groups and the callers: the policy version in records. */
  readonly version: string;
  /** The validated policy, with its packs' rules appended after its own. */
  readonly policy: Policy;
  /** The validated catalog. */
  readonly targets: readonly Target[];
  /** The jurisdiction resolver the policy was compiled with. */
  readonly jurisdictions: Jurisdictions;
  /** Who the policy serves: the data classes (and tenants) requests may carry. */
  readonly callers: Callers;
  /** Pack rules that can never apply to this catalog or these callers, and why. */
  readonly inactive: readonly InactiveRule[];
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
  /**
   * Whether each target may serve, aligned with `targetIds`: the same
   * decision as {@link TargetSetPolicy.evaluate} without the evidence (rule
   * ids, reasons), and without caching; what the coverage map asks.
   */
  allowed(context: RequestContext, at: number): readonly boolean[];
}

/** What the analyses (lint, coverage, diff) read from a compiled policy. */
export interface PolicyInternals {
  readonly entries: readonly RuleEntry[];
  readonly rules: readonly CompiledRule[];
  readonly catalog: CatalogIndex;
}

const internals = new WeakMap<CompiledPolicy, PolicyInternals>();

/** The compiled rules and indexed catalog behind a compiled policy (for the analyses). */
export function policyInternals(compiled: CompiledPolicy): PolicyInternals {
  const found = internals.get(compiled);
  if (!found) throw new TypeError('not a policy compiled by compilePolicy');
  return found;
}

/**
 * Compiles a policy over a target catalog: validates both, expands packs and
 * jurisdiction groups, checks that every reference in the policy's own
 * rules resolves, and prepares per-request evaluation. Deny overrides; a
 * `require` rule denies every target that does not match it; `allow`
 * decides only where the default is `deny`; a caller whose jurisdiction is
 * missing or unknown is restricted (fail closed).
 *
 * @param options.policy the policy (validated here; packs are expanded by name).
 * @param options.targets the catalog.
 * @param options.groups user-defined jurisdiction groups.
 * @param options.callers who the config serves (data classes, tenants); default data classes when absent.
 * @returns the compiled policy.
 * @throws {PolicyError} listing every problem (schema, groups, unknown pack,
 *   unknown jurisdiction code or data class, a value naming no target,
 *   duplicate rule or target id) with its path.
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
  callers?: CallersInput | Callers;
}): CompiledPolicy {
  const problems: Problem[] = [];
  const schemaProblems = (schema: z.ZodType, value: unknown, prefix: DocumentPath) => {
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        for (const problem of describeSchemaIssues({ issue, schema, value }))
          problems.push({ ...problem, path: [...prefix, ...problem.path] });
    }
    return parsed;
  };
  const groups = groupProblems(options.groups ?? {});
  problems.push(...groups.problems);
  const jurisdictions = createJurisdictionsUnchecked(groups.sanitized);
  const parsedCallers = schemaProblems(CallersSchema, options.callers ?? {}, ['callers']);
  const callers: Callers = parsedCallers.success ? (parsedCallers.data as Callers) : CallersSchema.parse({});
  const parsedPolicy = schemaProblems(PolicySchema, options.policy, []);
  const targets: { target: Target; index: number }[] = [];
  options.targets.forEach((input, index) => {
    const parsed = schemaProblems(TargetSchema, input, ['targets', index]);
    if (parsed.success) targets.push({ target: parsed.data as Target, index });
  });
  problems.push(...targetProblems({ targets, jurisdictions }));
  if (!parsedPolicy.success) throw policyError(problems);

  const own = parsedPolicy.data as Policy;
  const expanded = expandPacks({
    rules: own.rules.map((rule, index) => ({ rule, index })),
    packs: own.packs,
  });
  problems.push(...expanded.problems);
  const catalog = createCatalogIndex({ targets: targets.map(({ target }) => target), jurisdictions });
  const checked = policyProblems({ rules: expanded.entries, catalog, jurisdictions, callers });
  problems.push(...checked.problems);
  if (problems.length > 0) throw policyError(problems);

  const policy: Policy = { ...own, rules: expanded.entries.map(({ rule }) => rule) };
  const compiledRules = policy.rules.map((rule) => compileRule(rule, jurisdictions));
  const byId = new Map(catalog.targets.map((target, index) => [target.id, index]));
  const catalogSummary =
    catalog.targets.length <= 10
      ? catalog.targets.map((target) => target.id).join(', ') || 'no targets'
      : `${catalog.targets.length} targets (${catalog.targets
          .slice(0, 5)
          .map((target) => target.id)
          .join(', ')}, ...)`;
  const version = policyHash({
    policy,
    targets: catalog.targets,
    groups: options.groups ?? {},
    ...(options.callers === undefined ? {} : { callers }),
  });
  let whole: TargetSetPolicy | undefined;

  const compiled: CompiledPolicy = {
    version,
    policy,
    targets: catalog.targets,
    jurisdictions,
    callers,
    inactive: checked.inactive,
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
        targets: indices.map((index) => catalog.targets[index] as Target),
        hostedSets: indices.map((index) => catalog.hosted[index] as ReadonlySet<string>),
        originSets: indices.map((index) => catalog.origin[index] as ReadonlySet<string>),
      });
    },
    evaluate(context, evaluateOptions = {}) {
      const at = evaluateOptions.at === undefined ? Date.now() : Number(evaluateOptions.at);
      if (evaluateOptions.targets) return compiled.forTargets(evaluateOptions.targets).evaluate(context, at);
      whole ??= compiled.forTargets(catalog.targets.map((target) => target.id));
      return whole.evaluate(context, at);
    },
  };
  internals.set(compiled, { entries: expanded.entries, rules: compiledRules, catalog });
  return compiled;
}

function policyError(problems: readonly Problem[]): PolicyError {
  return new PolicyError({
    issues: problems.map((problem) => ({
      path: formatDocumentPath(problem.path),
      message: problemText(problem),
    })),
  });
}
