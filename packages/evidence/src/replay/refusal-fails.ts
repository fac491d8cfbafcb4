import type { Budget, BudgetRefusal } from '@switchyard/core';

/** A budget's limit in one unit of a refusal (micro-dollars for `microUsd`), if it has one. */
function budgetLimit(budget: Budget, unit: NonNullable<BudgetRefusal['unit']>): number | undefined {
  if (unit === 'microUsd')
    return budget.limit.usd === undefined ? undefined : Math.round(budget.limit.usd * 1e6);
  return budget.limit[unit];
}

/**
 * Whether a recorded refusal holds under `budgets`: the budget is there, set
 * aside a candidate it cannot pay (`reroute`; `deny` would fail the request),
 * and the recorded counter state (spent and reserved, plus what the attempt
 * needed) is past its limit in that unit; for a store that could not be
 * reached, `onStoreDown: local-only` sets hosted targets aside again.
 *
 * @param options.refusal the recorded refusal (`decision.budget` of a record).
 * @param options.budgets the budgets to hold it against (the record's own, or another config's).
 * @returns `undefined` when it holds, else why not (readable).
 * @example
 * ```ts
 * refusalFails({ refusal, budgets: config.budgets }); // 'budget "daily" could pay: 2 committed + 1 needed <= 5 requests'
 * ```
 */
export function refusalFails(options: {
  refusal: BudgetRefusal;
  budgets: readonly Budget[] | undefined;
}): string | undefined {
  const { refusal, budgets } = options;
  const budget = budgets?.find((entry) => entry.id === refusal.budgetId);
  if (budget === undefined) return `no budget "${refusal.budgetId}"`;
  if (refusal.storeDown === true)
    return budget.onStoreDown === 'local-only'
      ? undefined
      : `budget "${budget.id}" has onStoreDown: ${budget.onStoreDown}, which does not set a target aside`;
  if (budget.onExhausted !== 'reroute')
    return `budget "${budget.id}" has onExhausted: ${budget.onExhausted}, which does not set a target aside`;
  const { unit, committed, needed } = refusal;
  if (unit === undefined || committed === undefined || needed === undefined)
    return 'the refusal does not record the counter state';
  const limit = budgetLimit(budget, unit);
  if (limit === undefined) return `budget "${budget.id}" has no ${unit} limit`;
  if (committed + needed <= limit)
    return `budget "${budget.id}" could pay: ${committed} committed + ${needed} needed <= ${limit} ${unit}`;
  return undefined;
}
