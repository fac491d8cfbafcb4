import { type EncodedDigest, LatencyDigest } from './latency-digest.js';

/** A time bucket's accumulated figures, as plain data. */
export interface BucketState {
  readonly counts: readonly number[];
  readonly servedBy: readonly (readonly [string, number])[];
  readonly latency: EncodedDigest;
  readonly ttft: EncodedDigest;
  /** Micro-dollars charged per budget counter key. */
  readonly budgets: readonly (readonly [string, number])[];
}

/** One time bucket of the series, accumulated one record at a time; mergeable like a group. */
export class BucketAccumulator {
  requests = 0;
  served = 0;
  failed = 0;
  fallbacks = 0;
  costServedUsd = 0;
  costWastedUsd = 0;
  readonly servedBy = new Map<string, number>();
  /** Micro-dollars charged per budget counter key (integers: sums stay exact). */
  readonly budgets = new Map<string, number>();
  readonly latency = new LatencyDigest({ significantDigits: 2 });
  readonly ttft = new LatencyDigest({ significantDigits: 2 });

  toState(): BucketState {
    return {
      counts: [
        this.requests,
        this.served,
        this.failed,
        this.fallbacks,
        this.costServedUsd,
        this.costWastedUsd,
      ],
      servedBy: [...this.servedBy],
      latency: this.latency.encode(),
      ttft: this.ttft.encode(),
      budgets: [...this.budgets],
    };
  }

  mergeState(state: BucketState): void {
    const [requests, served, failed, fallbacks, costServed, costWasted] = state.counts as number[] as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    this.requests += requests;
    this.served += served;
    this.failed += failed;
    this.fallbacks += fallbacks;
    this.costServedUsd += costServed;
    this.costWastedUsd += costWasted;
    for (const [target, count] of state.servedBy)
      this.servedBy.set(target, (this.servedBy.get(target) ?? 0) + count);
    this.latency.addEncoded(state.latency);
    this.ttft.addEncoded(state.ttft);
    for (const [key, microUsd] of state.budgets)
      this.budgets.set(key, (this.budgets.get(key) ?? 0) + microUsd);
  }

  merge(other: BucketAccumulator): void {
    this.requests += other.requests;
    this.served += other.served;
    this.failed += other.failed;
    this.fallbacks += other.fallbacks;
    this.costServedUsd += other.costServedUsd;
    this.costWastedUsd += other.costWastedUsd;
    for (const [target, count] of other.servedBy)
      this.servedBy.set(target, (this.servedBy.get(target) ?? 0) + count);
    this.latency.add(other.latency);
    this.ttft.add(other.ttft);
    for (const [key, microUsd] of other.budgets)
      this.budgets.set(key, (this.budgets.get(key) ?? 0) + microUsd);
  }
}
