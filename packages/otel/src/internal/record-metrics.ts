import type { Attributes, Counter, Histogram, Meter } from '@opentelemetry/api';
import type { AttemptRecord, DecisionRecord } from '@switchyard/core';
import { genAiAttributes as gen } from '../gen-ai-attributes.js';
import { metricNames } from '../metric-names.js';
import { switchyardAttributes as sy } from '../switchyard-attributes.js';
import { attemptErrorType, lastFailureKind, operationName } from './record-attributes.js';

/** Bucket boundaries the GenAI conventions advise for `gen_ai.client.operation.duration`, seconds. */
const durationBuckets = [
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
];
/** Bucket boundaries the GenAI conventions advise for time-to-first-chunk, seconds. */
const firstChunkBuckets = [
  0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
];
/** Bucket boundaries the GenAI conventions advise for `gen_ai.client.token.usage`. */
const tokenBuckets = [
  1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
];

/** The instruments of one sink, created once from its meter. */
export interface Instruments {
  readonly operationDuration: Histogram;
  readonly timeToFirstChunk: Histogram;
  readonly tokenUsage: Histogram;
  readonly requests: Counter;
  readonly cost: Counter;
  readonly requestDuration: Histogram;
  readonly requestTimeToFirstChunk: Histogram;
}

/** Creates the instruments of {@link metricNames} on `meter`. */
export function createInstruments(meter: Meter): Instruments {
  return {
    operationDuration: meter.createHistogram(metricNames.operationDuration, {
      description: 'GenAI operation duration (one provider call per attempt)',
      unit: 's',
      advice: { explicitBucketBoundaries: durationBuckets },
    }),
    timeToFirstChunk: meter.createHistogram(metricNames.timeToFirstChunk, {
      description: 'Time to receive the first chunk of a streamed attempt',
      unit: 's',
      advice: { explicitBucketBoundaries: firstChunkBuckets },
    }),
    tokenUsage: meter.createHistogram(metricNames.tokenUsage, {
      description: 'Number of input and output tokens used',
      unit: '{token}',
      advice: { explicitBucketBoundaries: tokenBuckets },
    }),
    requests: meter.createCounter(metricNames.requests, {
      description: 'Requests routed by Switchyard',
      unit: '{request}',
    }),
    cost: meter.createCounter(metricNames.cost, {
      description: 'Cost of attempts in USD, wasted ones (that did not serve) marked',
      unit: 'USD',
    }),
    requestDuration: meter.createHistogram(metricNames.requestDuration, {
      description: 'Request latency across every attempt and wait',
      unit: 's',
      advice: { explicitBucketBoundaries: durationBuckets },
    }),
    requestTimeToFirstChunk: meter.createHistogram(metricNames.requestTimeToFirstChunk, {
      description: "Time from a streamed request's start to its first content part",
      unit: 's',
      advice: { explicitBucketBoundaries: firstChunkBuckets },
    }),
  };
}

/** Records one decision record on the instruments. `servedIndex` is the serving attempt's index or -1. */
export function recordMetrics(instruments: Instruments, record: DecisionRecord, servedIndex: number): void {
  const { context, totals } = record;
  const served = servedIndex >= 0 ? (record.attempts[servedIndex] as AttemptRecord) : undefined;

  const requestAttributes: Attributes = {
    [gen.operationName]: operationName,
    [sy.route]: record.route,
    [sy.operation]: record.operation,
    [sy.outcome]: record.outcome,
  };
  if (served) {
    requestAttributes[sy.servedBy] = served.targetId;
    requestAttributes[gen.providerName] = served.provider;
  } else {
    const kind = lastFailureKind(record);
    requestAttributes[gen.errorType] = record.error?.code ?? kind ?? '_OTHER';
  }
  if (context.jurisdiction !== undefined) requestAttributes[sy.jurisdiction] = context.jurisdiction;
  if (context.dataClass !== undefined) requestAttributes[sy.dataClass] = context.dataClass;
  instruments.requests.add(1, requestAttributes);
  instruments.requestDuration.record(totals.latencyMs / 1000, requestAttributes);
  if (totals.ttftMs !== undefined)
    instruments.requestTimeToFirstChunk.record(totals.ttftMs / 1000, requestAttributes);

  for (let index = 0; index < record.attempts.length; index++) {
    const attempt = record.attempts[index] as AttemptRecord;
    const attributes: Attributes = {
      [gen.operationName]: operationName,
      [gen.providerName]: attempt.provider,
      [gen.requestModel]: attempt.model,
      [sy.target]: attempt.targetId,
    };
    const errorType = attemptErrorType(attempt);
    if (errorType === undefined) attributes[gen.responseModel] = attempt.model;
    else attributes[gen.errorType] = errorType;
    instruments.operationDuration.record(attempt.latencyMs / 1000, attributes);
    if (attempt.ttftMs !== undefined) instruments.timeToFirstChunk.record(attempt.ttftMs / 1000, attributes);
    if (attempt.usage) {
      instruments.tokenUsage.record(attempt.usage.inputTokens, { ...attributes, [gen.tokenType]: 'input' });
      instruments.tokenUsage.record(attempt.usage.outputTokens, { ...attributes, [gen.tokenType]: 'output' });
    }
    const costAttributes: Attributes = {
      [gen.providerName]: attempt.provider,
      [sy.target]: attempt.targetId,
      [sy.route]: record.route,
      [sy.wasted]: index !== servedIndex,
    };
    if (context.jurisdiction !== undefined) costAttributes[sy.jurisdiction] = context.jurisdiction;
    instruments.cost.add(attempt.costUsd, costAttributes);
  }
}
