import { amountUnits, type BudgetAmount } from './budget-amount.js';
import type { BudgetCounter, ThresholdCrossing } from './budget-store.js';

/** A counter's alert state: the highest threshold alerted, until when. */
export interface AlertState {
  alerted: number;
  alertedUntil: number;
}

/**
 * The level of a counter: its committed amount over its limit, percent, in
 * the fullest limited unit (0 without limits).
 *
 * @example
 * ```ts
 * budgetLevel({ limits: { microUsd: 1_000_000 } }, { microUsd: 800_000, tokens: 0, requests: 0 }); // 80
 * ```
 */
export function budgetLevel(counter: Pick<BudgetCounter, 'limits'>, committed: BudgetAmount): number {
  let level = 0;
  for (const unit of amountUnits) {
    const limit = counter.limits[unit];
    if (limit !== undefined && limit > 0) level = Math.max(level, (committed[unit] * 100) / limit);
  }
  return level;
}

/**
 * The thresholds a counter crosses on reaching `level`, each reported once
 * until `counter.alertUntil` (the end of the calendar period, or one rolling
 * length after the first alert); updates `state`. A shared store keeps the
 * same state next to the counter and applies the same rule in its script.
 *
 * @param counter the counter, with its ascending thresholds.
 * @param state its alert state, updated in place.
 * @param level the level reached, percent.
 * @param now the instant (epoch ms).
 * @param into where crossings are appended.
 */
export function crossThresholds(
  counter: BudgetCounter,
  state: AlertState,
  level: number,
  now: number,
  into: ThresholdCrossing[],
): void {
  if (now >= state.alertedUntil) state.alerted = 0;
  for (const threshold of counter.thresholds) {
    if (threshold <= state.alerted || threshold > level) continue;
    if (state.alerted === 0) state.alertedUntil = counter.alertUntil;
    state.alerted = threshold;
    into.push({ budgetId: counter.budgetId, key: counter.key, threshold, level });
  }
}
