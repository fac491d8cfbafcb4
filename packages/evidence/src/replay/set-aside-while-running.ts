import type { DecisionRecord } from '@switchyard/core';

/**
 * Targets the recorded request set aside while it ran, when their turn came
 * (a circuit open at the attempt, a full bulkhead, a cut-off that landed
 * meanwhile, a window already too small, a hook that declined): the entries
 * of `skipped` past the plan's own, for targets ordered before the one that
 * served (a demoted target whose turn never came is not one); with
 * `budgetOnly`, only those a budget set aside. v1 records do not say which
 * entries the plan made: none.
 *
 * @param options.record the record.
 * @param options.budgetOnly only the targets a budget set aside (default false).
 * @returns their ids, or undefined when there are none or the record cannot tell.
 * @example
 * ```ts
 * setAsideWhileRunning({ record })?.has('alpha'); // true: its circuit was open when its turn came
 * ```
 */
export function setAsideWhileRunning(options: {
  record: DecisionRecord;
  budgetOnly?: boolean;
}): Set<string> | undefined {
  const { record, budgetOnly = false } = options;
  const decision = record.decision;
  if (decision === undefined) return undefined;
  const servedAt = record.servedBy === null ? -1 : decision.order.indexOf(record.servedBy);
  let found: Set<string> | undefined;
  for (const entry of record.skipped.slice(decision.planSkipped ?? 0)) {
    const at = decision.order.indexOf(entry.targetId);
    if (at === -1 || (servedAt !== -1 && at > servedAt)) continue;
    if (budgetOnly && entry.reason !== 'budget') continue;
    found ??= new Set();
    found.add(entry.targetId);
  }
  return found;
}
