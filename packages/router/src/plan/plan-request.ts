import type { RequestContext, Verdict } from '@switchyard/core';
import type { IneligibleCandidate } from '../errors/no-eligible-target-error.js';
import type { PreparedTarget } from '../prepare/prepared-target.js';
import type { SkippedCandidate } from '../record/skipped-reason.js';
import { checkEligibility, type Ineligibility, type NoModelSkip } from './check-eligibility.js';
import { orderByStrategy } from './order-by-strategy.js';
import type { PlanCandidate, PlanRoute } from './plan-candidate.js';
import type { RequestNeeds } from './request-needs.js';

/** A candidate ordered after the healthy ones, and why: recorded as skipped if its turn never comes. */
export interface Demotion<Candidate extends PlanCandidate = PreparedTarget> {
  readonly entry: Candidate;
  readonly reason: 'rate_limited' | 'circuit_open';
  readonly detail: string;
}

/** Which candidates to try, in which order, and why the others are out. */
export interface RequestPlan<Candidate extends PlanCandidate = PreparedTarget> {
  /** Candidates to try, in order: healthy ones by strategy, then demoted ones, then the last resort. */
  readonly ordered: Candidate[];
  /**
   * Candidates the policy allowed that cannot serve (no model, cut off, capability, context window); undefined: none.
   * Read-only: it may be the route's shared, frozen list.
   */
  readonly skipped: readonly SkippedCandidate[] | undefined;
  /** Every candidate out of the running, with why (the policy's denials included); undefined: none. Read-only. */
  readonly ineligible: readonly IneligibleCandidate[] | undefined;
  /** Candidates ordered after the healthy ones. */
  readonly demoted: readonly Demotion<Candidate>[];
  /** Cut-off candidates whose probe is due: this request tries them (the caller claims the probes). */
  readonly probes: readonly Candidate[];
}

/**
 * Plans one request, without I/O and without changing anything: from the
 * route, the caller's context, the policy's verdicts (one per candidate), the
 * call's needs, the targets' health as it reads now and the strategy's
 * random source, which candidates to try in which order, and why each other
 * candidate is out. A denied target is never in `ordered`.
 *
 * Order: allowed, eligible, healthy candidates by the route's strategy; then
 * demoted ones (rate limited recently, circuit open), by strategy; then the
 * last resort in its configured order.
 *
 * Planning reads only {@link PlanCandidate}s: the router's prepared targets,
 * or, to replay a recorded decision, candidates whose health is the state
 * the record says was in force (`decide()` in `@switchyard/evidence`).
 *
 * @example
 * ```ts
 * const plan = planRequest({ route, context, verdicts: route.policy.evaluate(context, now), needs, now, random: Math.random });
 * plan.ordered.map((entry) => entry.target.id);
 * ```
 */
export function planRequest<Candidate extends PlanCandidate>(options: {
  route: PlanRoute<Candidate>;
  context: RequestContext;
  verdicts: readonly Verdict[];
  needs: RequestNeeds;
  now: number;
  random: () => number;
}): RequestPlan<Candidate> {
  const { route, context, verdicts, needs, now } = options;
  const candidates = route.candidates;
  // Sized to the route: `[]` grows to 17 slots at its first push, and a stream's request keeps its plan until it ends.
  const ordered = new Array<Candidate>(candidates.length);
  let healthy = 0;
  let degraded: Candidate[] | undefined;
  // Sized to the candidates left when the first comes: `[]` would grow to 17 slots at its first push.
  let lastResort: Candidate[] | undefined;
  let lastResortCount = 0;
  // Sized to the candidates left when the first comes (then trimmed): no spare room either.
  let skipped: SkippedCandidate[] | undefined;
  let skippedCount = 0;
  // Whether every skip so far is a target's prebuilt `no_model` entry (then the route's shared list may serve).
  let sharedSkips = true;
  let ineligible: IneligibleCandidate[] | undefined;
  let ineligibleCount = 0;
  let demoted: Demotion<Candidate>[] | undefined;
  let probes: Candidate[] | undefined;
  for (let index = 0; index < candidates.length; index++) {
    const entry = candidates[index] as Candidate;
    const verdict = verdicts[index];
    const targetId = entry.target.id;
    if (!verdict?.allowed) {
      ineligible ??= new Array(candidates.length - index);
      ineligible[ineligibleCount++] = { targetId, reason: 'policy', detail: verdict?.reason ?? 'no verdict' };
      continue;
    }
    const out = checkEligibility({ entry, jurisdiction: context.jurisdiction, needs, now });
    if (out) {
      // One entry in both lists (read-only): a stream's request keeps them until it ends. A target
      // without a model has its entry built once (frozen): every request keeps that one.
      const prebuilt = out === entry.noModel && (out as Partial<SkippedCandidate>).targetId === targetId;
      if (!prebuilt) sharedSkips = false;
      const entryOut: { targetId: string; reason: Ineligibility['reason']; detail: string } = prebuilt
        ? (out as NoModelSkip)
        : { targetId, reason: out.reason, detail: out.detail };
      skipped ??= new Array(candidates.length - index);
      skipped[skippedCount++] = entryOut;
      ineligible ??= new Array(candidates.length - index);
      ineligible[ineligibleCount++] = entryOut;
      continue;
    }
    if (entry.health.record.hasCutoffs && entry.health.cutoffFor(context.jurisdiction, now)?.probeDue) {
      probes ??= [];
      probes.push(entry);
    }
    if (index >= route.lastResortFrom) {
      lastResort ??= new Array(candidates.length - index);
      lastResort[lastResortCount++] = entry;
      continue;
    }
    const demotion = entry.health.demotion(now);
    if (demotion === undefined) {
      ordered[healthy++] = entry;
      continue;
    }
    degraded ??= [];
    degraded.push(entry);
    demoted ??= [];
    demoted.push({
      entry,
      reason: demotion,
      detail:
        demotion === 'rate_limited'
          ? `rate limited until ${new Date(entry.health.record.rateLimitedUntil).toISOString()}: ordered after the healthy candidates`
          : 'its circuit is open after repeated failures: ordered after the healthy candidates',
    });
  }
  ordered.length = healthy;
  if (skipped) skipped.length = skippedCount;
  if (ineligible) ineligible.length = ineligibleCount;
  // Only the targets without a model skipped, none denied: the route's frozen list is both lists (no copies kept).
  const routeSkips = route.noModelSkips;
  if (
    sharedSkips &&
    skippedCount > 0 &&
    ineligibleCount === skippedCount &&
    routeSkips !== undefined &&
    routeSkips.length === skippedCount
  ) {
    skipped = routeSkips as SkippedCandidate[];
    ineligible = routeSkips as IneligibleCandidate[];
  }
  orderByStrategy({ route, list: ordered, needs, random: options.random });
  if (degraded) {
    orderByStrategy({ route, list: degraded, needs, random: options.random });
    for (const entry of degraded) ordered.push(entry);
  }
  if (lastResort)
    for (let index = 0; index < lastResortCount; index++) ordered.push(lastResort[index] as Candidate);
  return {
    ordered,
    skipped,
    ineligible,
    demoted: demoted ?? (noDemotions as readonly Demotion<Candidate>[]),
    probes: probes ?? (noProbes as readonly Candidate[]),
  };
}

const noDemotions: readonly Demotion<PlanCandidate>[] = Object.freeze([]);
const noProbes: readonly PlanCandidate[] = Object.freeze([]);
