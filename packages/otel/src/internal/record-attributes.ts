import type { Attributes } from '@opentelemetry/api';
import type { AttemptRecord, DecisionRecord } from '@switchyard/core';
import { genAiAttributes as gen } from '../gen-ai-attributes.js';
import { switchyardAttributes as sy } from '../switchyard-attributes.js';

/** The GenAI operation every Switchyard request is: a chat completion. */
export const operationName = 'chat';

const labelKeys = new Map<string, string>();

/** `switchyard.label.<name>`, built once per label name. */
function labelKey(name: string): string {
  let key = labelKeys.get(name);
  if (key === undefined) {
    key = sy.labelPrefix + name;
    if (labelKeys.size < 1_000) labelKeys.set(name, key);
  }
  return key;
}

/** Index of the attempt that served the request (the last success on `servedBy`), or -1. */
export function servingAttemptIndex(record: DecisionRecord): number {
  if (record.servedBy === null) return -1;
  for (let index = record.attempts.length - 1; index >= 0; index--) {
    const attempt = record.attempts[index] as AttemptRecord;
    if (attempt.outcome === 'success' && attempt.targetId === record.servedBy) return index;
  }
  return -1;
}

/** Failure kind of the request's last failed attempt, if any. */
export function lastFailureKind(record: DecisionRecord): string | undefined {
  for (let index = record.attempts.length - 1; index >= 0; index--) {
    const kind = (record.attempts[index] as AttemptRecord).failureKind;
    if (kind !== undefined) return kind;
  }
  return undefined;
}

/** `error.type` of a failed attempt: its failure kind, `aborted`, or `_OTHER`. */
export function attemptErrorType(attempt: AttemptRecord): string | undefined {
  if (attempt.outcome === 'success') return undefined;
  return attempt.failureKind ?? (attempt.outcome === 'aborted' ? 'aborted' : '_OTHER');
}

/**
 * Attributes of a request span. Never the prompt, unless `recordContent` is
 * on and the router recorded it (`recordPrompts`).
 */
export function requestAttributes(
  record: DecisionRecord,
  served: AttemptRecord | undefined,
  recordContent: boolean,
): Attributes {
  const { context, totals } = record;
  const attributes: Attributes = {
    [gen.operationName]: operationName,
    [gen.requestModel]: record.route,
    [gen.requestStream]: record.operation === 'stream',
    [gen.usageInputTokens]: totals.usage.inputTokens,
    [gen.usageOutputTokens]: totals.usage.outputTokens,
    [sy.requestId]: record.requestId,
    [sy.route]: record.route,
    [sy.operation]: record.operation,
    [sy.policyVersion]: record.policyVersion,
    [sy.outcome]: record.outcome,
    [sy.attempts]: totals.attempts,
    [sy.fallbackDepth]: totals.fallbackDepth,
    [sy.costUsd]: totals.costUsd,
    [sy.wastedCostUsd]: totals.wastedCostUsd,
  };
  if (totals.usage.cachedInputTokens > 0)
    attributes[gen.usageCacheReadInputTokens] = totals.usage.cachedInputTokens;
  if (totals.usage.reasoningTokens > 0)
    attributes[gen.usageReasoningOutputTokens] = totals.usage.reasoningTokens;
  if (totals.ttftMs !== undefined) attributes[gen.responseTimeToFirstChunk] = totals.ttftMs / 1000;
  if (served) {
    attributes[gen.providerName] = served.provider;
    attributes[gen.system] = served.provider;
    attributes[gen.responseModel] = served.model;
  }
  if (record.servedBy !== null) attributes[sy.servedBy] = record.servedBy;
  if (context.jurisdiction !== undefined) attributes[sy.jurisdiction] = context.jurisdiction;
  if (context.dataClass !== undefined) attributes[sy.dataClass] = context.dataClass;
  if (context.tenant !== undefined) attributes[sy.tenant] = context.tenant;
  if (context.tags !== undefined && context.tags.length > 0) attributes[sy.tags] = context.tags;

  const allowed: string[] = [];
  const denied: string[] = [];
  let deniedRules: string[] | undefined;
  for (const verdict of record.verdicts) {
    if (verdict.allowed) allowed.push(verdict.targetId);
    else {
      denied.push(verdict.targetId);
      for (const ruleId of verdict.ruleIds) {
        deniedRules ??= [];
        if (!deniedRules.includes(ruleId)) deniedRules.push(ruleId);
      }
    }
  }
  attributes[sy.verdictsAllowed] = allowed;
  attributes[sy.verdictsDenied] = denied;
  if (deniedRules) attributes[sy.verdictsDeniedRules] = deniedRules;
  if (record.skipped.length > 0)
    attributes[sy.skipped] = record.skipped.map((skipped) => `${skipped.targetId}:${skipped.reason}`);

  if (record.outcome === 'failed') {
    const kind = lastFailureKind(record);
    if (kind !== undefined) attributes[sy.failureKind] = kind;
    attributes[gen.errorType] = record.error?.code ?? kind ?? '_OTHER';
    if (record.error) attributes[sy.errorCode] = record.error.code;
  }
  if (record.labels) {
    for (const name in record.labels) attributes[labelKey(name)] = record.labels[name];
  }
  if (recordContent && record.prompt !== undefined) {
    attributes[gen.inputMessages] =
      typeof record.prompt === 'string' ? record.prompt : JSON.stringify(record.prompt);
  }
  return attributes;
}

/** Attributes of one attempt's span. */
export function attemptAttributes(
  record: DecisionRecord,
  attempt: AttemptRecord,
  wasted: boolean,
): Attributes {
  const attributes: Attributes = {
    [gen.operationName]: operationName,
    [gen.providerName]: attempt.provider,
    [gen.system]: attempt.provider,
    [gen.requestModel]: attempt.model,
    [gen.requestStream]: record.operation === 'stream',
    [sy.requestId]: record.requestId,
    [sy.route]: record.route,
    [sy.target]: attempt.targetId,
    [sy.retry]: attempt.retry,
    [sy.outcome]: attempt.outcome,
    [sy.costUsd]: attempt.costUsd,
    [sy.wasted]: wasted,
  };
  if (attempt.outcome === 'success') attributes[gen.responseModel] = attempt.model;
  if (attempt.usage) {
    attributes[gen.usageInputTokens] = attempt.usage.inputTokens;
    attributes[gen.usageOutputTokens] = attempt.usage.outputTokens;
    if (attempt.usage.cachedInputTokens > 0)
      attributes[gen.usageCacheReadInputTokens] = attempt.usage.cachedInputTokens;
    if (attempt.usage.reasoningTokens > 0)
      attributes[gen.usageReasoningOutputTokens] = attempt.usage.reasoningTokens;
  }
  if (attempt.ttftMs !== undefined) attributes[gen.responseTimeToFirstChunk] = attempt.ttftMs / 1000;
  const errorType = attemptErrorType(attempt);
  if (errorType !== undefined) attributes[gen.errorType] = errorType;
  if (attempt.failureKind !== undefined) attributes[sy.failureKind] = attempt.failureKind;
  if (attempt.cutoffReason !== undefined) attributes[sy.cutoffReason] = attempt.cutoffReason;
  if (attempt.code !== undefined) attributes[sy.errorCode] = attempt.code;
  if (attempt.status !== undefined) attributes[gen.httpResponseStatusCode] = attempt.status;
  const { jurisdiction } = record.context;
  if (jurisdiction !== undefined) attributes[sy.jurisdiction] = jurisdiction;
  return attributes;
}
