import { roundUsd } from '@switchyard/core';
import { BucketAccumulator, type BucketState } from './bucket-accumulator.js';
import type { SeriesBucket } from './report.js';

/** Bucket widths the series widens through, ms: 1s, 5s, 10s, 30s, 1m, 5m, ... 1 week. */
const niceWidths = [
  1_000, 5_000, 10_000, 30_000, 60_000, 300_000, 600_000, 1_800_000, 3_600_000, 10_800_000, 21_600_000,
  43_200_000, 86_400_000, 604_800_000,
];

/** A time series' accumulated buckets, as plain data. */
export interface SeriesState {
  readonly width: number;
  readonly buckets: readonly (readonly [number, BucketState])[];
}

/**
 * The time series of a report: one {@link BucketAccumulator} per bucket of
 * `width` ms, widened along a ladder of round widths whenever the records'
 * span would need more than `maxBuckets` buckets. Its state is plain data, so
 * worker threads' partial aggregations merge.
 */
export class SeriesAccumulator {
  readonly #maxBuckets: number;
  #buckets = new Map<number, BucketAccumulator>();
  #width: number;
  #minStart = Number.POSITIVE_INFINITY;
  #maxStart = Number.NEGATIVE_INFINITY;

  /**
   * @param options.width the initial bucket width, ms.
   * @param options.maxBuckets the most buckets the series keeps.
   */
  constructor(options: { width: number; maxBuckets: number }) {
    this.#width = options.width;
    this.#maxBuckets = options.maxBuckets;
  }

  /** The bucket that holds `time` (epoch ms), made (and the series widened) if needed. */
  bucket(time: number): BucketAccumulator {
    const start = Math.floor(time / this.#width) * this.#width;
    let bucket = this.#buckets.get(start);
    if (bucket !== undefined) return bucket;
    bucket = new BucketAccumulator();
    this.#buckets.set(start, bucket);
    if (start < this.#minStart) this.#minStart = start;
    if (start > this.#maxStart) this.#maxStart = start;
    if ((this.#maxStart - this.#minStart) / this.#width + 1 > this.#maxBuckets) {
      this.#widen();
      return this.bucket(time);
    }
    return bucket;
  }

  #widen(): void {
    const span = this.#maxStart - this.#minStart;
    let width = this.#width;
    while (span / width + 1 > this.#maxBuckets)
      width = niceWidths.find((nice) => nice > width && nice % width === 0) ?? width * 2;
    this.#widenTo(width);
  }

  #widenTo(width: number): void {
    const merged = new Map<number, BucketAccumulator>();
    for (const [start, bucket] of this.#buckets) {
      const wide = Math.floor(start / width) * width;
      const target = merged.get(wide);
      if (target === undefined) merged.set(wide, bucket);
      else target.merge(bucket);
    }
    this.#buckets = merged;
    this.#width = width;
    this.#minStart = Math.floor(this.#minStart / width) * width;
    this.#maxStart = Math.floor(this.#maxStart / width) * width;
  }

  toState(): SeriesState {
    return {
      width: this.#width,
      buckets: [...this.#buckets].map(([start, bucket]) => [start, bucket.toState()] as const),
    };
  }

  mergeState(state: SeriesState): void {
    if (state.buckets.length === 0) return;
    // Widths come from one ladder, so the wider one is a multiple of the other.
    if (state.width > this.#width) {
      this.#minStart = Math.min(this.#minStart, ...state.buckets.map(([start]) => start));
      this.#maxStart = Math.max(this.#maxStart, ...state.buckets.map(([start]) => start));
      this.#widenTo(state.width);
    }
    for (const [start, bucketState] of state.buckets) this.bucket(start).mergeState(bucketState);
  }

  /**
   * The series in time order, and the requests each target served over all of it.
   */
  finish(): { width: number; buckets: SeriesBucket[]; servedBy: Map<string, number> } {
    const servedBy = new Map<string, number>();
    const buckets = [...this.#buckets.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([start, bucket]): SeriesBucket => {
        for (const [target, count] of bucket.servedBy)
          servedBy.set(target, (servedBy.get(target) ?? 0) + count);
        return {
          start,
          requests: bucket.requests,
          served: bucket.served,
          failed: bucket.failed,
          fallbacks: bucket.fallbacks,
          servedBy: Object.fromEntries(bucket.servedBy),
          costServedUsd: roundUsd(bucket.costServedUsd),
          costWastedUsd: roundUsd(bucket.costWastedUsd),
          latencyMs: bucket.latency.summary(),
          ttftMs: bucket.ttft.summary(),
          budgetSpendUsd: Object.fromEntries(
            [...bucket.budgets].map(([key, microUsd]) => [key, microUsd / 1_000_000]),
          ),
        };
      });
    return { width: this.#width, buckets, servedBy };
  }
}
