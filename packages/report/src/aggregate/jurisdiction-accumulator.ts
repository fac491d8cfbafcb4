import { compareText, type DecisionRecord, roundUsd } from '@switchyard/core';
import { type EncodedDigest, LatencyDigest } from './latency-digest.js';
import type { JurisdictionFigures } from './report.js';

/** A jurisdiction's accumulated figures, as plain data. */
export interface JurisdictionState {
  readonly counts: readonly number[];
  readonly servedBy: readonly (readonly [string, number])[];
  readonly latency: EncodedDigest;
}

/**
 * The requests of one caller jurisdiction, accumulated one record at a time:
 * counts, cost, who served them, and a latency digest. Its state is plain
 * data, so worker threads' partial aggregations merge.
 */
export class JurisdictionAccumulator {
  requests = 0;
  served = 0;
  failed = 0;
  fallbacks = 0;
  costUsd = 0;
  readonly servedBy = new Map<string, number>();
  readonly latency = new LatencyDigest();

  add(record: DecisionRecord): void {
    this.requests += 1;
    if (record.servedBy === null) this.failed += 1;
    else {
      this.served += 1;
      this.servedBy.set(record.servedBy, (this.servedBy.get(record.servedBy) ?? 0) + 1);
      this.latency.record(record.totals.latencyMs);
    }
    if (record.totals.fallbackDepth > 0) this.fallbacks += 1;
    this.costUsd += record.totals.costUsd;
  }

  toState(): JurisdictionState {
    return {
      counts: [this.requests, this.served, this.failed, this.fallbacks, this.costUsd],
      servedBy: [...this.servedBy],
      latency: this.latency.encode(),
    };
  }

  mergeState(state: JurisdictionState): void {
    const [requests, served, failed, fallbacks, cost] = state.counts as [
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
    this.costUsd += cost;
    for (const [target, count] of state.servedBy)
      this.servedBy.set(target, (this.servedBy.get(target) ?? 0) + count);
    this.latency.addEncoded(state.latency);
  }

  figures(jurisdiction: string): JurisdictionFigures {
    return {
      jurisdiction,
      requests: this.requests,
      served: this.served,
      failed: this.failed,
      fallbacks: this.fallbacks,
      costUsd: roundUsd(this.costUsd),
      servedBy: Object.fromEntries([...this.servedBy].sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]))),
      latencyMs: this.latency.summary(),
    };
  }
}
