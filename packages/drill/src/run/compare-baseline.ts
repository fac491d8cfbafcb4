import { roundUsd } from '@switchyard/core';
import type { DrillFigures } from './drill-result.js';

/** One figure in the baseline run and in the drill, and the difference (drill − baseline). */
export interface BaselineDelta {
  readonly baseline: number;
  readonly drill: number;
  readonly delta: number;
}

/**
 * What the timeline's events cost: the drill compared with the same workload
 * and seed run without the timeline (no ban, no outage, no policy change).
 */
export interface DrillBaseline {
  /** Requests of each run. */
  readonly requests: BaselineDelta;
  /**
   * Requests served in each run. A run that served none has no latency to compare: its
   * `latencyP50Ms`/`latencyP99Ms` read 0, and the summary and the report show `-` (not 0 ms).
   */
  readonly served: BaselineDelta;
  /** Total cost, USD. */
  readonly costUsd: BaselineDelta;
  /** Cost of attempts that did not serve, USD. */
  readonly wastedCostUsd: BaselineDelta;
  /** Latency of served requests, simulated ms. */
  readonly latencyP50Ms: BaselineDelta;
  readonly latencyP99Ms: BaselineDelta;
  /** Share of requests served, 0..1. */
  readonly servedShare: BaselineDelta;
  /** Per caller jurisdiction: share of its requests served, 0..1. */
  readonly jurisdictions: Readonly<Record<string, BaselineDelta>>;
  /** Per target: its share of all served requests, 0..1. */
  readonly targets: Readonly<Record<string, BaselineDelta>>;
  /** Requests served by local open weights in each run; `delta` is how many moved there. */
  readonly toLocalOpenWeights: BaselineDelta;
}

const delta = (baseline: number, drill: number): BaselineDelta => ({
  baseline,
  drill,
  delta: drill - baseline,
});
/** A difference of two USD figures, without the noise of the subtraction. */
const usdDelta = (baseline: number, drill: number): BaselineDelta => ({
  baseline,
  drill,
  delta: roundUsd(drill - baseline),
});
const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

function served(figures: DrillFigures): number {
  let total = 0;
  for (const target of Object.values(figures.targets)) total += target.served;
  return total;
}

/**
 * Compares a drill's figures with its baseline's (the same workload and seed
 * without the timeline): Δ cost, Δ p50/p99 latency, Δ served share per
 * jurisdiction and per target, and how many requests moved to local open
 * weights.
 *
 * @param options.baseline the run without the timeline.
 * @param options.drill the run with it.
 */
export function compareBaseline(options: { baseline: DrillFigures; drill: DrillFigures }): DrillBaseline {
  const { baseline, drill } = options;
  const baselineServed = served(baseline);
  const drillServed = served(drill);
  const jurisdictions: Record<string, BaselineDelta> = {};
  for (const code of [
    ...new Set([...Object.keys(baseline.jurisdictions), ...Object.keys(drill.jurisdictions)]),
  ].sort()) {
    const before = baseline.jurisdictions[code];
    const after = drill.jurisdictions[code];
    jurisdictions[code] = delta(
      share(before?.served ?? 0, before?.requests ?? 0),
      share(after?.served ?? 0, after?.requests ?? 0),
    );
  }
  const targets: Record<string, BaselineDelta> = {};
  for (const id of [...new Set([...Object.keys(baseline.targets), ...Object.keys(drill.targets)])]) {
    targets[id] = delta(
      share(baseline.targets[id]?.served ?? 0, baselineServed),
      share(drill.targets[id]?.served ?? 0, drillServed),
    );
  }
  return {
    requests: delta(baseline.requests, drill.requests),
    served: delta(baselineServed, drillServed),
    costUsd: usdDelta(baseline.costUsd, drill.costUsd),
    wastedCostUsd: usdDelta(baseline.wastedCostUsd, drill.wastedCostUsd),
    latencyP50Ms: delta(baseline.latencyMs.p50, drill.latencyMs.p50),
    latencyP99Ms: delta(baseline.latencyMs.p99, drill.latencyMs.p99),
    servedShare: delta(share(baselineServed, baseline.requests), share(drillServed, drill.requests)),
    jurisdictions,
    targets,
    toLocalOpenWeights: delta(baseline.toLocalOpenWeights, drill.toLocalOpenWeights),
  };
}
