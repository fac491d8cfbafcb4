import { compareText, roundUsd } from '@switchyard/core';
import type { Dimension } from '../aggregate/dimension.js';
import type { GroupFigures, Report } from '../aggregate/report.js';
import { ReportInputError } from '../errors/report-input-error.js';

/**
 * Deltas (after − before) of one group. Counts and costs of a group absent
 * from one run compare with zeros; a rate or a latency has no value over no
 * request, so its delta is `null` when either run has none (no served request,
 * for latencies): a provider new in the second run has no "+540 ms".
 */
export interface FigureDeltas {
  readonly requests: number;
  readonly costUsd: number;
  readonly costWastedUsd: number;
  /** Cost per request (after) − cost per request (before): fair when the runs differ in size; `null` when a run has no request. */
  readonly costPerRequestUsd: number | null;
  /** `null` when a run has no served request in the group; likewise p90 and p99. */
  readonly latencyP50Ms: number | null;
  readonly latencyP90Ms: number | null;
  readonly latencyP99Ms: number | null;
  /** `null` when a run has no request in the group. */
  readonly fallbackRate: number | null;
  /** Share of served requests, 0..1. */
  readonly share: number;
}

/** One group in both runs; a side is `null` when the group is absent from it. */
export interface ComparisonRow {
  readonly key: Readonly<Partial<Record<Dimension, string>>>;
  readonly before: GroupFigures | null;
  readonly after: GroupFigures | null;
  readonly delta: FigureDeltas;
}

/** Traffic share of one target in both runs. */
export interface ShareDelta {
  readonly target: string;
  readonly before: number;
  readonly after: number;
  readonly delta: number;
}

/** Two reports side by side: `after` − `before`. */
export interface Comparison {
  readonly before: { readonly sources: readonly string[]; readonly requests: number };
  readonly after: { readonly sources: readonly string[]; readonly requests: number };
  readonly by: readonly Dimension[];
  readonly total: ComparisonRow;
  readonly groups: readonly ComparisonRow[];
  /** Share of served requests per target, over the whole run. */
  readonly targets: readonly ShareDelta[];
}

/**
 * A latency delta of two percentile estimates, or 0 when it lies within their combined error
 * (`error` relative, plus 1 µs each): two runs with the same exact percentile must not read
 * `+0.1 ms` because one estimate came from a wider histogram than the other.
 */
function latencyDelta(before: number, after: number, error: number): number {
  const delta = after - before;
  const bound = (before + after) * error + 0.002;
  return Math.abs(delta) <= bound ? 0 : delta;
}

function deltas(before: GroupFigures | null, after: GroupFigures | null, error = 0): FigureDeltas {
  const value = (figures: GroupFigures | null, pick: (figures: GroupFigures) => number) =>
    figures === null ? 0 : pick(figures);
  const minus = (pick: (figures: GroupFigures) => number) => value(after, pick) - value(before, pick);
  const requested = (figures: GroupFigures | null): figures is GroupFigures =>
    figures !== null && figures.requests > 0;
  const timed = (figures: GroupFigures | null): figures is GroupFigures =>
    figures !== null && figures.latencyMs.count > 0;
  const both = requested(before) && requested(after);
  const latency = (pick: (figures: GroupFigures) => number) =>
    timed(before) && timed(after) ? latencyDelta(pick(before), pick(after), error) : null;
  return {
    requests: minus((figures) => figures.requests),
    costUsd: roundUsd(minus((figures) => figures.costUsd)),
    costWastedUsd: roundUsd(minus((figures) => figures.costWastedUsd)),
    costPerRequestUsd: both
      ? roundUsd(after.costUsd / after.requests - before.costUsd / before.requests)
      : null,
    latencyP50Ms: latency((figures) => figures.latencyMs.p50),
    latencyP90Ms: latency((figures) => figures.latencyMs.p90),
    latencyP99Ms: latency((figures) => figures.latencyMs.p99),
    fallbackRate: both ? after.fallbackRate - before.fallbackRate : null,
    share: minus((figures) => figures.share),
  };
}

function targetShares(report: Report): Map<string, number> {
  const served = new Map<string, number>();
  for (const bucket of report.series.buckets)
    for (const [target, count] of Object.entries(bucket.servedBy))
      served.set(target, (served.get(target) ?? 0) + count);
  const total = report.total.served;
  return new Map([...served].map(([target, count]) => [target, total === 0 ? 0 : count / total]));
}

/**
 * Compares two reports grouped the same way (before and after a policy
 * change, or two drills): per group and in total, the deltas (after −
 * before) of requests, cost, wasted cost, cost per request, latency
 * p50/p90/p99, fallback rate and share; and each target's share of served
 * traffic. A group present in one run only is compared with zeros for
 * counts, costs and share, and has no cost-per-request, latency or fallback
 * delta (`null`). A latency delta within the two percentiles' combined error
 * (`report.percentileError.groups`, 0.1 %, plus 1 µs each) is 0: the estimates of one exact
 * percentile differ by up to that much.
 *
 * @param options.before the baseline report.
 * @param options.after the report to compare with it.
 * @throws {ReportInputError} when the reports are grouped by different dimensions.
 * @example
 * ```ts
 * const comparison = compareReports({ before: await buildReport({ sources: ['a.jsonl'] }), after: await buildReport({ sources: ['b.jsonl'] }) });
 * console.log(comparison.total.delta.costUsd);
 * ```
 */
export function compareReports(options: { before: Report; after: Report }): Comparison {
  const { before, after } = options;
  if (before.by.join(',') !== after.by.join(','))
    throw new ReportInputError({
      source: 'compare',
      unreadable: false,
      message: `cannot compare reports grouped by "${before.by.join(',')}" and "${after.by.join(',')}"; group both the same way`,
    });
  const rows = new Map<
    string,
    { key: ComparisonRow['key']; before: GroupFigures | null; after: GroupFigures | null }
  >();
  for (const group of before.groups)
    rows.set(JSON.stringify(group.key), { key: group.key, before: group, after: null });
  for (const group of after.groups) {
    const id = JSON.stringify(group.key);
    const row = rows.get(id);
    if (row) row.after = group;
    else rows.set(id, { key: group.key, before: null, after: group });
  }
  // Each percentile is within this relative error of the exact one (0 for reports without it).
  const error = Math.max(before.percentileError?.groups ?? 0, after.percentileError?.groups ?? 0);
  const beforeShares = targetShares(before);
  const afterShares = targetShares(after);
  const targets = [...new Set([...beforeShares.keys(), ...afterShares.keys()])]
    .map((target) => {
      const shareBefore = beforeShares.get(target) ?? 0;
      const shareAfter = afterShares.get(target) ?? 0;
      return { target, before: shareBefore, after: shareAfter, delta: shareAfter - shareBefore };
    })
    .sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta) || compareText(a.target, b.target));
  return {
    before: { sources: before.sources, requests: before.total.requests },
    after: { sources: after.sources, requests: after.total.requests },
    by: before.by,
    total: {
      key: {},
      before: before.total,
      after: after.total,
      delta: deltas(before.total, after.total, error),
    },
    groups: [...rows.values()].map((row) => ({ ...row, delta: deltas(row.before, row.after, error) })),
    targets,
  };
}
