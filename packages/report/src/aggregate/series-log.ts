import { attemptReachedCaller, type DecisionRecord } from '@switchyard/core';
import type { BucketAccumulator } from './bucket-accumulator.js';
import type { SeriesAccumulator } from './series-accumulator.js';

/** A growable column of numbers. */
class Column<Values extends Float64Array | Int32Array | Uint8Array> {
  values: Values;
  length = 0;

  constructor(values: Values) {
    this.values = values;
  }

  push(value: number): void {
    if (this.length === this.values.length) {
      const wider = new (this.values.constructor as new (length: number) => Values)(this.values.length * 2);
      wider.set(this.values);
      this.values = wider;
    }
    this.values[this.length++] = value;
  }
}

/** A budget charge of one attempt: the counters it counted in and the micro-dollars charged. */
interface BudgetCharge {
  readonly counted: readonly { readonly key: string }[];
  readonly microUsd: number;
}

/**
 * Adds one request to the series' bucket of `time` (epoch ms) and returns the bucket: the one
 * rule both {@link ReportAggregator} (record by record) and {@link SeriesLog} (replayed) follow,
 * so the series is the same bytes either way. Arguments are positional: no object per record.
 */
export function addToSeries(
  series: SeriesAccumulator,
  time: number,
  servedBy: string | null,
  latencyMs: number,
  ttftMs: number | undefined,
  fellBack: boolean,
): BucketAccumulator {
  const bucket = series.bucket(time);
  bucket.requests += 1;
  if (servedBy === null) bucket.failed += 1;
  else {
    bucket.served += 1;
    bucket.servedBy.set(servedBy, (bucket.servedBy.get(servedBy) ?? 0) + 1);
    bucket.latency.record(latencyMs);
    if (ttftMs !== undefined) bucket.ttft.record(ttftMs);
  }
  if (fellBack) bucket.fallbacks += 1;
  return bucket;
}

/** Adds one attempt's cost (and budget charge, if any) to its request's bucket. */
export function addAttemptToBucket(
  bucket: BucketAccumulator,
  costUsd: number,
  wasted: boolean,
  budget: BudgetCharge | undefined,
): void {
  if (wasted) bucket.costWastedUsd += costUsd;
  else bucket.costServedUsd += costUsd;
  if (budget !== undefined)
    for (const counted of budget.counted)
      bucket.budgets.set(counted.key, (bucket.budgets.get(counted.key) ?? 0) + budget.microUsd);
}

/**
 * What a report's time series needs of each record, kept in typed columns
 * (about 40 bytes a request) in the order added, to build the series once
 * its bucket width is known ({@link SeriesLog.replay}): a drill learns the
 * width from its duration, when every record is in.
 */
export class SeriesLog {
  readonly #time = new Column(new Float64Array(1024));
  readonly #latency = new Column(new Float64Array(1024));
  /** NaN: no time to first token. */
  readonly #ttft = new Column(new Float64Array(1024));
  /** Index into #targets; -1: not served. */
  readonly #servedBy = new Column(new Int32Array(1024));
  readonly #fellBack = new Column(new Uint8Array(1024));
  /** Where each request's attempts end in the attempt columns. */
  readonly #attemptsEnd = new Column(new Int32Array(1024));
  readonly #cost = new Column(new Float64Array(2048));
  readonly #wasted = new Column(new Uint8Array(2048));
  /** Budget charges, by attempt index (few attempts have one). */
  readonly #budgets = new Map<number, BudgetCharge>();
  readonly #targets: string[] = [];
  readonly #targetIndex = new Map<string, number>();

  /** Requests logged. */
  get size(): number {
    return this.#time.length;
  }

  /** Logs one request; `time` is its epoch ms. */
  add(record: DecisionRecord, time: number): void {
    const servedBy = record.servedBy;
    let target = -1;
    if (servedBy !== null) {
      target = this.#targetIndex.get(servedBy) ?? -1;
      if (target === -1) {
        target = this.#targets.length;
        this.#targets.push(servedBy);
        this.#targetIndex.set(servedBy, target);
      }
    }
    this.#time.push(time);
    this.#servedBy.push(target);
    this.#latency.push(servedBy === null ? 0 : record.totals.latencyMs);
    this.#ttft.push(record.totals.ttftMs ?? Number.NaN);
    this.#fellBack.push(record.totals.fallbackDepth > 0 ? 1 : 0);
    const attempts = record.attempts;
    for (let index = 0; index < attempts.length; index++) {
      const attempt = attempts[index] as (typeof attempts)[number];
      const budget = attempt.budget;
      if (budget !== undefined)
        this.#budgets.set(this.#cost.length, { counted: budget.counted, microUsd: budget.charged.microUsd });
      this.#cost.push(attempt.costUsd);
      // The records' rule (totals.wastedCostUsd): output the caller received is not waste.
      this.#wasted.push(attemptReachedCaller(attempt, servedBy) ? 0 : 1);
    }
    this.#attemptsEnd.push(this.#cost.length);
  }

  /** Adds every logged request to `series`, in the order logged. */
  replay(series: SeriesAccumulator): void {
    const ttft = this.#ttft.values;
    const servedBy = this.#servedBy.values;
    const cost = this.#cost.values;
    const wasted = this.#wasted.values;
    const attemptsEnd = this.#attemptsEnd.values;
    let attempt = 0;
    for (let index = 0; index < this.#time.length; index++) {
      const target = servedBy[index] as number;
      const ttftMs = ttft[index] as number;
      const bucket = addToSeries(
        series,
        this.#time.values[index] as number,
        target === -1 ? null : (this.#targets[target] as string),
        this.#latency.values[index] as number,
        Number.isNaN(ttftMs) ? undefined : ttftMs,
        this.#fellBack.values[index] === 1,
      );
      for (const end = attemptsEnd[index] as number; attempt < end; attempt++)
        addAttemptToBucket(
          bucket,
          cost[attempt] as number,
          wasted[attempt] === 1,
          this.#budgets.get(attempt),
        );
    }
  }
}
