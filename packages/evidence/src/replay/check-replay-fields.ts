import { healthSources, requiredCapabilities, skippedReasons } from '@switchyard/core';
import { cutoffReasons } from '@switchyard/core/failure';

const effects = new Set(['deny', 'require', 'allow', 'default', 'restricted']);
const reasons = new Set<string>(skippedReasons);
const cutoffs = new Set<string>(cutoffReasons);
const sources = new Set<string>(healthSources);
const capabilities = new Set<string>(requiredCapabilities);
/** The plan's inputs a router without fleet or budget state writes; any other key: zod. */
const plainDecisionKeys = new Set([
  'catalogVersion',
  'priceVersion',
  'promptTokens',
  'outputTokens',
  'order',
  'at',
  'planSkipped',
  'admittedUnder',
  'budgetsVersion',
  'health',
  'requires',
  'latencyMs',
  'inFlight',
  'draws',
]);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown): boolean =>
  typeof value === 'number' && value >= 0 && Number.isSafeInteger(value);
const isOptionalString = (value: unknown): boolean => value === undefined || typeof value === 'string';
const isStrings = (value: unknown): boolean =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');
const isOptionalNumber = (value: unknown): boolean => value === undefined || Number.isFinite(value);
/** A map of numbers each `valid` takes, or absent. */
const isOptionalFigures = (value: unknown, valid: (figure: unknown) => boolean): boolean => {
  if (value === undefined) return true;
  if (!isObject(value)) return false;
  for (const key in value) if (!valid(value[key])) return false;
  return true;
};
const isAmount = (value: unknown): boolean =>
  typeof value === 'number' && value >= 0 && Number.isFinite(value);
const isDraw = (value: unknown): boolean => typeof value === 'number' && value >= 0 && value <= 1;

/** A recorded cut-off, as `RecordedCutoffSchema` has it. */
function isCutoff(value: unknown): boolean {
  if (!isObject(value)) return false;
  for (const key in value)
    if (!['jurisdiction', 'reason', 'since', 'probeDue', 'source', 'by', 'learnedAt'].includes(key))
      return false;
  return (
    isOptionalString(value.jurisdiction) &&
    (value.reason === undefined || cutoffs.has(value.reason as string)) &&
    Number.isFinite(value.since) &&
    (value.probeDue === undefined || value.probeDue === true) &&
    (value.source === undefined || sources.has(value.source as string)) &&
    isOptionalString(value.by) &&
    isOptionalNumber(value.learnedAt)
  );
}

/** A candidate's recorded health without fleet provenance (a fleet's entries go to zod). */
function isPlainHealth(value: unknown): boolean {
  if (!isObject(value)) return false;
  for (const key in value)
    if (!['targetId', 'model', 'cutoff', 'rateLimitedUntil', 'circuitOpen'].includes(key)) return false;
  return (
    typeof value.targetId === 'string' &&
    (value.model === undefined || value.model === false) &&
    (value.cutoff === undefined || isCutoff(value.cutoff)) &&
    isOptionalNumber(value.rateLimitedUntil) &&
    (value.circuitOpen === undefined || value.circuitOpen === true)
  );
}

/**
 * The fast check of what a replay reads beyond the report's fast check
 * (`checkRecord` of `@switchyard/report`, which it follows): every verdict
 * and skipped entry, each attempt's `startMs`, the `error`, and a version 2
 * `decision` block holding only the plain inputs (catalog and price versions,
 * token estimates, the order, its strategy's state, and health without
 * fleet provenance). `false` sends the line to the full schema,
 * which also reads what this does not (fleet health, budget refusals,
 * strategy state, a version 1 `cut_off`), or says precisely what is wrong.
 *
 * @param value a value `checkRecord` accepted.
 */
export function checkReplayFields(value: Record<string, unknown>): boolean {
  for (const verdict of value.verdicts as unknown[]) {
    if (
      !isObject(verdict) ||
      typeof verdict.targetId !== 'string' ||
      typeof verdict.allowed !== 'boolean' ||
      !effects.has(verdict.effect as string) ||
      !isStrings(verdict.ruleIds) ||
      !isOptionalString(verdict.reason)
    )
      return false;
  }
  for (const skipped of value.skipped as unknown[]) {
    if (
      !isObject(skipped) ||
      typeof skipped.targetId !== 'string' ||
      !reasons.has(skipped.reason as string) ||
      typeof skipped.detail !== 'string' ||
      !(skipped.budgetIds === undefined || isStrings(skipped.budgetIds))
    )
      return false;
  }
  for (const attempt of value.attempts as Record<string, unknown>[]) {
    const startMs = attempt.startMs;
    if (typeof startMs !== 'number' || !(startMs >= 0) || startMs === Number.POSITIVE_INFINITY) return false;
  }
  const error = value.error;
  if (
    error !== undefined &&
    (!isObject(error) || typeof error.code !== 'string' || typeof error.message !== 'string')
  )
    return false;
  const decision = value.decision;
  if (value.schemaVersion === 1) return decision === undefined;
  if (!isObject(decision)) return false;
  for (const key in decision) if (!plainDecisionKeys.has(key)) return false;
  return (
    typeof decision.catalogVersion === 'string' &&
    typeof decision.priceVersion === 'string' &&
    isCount(decision.promptTokens) &&
    isCount(decision.outputTokens) &&
    isStrings(decision.order) &&
    (decision.at === undefined || Number.isFinite(decision.at)) &&
    (decision.planSkipped === undefined ||
      (isCount(decision.planSkipped) && (decision.planSkipped as number) > 0)) &&
    isOptionalString(decision.admittedUnder) &&
    isOptionalString(decision.budgetsVersion) &&
    (decision.health === undefined ||
      (Array.isArray(decision.health) && decision.health.every(isPlainHealth))) &&
    (decision.requires === undefined ||
      (Array.isArray(decision.requires) && decision.requires.every((need) => capabilities.has(need)))) &&
    isOptionalFigures(decision.latencyMs, isAmount) &&
    isOptionalFigures(decision.inFlight, isCount) &&
    (decision.draws === undefined || (Array.isArray(decision.draws) && decision.draws.every(isDraw)))
  );
}
