import type { DecisionRecord } from '../record/decision-record.js';
import { BudgetSpendTally, type CounterSpend } from './budget-spend-tally.js';
import type { CompiledBudgets } from './compile-budgets.js';

/**
 * Rebuilds budget counters from decision records (what `switchyard budgets
 * --records` does), each attempt counted once ({@link BudgetSpendTally}).
 *
 * @param options.records the records, any order.
 * @param options.budgets the config's budgets, compiled.
 * @param options.at the instant the counters are taken at (epoch ms): the `spent` window, and
 *   only attempts started by then (records written later leave it as it stood).
 * @returns one entry per counter, by key.
 *
 * @example
 * ```ts
 * const counters = budgetSpendFromRecords({ records, budgets: compileBudgets({ budgets: config.budgets }), at: Date.now() });
 * ```
 */
export function budgetSpendFromRecords(options: {
  records: Iterable<DecisionRecord>;
  budgets: CompiledBudgets;
  at: number;
}): CounterSpend[] {
  const tally = new BudgetSpendTally({ budgets: options.budgets, until: options.at });
  for (const record of options.records) tally.add(record);
  return tally.counters(options.at);
}
