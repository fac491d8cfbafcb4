import { attemptReachedCaller, compareText, type DecisionRecord } from '@switchyard/core';
import type { ReportEvent } from '../read/read-events.js';
import type { ReadStats } from '../read/read-records.js';
import { BudgetAccumulator, type BudgetState } from './budget-accumulator.js';
import { CostAccumulator, type CostState } from './cost-accumulator.js';
import type { Dimension } from './dimension.js';
import { GroupAccumulator, type GroupState } from './group-accumulator.js';
import { JurisdictionAccumulator, type JurisdictionState } from './jurisdiction-accumulator.js';
import { latencyRelativeError, seriesLatencyRelativeError } from './latency-digest.js';
import type { Report, ReportGroup } from './report.js';
import { SeriesAccumulator, type SeriesState } from './series-accumulator.js';
import { addAttemptToBucket, addToSeries, SeriesLog } from './series-log.js';

/** Options of {@link ReportAggregator}. */
export interface AggregateOptions {
  /** Grouping dimensions (default: none, only the total). */
  readonly by?: readonly Dimension[];
  /** Width of the `time` dimension and the series' initial width, ms (default 60,000). */
  readonly bucketMs?: number;
  /** Events to mark on the time charts. */
  readonly events?: readonly ReportEvent[];
  /** The series is widened (1s, 5s, 10s, 30s, 1m, 5m, ...) to keep at most this many buckets (default 240). */
  readonly maxSeriesBuckets?: number;
  /**
   * Build the time series in {@link ReportAggregator.finish}, at the `bucketMs` given there
   * (default false): what the series needs of each record is logged meanwhile (about 40
   * bytes a request). For a caller that learns the width only once every record is in, as a
   * drill does from its duration. Not with the `time` dimension; such an aggregator has no state to merge.
   */
  readonly seriesAtFinish?: boolean;
}

const none = '(none)';
const separator = '\u001f';

/**
 * Everything a {@link ReportAggregator} has accumulated, as plain data: what
 * a worker thread sends back to be merged with {@link ReportAggregator.mergeState}.
 */
export interface AggregatorState {
  readonly total: GroupState;
  readonly groups: readonly (readonly [string, GroupState])[];
  readonly providers: readonly (readonly [string, CostState])[];
  readonly series: SeriesState;
  readonly from: number;
  readonly to: number;
  readonly targetCosts: readonly (readonly [string, CostState])[];
  readonly jurisdictions: readonly (readonly [string, JurisdictionState])[];
  readonly budgets: BudgetState;
}

function compareKeys(a: ReportGroup, b: ReportGroup): number {
  return (
    compareText(a.key.time ?? '', b.key.time ?? '') ||
    b.requests - a.requests ||
    b.attempts - a.attempts ||
    compareText(JSON.stringify(a.key), JSON.stringify(b.key))
  );
}

/**
 * Aggregates decision records one at a time (constant memory per group and
 * per time bucket) into a {@link Report}.
 *
 * Attribution: request figures (requests, served, failed, fallbacks, depth,
 * tokens, latency, TTFT) go to the request's group; attempt figures
 * (attempts, wasted attempts, cut-offs, cost served and wasted) go to the
 * attempt's group. They differ only when grouping by `provider` or
 * `target`: a request is counted for the target that served it (a failed
 * one for the last target tried, or `(none)`), each attempt for its own
 * target. Totals are the same whatever the grouping.
 *
 * @example
 * ```ts
 * const aggregator = new ReportAggregator({ by: ['provider'] });
 * for await (const record of readRecords({ sources: ['records.jsonl'] })) aggregator.add(record);
 * const report = aggregator.finish();
 * ```
 */
export class ReportAggregator {
  readonly #by: readonly Dimension[];
  readonly #bucketMs: number;
  readonly #events: readonly ReportEvent[];
  readonly #perAttempt: boolean;
  readonly #groups = new Map<string, GroupAccumulator>();
  readonly #total = new GroupAccumulator({});
  readonly #providers = new CostAccumulator();
  readonly #targetCosts = new CostAccumulator();
  readonly #jurisdictions = new Map<string, JurisdictionAccumulator>();
  readonly #budgets = new BudgetAccumulator();
  readonly #series: SeriesAccumulator;
  readonly #maxSeriesBuckets: number;
  readonly #seriesLog: SeriesLog | undefined;
  #from = Number.POSITIVE_INFINITY;
  #to = Number.NEGATIVE_INFINITY;
  readonly #values: string[];

  constructor(options: AggregateOptions = {}) {
    this.#by = options.by ?? [];
    this.#bucketMs = options.bucketMs ?? 60_000;
    this.#events = options.events ?? [];
    this.#maxSeriesBuckets = options.maxSeriesBuckets ?? 240;
    this.#series = new SeriesAccumulator({ width: this.#bucketMs, maxBuckets: this.#maxSeriesBuckets });
    if (options.seriesAtFinish === true) {
      if (this.#by.includes('time'))
        throw new Error(
          'ReportAggregator: seriesAtFinish cannot group by time (its width is known only at finish)',
        );
      this.#seriesLog = new SeriesLog();
    }
    this.#perAttempt = this.#by.includes('provider') || this.#by.includes('target');
    this.#values = this.#by.map(() => '');
  }

  #group(record: DecisionRecord, time: number, target: string, provider: string): GroupAccumulator {
    const by = this.#by;
    if (by.length === 0) return this.#total;
    const values = this.#values;
    const context = record.context;
    for (let index = 0; index < by.length; index++) {
      switch (by[index]) {
        case 'provider':
          values[index] = provider;
          break;
        case 'target':
          values[index] = target;
          break;
        case 'route':
          values[index] = record.route;
          break;
        case 'jurisdiction':
          values[index] = context.jurisdiction ?? none;
          break;
        case 'dataClass':
          values[index] = context.dataClass ?? none;
          break;
        case 'tenant':
          values[index] = context.tenant ?? none;
          break;
        default:
          values[index] = new Date(Math.floor(time / this.#bucketMs) * this.#bucketMs).toISOString();
      }
    }
    const id = values.join(separator);
    let group = this.#groups.get(id);
    if (group === undefined) {
      const key: Partial<Record<Dimension, string>> = {};
      for (let index = 0; index < by.length; index++) key[by[index] as Dimension] = values[index] as string;
      group = new GroupAccumulator(key);
      this.#groups.set(id, group);
    }
    return group;
  }

  /** Adds one record. */
  add(record: DecisionRecord): void {
    const time = Date.parse(record.time);
    if (time < this.#from) this.#from = time;
    if (time > this.#to) this.#to = time;
    const attempts = record.attempts;
    const servedBy = record.servedBy;
    const last = attempts[attempts.length - 1];
    const target = servedBy ?? last?.targetId ?? none;
    let provider = none;
    for (let index = attempts.length - 1; index >= 0; index--) {
      const attempt = attempts[index] as (typeof attempts)[number];
      if (attempt.targetId === target) {
        provider = attempt.provider;
        break;
      }
    }
    const group = this.#group(record, time, target, provider);
    this.#total.addRequest(record);
    const code = record.context.jurisdiction ?? none;
    let jurisdiction = this.#jurisdictions.get(code);
    if (jurisdiction === undefined) {
      jurisdiction = new JurisdictionAccumulator();
      this.#jurisdictions.set(code, jurisdiction);
    }
    jurisdiction.add(record);
    this.#budgets.add(record);
    if (group !== this.#total) group.addRequest(record);

    const seriesLog = this.#seriesLog;
    if (seriesLog !== undefined) seriesLog.add(record, time);
    const bucket =
      seriesLog === undefined
        ? addToSeries(
            this.#series,
            time,
            servedBy,
            record.totals.latencyMs,
            record.totals.ttftMs,
            record.totals.fallbackDepth > 0,
          )
        : undefined;

    for (const attempt of attempts) {
      // The records' rule (totals.wastedCostUsd): output the caller received is not waste.
      const wasted = !attemptReachedCaller(attempt, servedBy);
      const cutoff = attempt.failureKind === 'cutoff';
      const cost = attempt.costUsd;
      this.#total.addAttempt(cost, wasted, cutoff);
      if (group !== this.#total) {
        const attemptGroup =
          this.#perAttempt && (attempt.targetId !== target || attempt.provider !== provider)
            ? this.#group(record, time, attempt.targetId, attempt.provider)
            : group;
        attemptGroup.addAttempt(cost, wasted, cutoff);
      }
      if (bucket !== undefined) {
        const budget = attempt.budget;
        addAttemptToBucket(
          bucket,
          cost,
          wasted,
          budget === undefined ? undefined : { counted: budget.counted, microUsd: budget.charged.microUsd },
        );
      }
      this.#providers.add(attempt.provider, attempt.provider, cost, wasted);
      this.#targetCosts.add(attempt.targetId, attempt.provider, cost, wasted);
    }
  }

  /** What this aggregator holds, as plain data (to send from a worker thread). */
  toState(): AggregatorState {
    if (this.#seriesLog !== undefined)
      throw new Error(
        'ReportAggregator: an aggregator with seriesAtFinish has no state to send (its series is built at finish)',
      );
    return {
      total: this.#total.toState(),
      groups: [...this.#groups].map(([id, group]) => [id, group.toState()] as const),
      providers: this.#providers.toState(),
      series: this.#series.toState(),
      from: this.#from,
      to: this.#to,
      targetCosts: this.#targetCosts.toState(),
      jurisdictions: [...this.#jurisdictions].map(([code, figures]) => [code, figures.toState()] as const),
      budgets: this.#budgets.toState(),
    };
  }

  /**
   * Adds another aggregator's {@link toState} (built with the same options)
   * into this one: the result is as if this aggregator had seen its records too.
   */
  mergeState(state: AggregatorState): void {
    if (this.#seriesLog !== undefined)
      throw new Error(
        'ReportAggregator: an aggregator with seriesAtFinish cannot merge states (its series is built at finish)',
      );
    this.#total.mergeState(state.total);
    for (const [id, groupState] of state.groups) {
      let group = this.#groups.get(id);
      if (group === undefined) {
        group = new GroupAccumulator({ ...groupState.key });
        this.#groups.set(id, group);
      }
      group.mergeState(groupState);
    }
    this.#providers.mergeState(state.providers);
    this.#targetCosts.mergeState(state.targetCosts);
    for (const [code, figures] of state.jurisdictions) {
      let mine = this.#jurisdictions.get(code);
      if (mine === undefined) {
        mine = new JurisdictionAccumulator();
        this.#jurisdictions.set(code, mine);
      }
      mine.mergeState(figures);
    }
    this.#budgets.mergeState(state.budgets);
    if (state.from < this.#from) this.#from = state.from;
    if (state.to > this.#to) this.#to = state.to;
    this.#series.mergeState(state.series);
  }

  /**
   * The report so far.
   *
   * @param options.sources names of the sources read (for the report's header).
   * @param options.stats the reader's counts (lines, bad lines).
   * @param options.bucketMs with `seriesAtFinish`: the series' initial bucket width, ms (default the constructor's).
   * @param options.events the events to mark on the time charts (default the constructor's).
   */
  finish(
    options: {
      sources?: readonly string[];
      stats?: ReadStats;
      bucketMs?: number;
      events?: readonly ReportEvent[];
    } = {},
  ): Report {
    const bucketMs = this.#seriesLog === undefined ? this.#bucketMs : (options.bucketMs ?? this.#bucketMs);
    let seriesAccumulator = this.#series;
    if (this.#seriesLog !== undefined) {
      seriesAccumulator = new SeriesAccumulator({ width: bucketMs, maxBuckets: this.#maxSeriesBuckets });
      this.#seriesLog.replay(seriesAccumulator);
    }
    const totalServed = this.#total.served;
    const groups = [...this.#groups.values()]
      .map((group): ReportGroup => ({ key: group.key, ...group.figures(totalServed) }))
      .sort(compareKeys);
    const series = seriesAccumulator.finish();
    const stats = options.stats;
    const records = this.#total.requests;
    return {
      sources: options.sources ?? [],
      input: {
        lines: stats?.lines ?? records,
        records: stats?.records ?? records,
        badLines: stats?.badLines ?? 0,
        badLineSamples: stats ? [...stats.badLineSamples] : [],
      },
      from: records === 0 ? 0 : this.#from,
      to: records === 0 ? 0 : this.#to,
      by: this.#by,
      bucketMs,
      total: this.#total.figures(totalServed),
      groups,
      providers: this.#providers.providerCosts(),
      targetCosts: this.#targetCosts.targetCosts(),
      jurisdictions: [...this.#jurisdictions.keys()]
        .sort()
        .map((code) => (this.#jurisdictions.get(code) as JurisdictionAccumulator).figures(code)),
      targets: [...series.servedBy.entries()]
        .sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]))
        .map(([target]) => target),
      series: { bucketMs: series.width, buckets: series.buckets },
      events: options.events ?? this.#events,
      budgets: this.#budgets.figures(),
      percentileError: { groups: latencyRelativeError, series: seriesLatencyRelativeError },
    };
  }
}
