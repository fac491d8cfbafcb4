import type { DecisionRecord } from '@switchyard/core';

const outcomes = new Set(['served', 'failed']);
const attemptOutcomes = new Set(['success', 'failure', 'aborted']);
const operations = new Set(['generate', 'stream']);

// Safe integers, as zod's `int()` takes them.
const isCount = (value: unknown): boolean =>
  typeof value === 'number' && value >= 0 && Number.isSafeInteger(value);
/**
 * The largest amount (USD, or milliseconds) one record may carry: a quadrillion, far beyond any
 * request's cost or duration, so the report's sums over any number of records stay finite (two
 * records of 1e308 would add up to Infinity).
 */
export const maxRecordAmount = 1e15;

const isAmount = (value: unknown): boolean =>
  typeof value === 'number' && value >= 0 && value <= maxRecordAmount;
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

const isBudgetAmount = (value: unknown): boolean =>
  isObject(value) && isCount(value.microUsd) && isCount(value.tokens) && isCount(value.requests);

/** An attempt's `budget`, as far as the report reads it: its counters and its amounts. */
function isAttemptBudget(value: unknown): boolean {
  if (!isObject(value) || !Array.isArray(value.counted)) return false;
  for (const counted of value.counted as unknown[])
    if (!isObject(counted) || typeof counted.key !== 'string' || typeof counted.budgetId !== 'string')
      return false;
  return isBudgetAmount(value.reserved) && isBudgetAmount(value.charged);
}

/** A `skipped` entry, as far as the report reads it: its reason and the budgets it names. */
function isSkipped(value: unknown): boolean {
  if (!isObject(value) || typeof value.reason !== 'string') return false;
  const budgetIds = value.budgetIds;
  if (budgetIds === undefined) return true;
  if (!Array.isArray(budgetIds)) return false;
  for (const budgetId of budgetIds) if (typeof budgetId !== 'string') return false;
  return true;
}

/**
 * The fast check: every field the report reads has the type, range and enum
 * value `DecisionRecordSchema` requires (the budgets' evidence of attempts and
 * `skipped` entries included), and the other top-level fields are present
 * with the right container type. It does not look inside `verdicts`, check
 * the enums of `skipped` reasons, nor reject unknown keys; `validation: 'full'` runs
 * the whole zod schema instead. A record that fails this check is re-checked
 * with zod for a precise message, then with {@link recordInconsistency}.
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
  for (const skipped of value.skipped as unknown[]) if (!isSkipped(skipped)) return false;
  if (value.error !== undefined && !isObject(value.error)) return false;
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
  if ((totals.fallbackDepth as number) > (value.attempts as unknown[]).length) return false;
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
      !(attempt.usage === undefined || isUsage(attempt.usage)) ||
      !isOptionalCount(attempt.deliveredChars) ||
      !(attempt.budget === undefined || isAttemptBudget(attempt.budget))
    )
      return false;
  }
  return true;
}

/**
 * What makes a record that has the schema's shape impossible, for the
 * report: a cost or duration above {@link maxRecordAmount}, or more targets
 * tried before the serving one (`fallbackDepth`) than the record has
 * attempts. (Such a depth would also size the report's fallback-depth
 * histogram.)
 *
 * @returns the bad line's message, or `undefined` when the record is consistent.
 */
export function recordInconsistency(record: DecisionRecord): string | undefined {
  const { totals } = record;
  const amounts: [string, number | undefined][] = [
    ['totals.costUsd', totals.costUsd],
    ['totals.wastedCostUsd', totals.wastedCostUsd],
    ['totals.latencyMs', totals.latencyMs],
    ['totals.ttftMs', totals.ttftMs],
    ...record.attempts.flatMap((attempt, index): [string, number | undefined][] => [
      [`attempts[${index}].costUsd`, attempt.costUsd],
      [`attempts[${index}].latencyMs`, attempt.latencyMs],
    ]),
  ];
  for (const [path, amount] of amounts)
    if (amount !== undefined && amount > maxRecordAmount)
      return `${path}: ${amount} for one request; expected at most ${maxRecordAmount} (a sum of such records would not be a number)`;
  const depth = record.totals.fallbackDepth;
  if (depth <= record.attempts.length) return undefined;
  return `totals.fallbackDepth: ${depth} targets tried before the serving one, but the record has ${record.attempts.length} attempt(s); expected at most ${record.attempts.length}`;
}
