import { type DecisionRecord, roundUsd } from '@switchyard/core';
import type { Dimension } from './dimension.js';
import { type EncodedDigest, LatencyDigest } from './latency-digest.js';
import type { GroupFigures } from './report.js';

/** A group's accumulated figures, as plain data (structured-cloneable, e.g. from a worker thread). */
export interface GroupState {
  readonly key: Partial<Record<Dimension, string>>;
  readonly counts: readonly number[];
  readonly depthHistogram: readonly number[];
  readonly latency: EncodedDigest;
  readonly ttft: EncodedDigest;
}

/**
 * One group's figures (or the total), accumulated one record and one
 * attempt at a time, with latency digests; its state is plain data so worker
 * threads' partial aggregations merge.
 */
export class GroupAccumulator {
  requests = 0;
  served = 0;
  failed = 0;
  fallbacks = 0;
  depthSum = 0;
  depthMax = 0;
  readonly depthHistogram: number[] = [];
  cutoffs = 0;
  attempts = 0;
  attemptsWasted = 0;
  inputTokens = 0;
  outputTokens = 0;
  cachedTokens = 0;
  reasoningTokens = 0;
  costServedUsd = 0;
  costWastedUsd = 0;
  readonly latency = new LatencyDigest();
  readonly ttft = new LatencyDigest();

  constructor(readonly key: Partial<Record<Dimension, string>>) {}

  addRequest(record: DecisionRecord): void {
    const totals = record.totals;
    this.requests += 1;
    if (record.servedBy === null) this.failed += 1;
    else this.served += 1;
    const depth = totals.fallbackDepth;
    if (depth > 0) this.fallbacks += 1;
    this.depthSum += depth;
    if (depth > this.depthMax) this.depthMax = depth;
    while (this.depthHistogram.length <= depth) this.depthHistogram.push(0);
    this.depthHistogram[depth] = (this.depthHistogram[depth] as number) + 1;
    const usage = totals.usage;
    this.inputTokens += usage.inputTokens;
    this.outputTokens += usage.outputTokens;
    this.cachedTokens += usage.cachedInputTokens ?? 0;
    this.reasoningTokens += usage.reasoningTokens ?? 0;
    // Latency and TTFT are the served requests' (a request that failed, often at once, is no answer).
    if (record.servedBy !== null) {
      this.latency.record(totals.latencyMs);
      if (totals.ttftMs !== undefined) this.ttft.record(totals.ttftMs);
    }
  }

  addAttempt(costUsd: number, wasted: boolean, cutoff: boolean): void {
    this.attempts += 1;
    if (wasted) {
      this.attemptsWasted += 1;
      this.costWastedUsd += costUsd;
    } else this.costServedUsd += costUsd;
    if (cutoff) this.cutoffs += 1;
  }

  toState(): GroupState {
    return {
      key: this.key,
      counts: [
        this.requests,
        this.served,
        this.failed,
        this.fallbacks,
        this.depthSum,
        this.depthMax,
        this.cutoffs,
        this.attempts,
        this.attemptsWasted,
        this.inputTokens,
        this.outputTokens,
        this.cachedTokens,
        this.reasoningTokens,
        this.costServedUsd,
        this.costWastedUsd,
      ],
      depthHistogram: this.depthHistogram,
      latency: this.latency.encode(),
      ttft: this.ttft.encode(),
    };
  }

  mergeState(state: GroupState): void {
    const [
      requests,
      served,
      failed,
      fallbacks,
      depthSum,
      depthMax,
      cutoffs,
      attempts,
      wasted,
      input,
      output,
      cached,
      reasoning,
      costServed,
      costWasted,
    ] = state.counts as number[] as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
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
    this.depthSum += depthSum;
    this.depthMax = Math.max(this.depthMax, depthMax);
    this.cutoffs += cutoffs;
    this.attempts += attempts;
    this.attemptsWasted += wasted;
    this.inputTokens += input;
    this.outputTokens += output;
    this.cachedTokens += cached;
    this.reasoningTokens += reasoning;
    this.costServedUsd += costServed;
    this.costWastedUsd += costWasted;
    state.depthHistogram.forEach((count, depth) => {
      while (this.depthHistogram.length <= depth) this.depthHistogram.push(0);
      this.depthHistogram[depth] = (this.depthHistogram[depth] as number) + count;
    });
    this.latency.addEncoded(state.latency);
    this.ttft.addEncoded(state.ttft);
  }

  figures(totalServed: number): GroupFigures {
    return {
      requests: this.requests,
      served: this.served,
      failed: this.failed,
      fallbacks: this.fallbacks,
      fallbackRate: this.requests === 0 ? 0 : this.fallbacks / this.requests,
      fallbackDepth: {
        mean: this.requests === 0 ? 0 : this.depthSum / this.requests,
        max: this.depthMax,
        histogram: [...this.depthHistogram],
      },
      cutoffs: this.cutoffs,
      attempts: this.attempts,
      attemptsWasted: this.attemptsWasted,
      tokens: {
        input: this.inputTokens,
        output: this.outputTokens,
        cached: this.cachedTokens,
        reasoning: this.reasoningTokens,
      },
      costUsd: roundUsd(this.costServedUsd + this.costWastedUsd),
      costServedUsd: roundUsd(this.costServedUsd),
      costWastedUsd: roundUsd(this.costWastedUsd),
      latencyMs: this.latency.summary(),
      ttftMs: this.ttft.summary(),
      share: totalServed === 0 ? 0 : this.served / totalServed,
    };
  }
}
