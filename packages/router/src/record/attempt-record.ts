import type { SharedV4Warning } from '@ai-sdk/provider';
import {
  type AttemptBudget,
  type AttemptRecord,
  type ClassifiedFailure,
  costOf,
  microUsdToUsd,
  type StreamContinuation,
  type TokenUsage,
} from '@switchyard/core';
import type { PreparedTarget } from '../prepare/prepared-target.js';
import { warningLines } from './warning-lines.js';

/**
 * The record of one attempt: target, start (from the request's start),
 * latency, outcome, retry index, cost; a failure's kind, reason, status, code
 * and message (secrets were removed when it was classified); what the
 * budgets reserved and charged (an attempt counted against a budget costs its
 * charge: whole micro-dollars, rounded up); for streams, the characters it
 * delivered (the splice point of one that failed mid-answer) and how it
 * continued another attempt's answer; what the provider warned of its answer
 * (one line each).
 */
export function attemptRecord(options: {
  entry: PreparedTarget;
  requestStartedAt: number;
  startedAt: number;
  now: number;
  retry: number;
  usage?: TokenUsage | undefined;
  ttftMs?: number | undefined;
  failure?: ClassifiedFailure | undefined;
  /** The call as a whole was aborted (caller, deadline): outcome `aborted`. */
  aborted?: boolean;
  /** Streams: characters of output this attempt handed to the caller. */
  deliveredChars?: number | undefined;
  /** Streams: how this attempt continued an answer another one started. */
  continuation?: StreamContinuation | undefined;
  /** The usage is the router's bound of a cut stream, not the provider's. */
  usageEstimated?: boolean;
  /** What the budgets reserved and charged. */
  budget?: AttemptBudget | undefined;
  /** What the provider warned of the attempt's answer. */
  warnings?: readonly SharedV4Warning[] | undefined;
}): AttemptRecord {
  const { entry, failure, usage } = options;
  const record: AttemptRecord = {
    targetId: entry.target.id,
    provider: entry.target.provider,
    model: entry.target.model,
    startMs: Math.max(0, options.startedAt - options.requestStartedAt),
    latencyMs: Math.max(0, options.now - options.startedAt),
    outcome: failure === undefined ? 'success' : options.aborted ? 'aborted' : 'failure',
    retry: options.retry,
    costUsd: options.budget
      ? microUsdToUsd(options.budget.charged.microUsd)
      : costOf({ usage, price: entry.price }),
  };
  if (options.ttftMs !== undefined) record.ttftMs = options.ttftMs;
  if (usage) record.usage = usage;
  if (usage && options.usageEstimated) record.usageEstimated = true;
  if (options.budget) record.budget = options.budget;
  if (failure) {
    record.failureKind = failure.kind;
    if (failure.cutoffReason) record.cutoffReason = failure.cutoffReason;
    if (failure.status !== undefined) record.status = failure.status;
    if (failure.code !== undefined) record.code = failure.code;
    record.message = failure.message;
  }
  if (options.deliveredChars !== undefined && options.deliveredChars > 0)
    record.deliveredChars = options.deliveredChars;
  if (options.continuation) record.continuation = options.continuation;
  const warnings = warningLines(options.warnings);
  if (warnings) record.warnings = warnings;
  return record;
}
