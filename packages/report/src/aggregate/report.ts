import type { BadLine } from '../read/bad-line.js';
import type { ReportEvent } from '../read/read-events.js';
import type { BudgetFigures } from './budget-accumulator.js';
import type { Dimension } from './dimension.js';
import type { LatencySummary } from './latency-digest.js';

/** Token counts of the attempts that served (the records' `totals.usage`). */
export interface TokenTotals {
  readonly input: number;
  readonly output: number;
  readonly cached: number;
  readonly reasoning: number;
}

/** The figures of one group (or of everything). */
export interface GroupFigures {
  /** Requests (attributed to the serving target when grouped by target/provider). */
  readonly requests: number;
  readonly served: number;
  readonly failed: number;
  /** Requests with a fallback depth above 0. */
  readonly fallbacks: number;
  /** fallbacks / requests (0 when there are none). */
  readonly fallbackRate: number;
  /** Mean and maximum fallback depth, and the count of requests per depth (index = depth). */
  readonly fallbackDepth: {
    readonly mean: number;
    readonly max: number;
    readonly histogram: readonly number[];
  };
  /** Attempts that failed with failure kind `cutoff`. */
  readonly cutoffs: number;
  /** Every attempt. */
  readonly attempts: number;
  /** Attempts that did not serve the request. */
  readonly attemptsWasted: number;
  readonly tokens: TokenTotals;
  /** USD of every attempt: served + wasted. */
  readonly costUsd: number;
  /** USD of the attempts that served. */
  readonly costServedUsd: number;
  /** USD of the attempts that did not serve (failed after using tokens, or superseded). */
  readonly costWastedUsd: number;
  /** Request latency (records' `totals.latencyMs`). */
  readonly latencyMs: LatencySummary;
  /** Time to first token of streamed requests (records' `totals.ttftMs`). */
  readonly ttftMs: LatencySummary;
  /** This group's share of all served requests (0..1). */
  readonly share: number;
}

/** One group: its key (a value per `by` dimension) and figures. */
export interface ReportGroup extends GroupFigures {
  /** E.g. `{ provider: 'openai', jurisdiction: 'DE' }`; `(none)` when the record has no value. */
  readonly key: Readonly<Partial<Record<Dimension, string>>>;
}

/** One time bucket of the time series (all records, whatever `by` is). */
export interface SeriesBucket {
  /** Bucket start, epoch ms. */
  readonly start: number;
  readonly requests: number;
  readonly served: number;
  readonly failed: number;
  readonly fallbacks: number;
  /** Requests served per target id in this bucket. */
  readonly servedBy: Readonly<Record<string, number>>;
  readonly costServedUsd: number;
  readonly costWastedUsd: number;
  /** Latency percentiles in this bucket (2 significant digits: within 1%). */
  readonly latencyMs: LatencySummary;
  readonly ttftMs: LatencySummary;
  /** USD charged per budget counter key in this bucket (from the attempts' `budget.charged`). */
  readonly budgetSpendUsd: Readonly<Record<string, number>>;
}

/** Cost and attempts of one provider (always computed, whatever `by` is). */
export interface ProviderCost {
  readonly provider: string;
  readonly attempts: number;
  readonly attemptsWasted: number;
  readonly costServedUsd: number;
  readonly costWastedUsd: number;
}

/** Cost and attempts of one target (always computed, whatever `by` is). */
export interface TargetCost {
  readonly target: string;
  /** Provider of its attempts. */
  readonly provider: string;
  readonly attempts: number;
  readonly attemptsWasted: number;
  readonly costServedUsd: number;
  readonly costWastedUsd: number;
}

/** The requests of one caller jurisdiction (always computed, whatever `by` is). */
export interface JurisdictionFigures {
  /** ISO 3166-1 alpha-2 code, or `(none)`. */
  readonly jurisdiction: string;
  readonly requests: number;
  readonly served: number;
  readonly failed: number;
  /** Requests with a fallback depth above 0. */
  readonly fallbacks: number;
  /** USD of every attempt of its requests. */
  readonly costUsd: number;
  /** Requests served per target id. */
  readonly servedBy: Readonly<Record<string, number>>;
  /** Latency of its requests. */
  readonly latencyMs: LatencySummary;
}

/** A cost and latency report over decision records; plain JSON. */
export interface Report {
  /** Records files or stream names read. */
  readonly sources: readonly string[];
  /** Non-blank lines read, valid records, and bad lines (count and the first few). */
  readonly input: {
    readonly lines: number;
    readonly records: number;
    readonly badLines: number;
    readonly badLineSamples: readonly BadLine[];
  };
  /** First and last request start, epoch ms (0 when there are no records). */
  readonly from: number;
  readonly to: number;
  /** The grouping dimensions. */
  readonly by: readonly Dimension[];
  /** Width of the `time` dimension's buckets, ms. */
  readonly bucketMs: number;
  /** Everything. */
  readonly total: GroupFigures;
  /** One entry per group: by time bucket (when grouped by time), then requests and attempts (descending), then key. */
  readonly groups: readonly ReportGroup[];
  /** Cost per provider. */
  readonly providers: readonly ProviderCost[];
  /** Cost per target, by total cost (descending). */
  readonly targetCosts: readonly TargetCost[];
  /** Requests per caller jurisdiction, by code. */
  readonly jurisdictions: readonly JurisdictionFigures[];
  /** Target ids that served at least one request, by requests served (descending). */
  readonly targets: readonly string[];
  /** The time series; its bucket width may be wider than `bucketMs` (widened to keep at most `maxSeriesBuckets`). */
  readonly series: { readonly bucketMs: number; readonly buckets: readonly SeriesBucket[] };
  /** Events to mark on the time charts. */
  readonly events: readonly ReportEvent[];
  /** What the budgets did: spend per counter (the series has it over time), reroutes and denials. */
  readonly budgets: BudgetFigures;
  /** Relative error bound of the percentiles: tables and series. */
  readonly percentileError: { readonly groups: number; readonly series: number };
}
