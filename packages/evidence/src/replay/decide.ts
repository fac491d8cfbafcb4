import type {
  CompiledPolicy,
  DecisionRecord,
  RequestContext,
  TargetSetPolicy,
  Verdict,
} from '@switchyard/core';
import { planRequest, type RequestNeeds, type SkippedCandidate } from '@switchyard/router/internal';
import type { DecisionBasis } from './decision-basis.js';
import { type ReplayCandidate, type ReplayHealth, replayRoute } from './replay-candidates.js';

/** A replayed plan: what the router would decide from a record's inputs under a basis. */
export interface Decision {
  /** The route's candidates (then last resort), in order, under the basis. */
  readonly candidates: readonly ReplayCandidate[];
  /** One verdict per candidate, aligned with `candidates`. */
  readonly verdicts: readonly Verdict[];
  /** Candidate ids in the order to try. */
  readonly order: readonly string[];
  /** Candidates the policy allowed that the plan set aside (no model, cut off, capability, context window). */
  readonly skipped: readonly SkippedCandidate[];
  /** Candidates ordered after the healthy ones, and why. */
  readonly demoted: readonly {
    readonly targetId: string;
    readonly reason: 'rate_limited' | 'circuit_open';
    readonly detail: string;
  }[];
  /** Cut-off candidates whose probe was due. */
  readonly probes: readonly string[];
  /** The instant it was decided at (epoch ms). */
  readonly at: number;
  /** Whether a `weighted` order needed more random draws than the record holds (the rest were 0.5: estimated). */
  readonly drawsExhausted: boolean;
}

/** The instant a record's plan was made: `decision.at` when the record's `time` cannot name it exactly. */
export function planInstant(record: DecisionRecord): number {
  return record.decision?.at ?? Date.parse(record.time);
}

/** What the call needed, from a record's inputs (version 1: estimated from its tokens). */
export function recordedNeeds(record: DecisionRecord): RequestNeeds {
  const decision = record.decision;
  if (decision) {
    const requires = decision.requires ?? [];
    return {
      tools: requires.includes('tools'),
      json: requires.includes('json'),
      vision: requires.includes('vision'),
      promptTokens: decision.promptTokens,
      outputTokens: decision.outputTokens,
    };
  }
  const usage = record.attempts.find((attempt) => attempt.usage !== undefined)?.usage;
  return {
    tools: false,
    json: false,
    vision: false,
    promptTokens: usage?.inputTokens ?? 0,
    outputTokens: usage?.outputTokens ?? 500,
  };
}

const routePolicies = new WeakMap<CompiledPolicy, Map<string, TargetSetPolicy>>();

/**
 * The verdicts of a route's candidates under a compiled policy, in `context`
 * at `at`: the policy precomputed once per route (and policy), then a
 * cached lookup per call.
 */
export function routeVerdicts(options: {
  policy: CompiledPolicy;
  route: string;
  ids: readonly string[];
  context: RequestContext;
  at: number;
}): readonly Verdict[] {
  let byRoute = routePolicies.get(options.policy);
  if (!byRoute) {
    byRoute = new Map();
    routePolicies.set(options.policy, byRoute);
  }
  let policy = byRoute.get(options.route);
  if (!policy) {
    policy = options.policy.forTargets(options.ids);
    byRoute.set(options.route, policy);
  }
  return policy.evaluate(options.context, options.at);
}

/**
 * Reproduces a decision, purely: from a record's inputs (its context, what
 * the call needed, the health state in force per candidate, the strategy's
 * inputs and random draws) and a basis (catalog and routes, prices,
 * compiled policy), the router's own planning (`planRequest`) gives the
 * verdicts, the order to try, and why each other candidate is out. No I/O,
 * no clock: the same inputs give the same plan. Under the record's own basis
 * and instant it must reproduce the recorded plan (`selfCheck`); under
 * another config it tells what that config would have decided (`whatIf`).
 *
 * @param options.record a decision record (version 2; a version 1 record is replayed with estimated needs and no health).
 * @param options.basis what to decide under.
 * @param options.at the instant (default: the record's).
 * @param options.health `as-recorded` (default) or `all-healthy`.
 * @returns the plan, or undefined when the basis has no route of the record's name.
 * @example
 * ```ts
 * const plan = decide({ record, basis: configBasis({ config }) });
 * plan?.order; // ['eu-mistral', 'local-llama']
 * ```
 */
export function decide(options: {
  record: DecisionRecord;
  basis: DecisionBasis;
  at?: number;
  health?: ReplayHealth;
}): Decision | undefined {
  const { record, basis } = options;
  const route = replayRoute({ record, basis, health: options.health ?? 'as-recorded' });
  if (!route) return undefined;
  const at = options.at ?? planInstant(record);
  const context: RequestContext = record.context;
  const verdicts = routeVerdicts({
    policy: basis.policy,
    route: record.route,
    ids: route.candidates.map((candidate) => candidate.target.id),
    context,
    at,
  });
  const draws = record.decision?.draws ?? [];
  let drawn = 0;
  const plan = planRequest({
    route,
    context,
    verdicts,
    needs: recordedNeeds(record),
    now: at,
    random: () => draws[drawn++] ?? 0.5,
  });
  return {
    candidates: route.candidates,
    verdicts,
    order: plan.ordered.map((candidate) => candidate.target.id),
    skipped: plan.skipped ?? [],
    demoted: plan.demoted.map((demotion) => ({
      targetId: demotion.entry.target.id,
      reason: demotion.reason,
      detail: demotion.detail,
    })),
    probes: plan.probes.map((candidate) => candidate.target.id),
    at,
    drawsExhausted: drawn > draws.length,
  };
}
