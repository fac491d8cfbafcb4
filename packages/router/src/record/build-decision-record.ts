import {
  type AttemptRecord,
  attemptReachedCaller,
  type DecisionRecord,
  decisionRecordSchemaVersion,
  type TokenUsage,
} from '@switchyard/core';
import type { RequestState } from '../request/request-state.js';
import { decisionInputsOf } from './decision-inputs-of.js';
import { recordedVerdicts } from './recorded-verdicts.js';

/**
 * The decision record of a finished request (version 2): context, policy
 * version, every candidate's verdict, skipped candidates, attempts, who
 * served, totals (latency, TTFT, attempts, fallback depth, continuations,
 * tokens of the attempts whose output the caller got, cost with the wasted
 * part), every input of the decision with its plan (`decision`), and, only
 * when asked, the prompt.
 */
export function buildDecisionRecord(options: {
  request: RequestState;
  policyVersion: string;
  catalogVersion: string;
  priceVersion: string;
  /** The budgets document's version, when the router has budgets. */
  budgetsVersion?: string | undefined;
  servedBy: string | null;
  finishedAt: number;
  ttftMs?: number | undefined;
  error?: { code: string; message: string } | undefined;
  prompt?: unknown;
}): DecisionRecord {
  const { request } = options;
  const usage: TokenUsage = { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, reasoningTokens: 0 };
  let costUsd = 0;
  let wastedCostUsd = 0;
  let continuations = 0;
  for (const attempt of request.attempts) {
    costUsd += attempt.costUsd;
    if (attempt.continuation !== undefined && attempt.ttftMs !== undefined) continuations++;
    // In a served answer, an attempt whose output reached the caller is part of it, not waste.
    if (attemptReachedCaller(attempt, options.servedBy)) {
      if (attempt.usage) {
        usage.inputTokens += attempt.usage.inputTokens;
        usage.outputTokens += attempt.usage.outputTokens;
        usage.cachedInputTokens += attempt.usage.cachedInputTokens;
        usage.reasoningTokens += attempt.usage.reasoningTokens;
        const cacheWrite = attempt.usage.cacheWriteInputTokens ?? 0;
        if (cacheWrite > 0) usage.cacheWriteInputTokens = (usage.cacheWriteInputTokens ?? 0) + cacheWrite;
      }
    } else {
      wastedCostUsd += attempt.costUsd;
    }
  }
  const record: DecisionRecord = {
    schemaVersion: decisionRecordSchemaVersion,
    requestId: request.requestId,
    time: new Date(request.startedAt).toISOString(),
    route: request.route.name,
    operation: request.operation,
    context: request.context,
    policyVersion: options.policyVersion,
    // Frozen and shared per verdict array of the compiled policy: the record refers to them, no copy.
    verdicts: recordedVerdicts(request.verdicts),
    // Read-only, and its plan part may be the route's shared frozen list: the record refers to it, no copy.
    skipped: (request.skipped ?? []) as DecisionRecord['skipped'],
    // A list of the record's own when there were none (the request's is then the shared empty one).
    attempts: request.attempts.length === 0 ? [] : (request.attempts as AttemptRecord[]),
    servedBy: options.servedBy,
    outcome: options.servedBy === null ? 'failed' : 'served',
    decision: decisionInputsOf({
      request,
      catalogVersion: options.catalogVersion,
      priceVersion: options.priceVersion,
      budgetsVersion: options.budgetsVersion,
    }),
    totals: {
      latencyMs: Math.max(0, options.finishedAt - request.startedAt),
      ...(options.ttftMs === undefined ? {} : { ttftMs: options.ttftMs }),
      attempts: request.attempts.length,
      fallbackDepth: request.fallbackDepth(options.servedBy),
      ...(continuations > 0 ? { continuations } : {}),
      usage,
      costUsd,
      wastedCostUsd,
    },
  };
  if (options.error) record.error = options.error;
  if (options.prompt !== undefined) record.prompt = options.prompt;
  return record;
}
