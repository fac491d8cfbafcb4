import {
  type AttemptBudget,
  type AttemptRecord,
  type ClassifiedFailure,
  costOf,
  microUsdToUsd,
  type TokenUsage,
} from '@switchyard/core';
import type { PreparedTarget } from '../prepare/prepared-target.js';

/**
 * The record of one attempt: target, start (from the request's start),
 * latency, outcome, retry index, cost; a failure's kind, reason, status, code
 * and message (secrets were removed when it was classified); what the
 * budgets reserved and charged (an attempt counted against a budget costs its
 * charge: whole micro-dollars, rounded up).
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
  /** The usage is the router's bound of a cut stream, not the provider's. */
  usageEstimated?: boolean;
  /** What the budgets reserved and charged. */
  budget?: AttemptBudget | undefined;
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
  return record;
}
