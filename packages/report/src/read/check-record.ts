import type { DecisionRecord } from '@switchyard/core';

const outcomes = new Set(['served', 'failed']);
const attemptOutcomes = new Set(['success', 'failure', 'aborted']);
const operations = new Set(['generate', 'stream']);

const isCount = (value: unknown): boolean =>
  typeof value === 'number' && value >= 0 && Number.isInteger(value);
const isAmount = (value: unknown): boolean =>
  typeof value === 'number' && value >= 0 && Number.isFinite(value);
const isOptionalCount = (value: unknown): boolean => value === undefined || isCount(value);
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isOptionalString = (value: unknown): boolean => value === undefined || typeof value === 'string';

function isUsage(value: unknown): boolean {
  return (
    isObject(value) &&
    isCount(value.inputTokens) &&
    isCount(value.outputTokens) &&
    isOptionalCount(value.cachedInputTokens) &&
    isOptionalCount(value.reasoningTokens)
  );
}

/**
 * The fast check: every field the report reads has the type, range and enum
 * value `DecisionRecordSchema` requires, and the other top-level fields are
 * present with the right container type. It does not look inside
 * `verdicts` and `skipped` nor reject unknown keys; `validation: 'full'` runs
 * the whole zod schema instead. A record that fails this check is re-checked
 * with zod for a precise message.
 */
export function checkRecord(value: unknown): value is DecisionRecord {
  if (!isObject(value)) return false;
  // Version 2 adds `decision` (and a tamper-evident log's `chain`); the report reads what both carry.
  if (value.schemaVersion !== 1 && (value.schemaVersion !== 2 || !isObject(value.decision))) return false;
  if (typeof value.requestId !== 'string' || typeof value.route !== 'string') return false;
  if (typeof value.time !== 'string' || Number.isNaN(Date.parse(value.time))) return false;
  if (!operations.has(value.operation as string) || !outcomes.has(value.outcome as string)) return false;
  if (typeof value.policyVersion !== 'string') return false;
  if (!Array.isArray(value.verdicts) || !Array.isArray(value.skipped) || !Array.isArray(value.attempts))
    return false;
  if (value.servedBy !== null && typeof value.servedBy !== 'string') return false;
  if ((value.outcome === 'served') !== (value.servedBy !== null)) return false;
  const context = value.context;
  if (
    !isObject(context) ||
    !isOptionalString(context.jurisdiction) ||
    !isOptionalString(context.dataClass) ||
    !isOptionalString(context.tenant)
  )
    return false;
  const totals = value.totals;
  if (
    !isObject(totals) ||
    !isAmount(totals.latencyMs) ||
    !(totals.ttftMs === undefined || isAmount(totals.ttftMs)) ||
    !isCount(totals.attempts) ||
    !isCount(totals.fallbackDepth) ||
    !isUsage(totals.usage) ||
    !isAmount(totals.costUsd) ||
    !isAmount(totals.wastedCostUsd)
  )
    return false;
  for (const attempt of value.attempts as unknown[]) {
    if (
      !isObject(attempt) ||
      typeof attempt.targetId !== 'string' ||
      typeof attempt.provider !== 'string' ||
      typeof attempt.model !== 'string' ||
      !attemptOutcomes.has(attempt.outcome as string) ||
      !isOptionalString(attempt.failureKind) ||
      !isAmount(attempt.costUsd) ||
      !isAmount(attempt.latencyMs) ||
      !(attempt.usage === undefined || isUsage(attempt.usage))
    )
      return false;
  }
  return true;
}
