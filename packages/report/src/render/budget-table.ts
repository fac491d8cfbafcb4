import type { Report } from '../aggregate/report.js';
import { formatCount, formatUsd } from './format.js';
import type { ReportTable } from './report-tables.js';

/**
 * The budgets table: per counter (a budget's key), the attempts it counted,
 * what they were charged (USD, tokens, requests) and reserved, and how often
 * its budget rerouted a candidate; a last row counts requests a `deny` budget
 * failed and requests failed because the budget store was unreachable.
 * `undefined` when the records carry no budget evidence.
 *
 * @example
 * ```ts
 * const table = budgetTable(report); // { id: 'budgets', head: ['Budget', 'Counter', ...], ... }
 * ```
 */
export function budgetTable(report: Report): ReportTable | undefined {
  const { counters, rerouted, denied, unavailable } = report.budgets;
  if (counters.length === 0 && Object.keys(rerouted).length === 0 && denied === 0 && unavailable === 0)
    return undefined;
  const ids = [...new Set([...counters.map((counter) => counter.budgetId), ...Object.keys(rerouted)])];
  const rows: string[][] = [];
  for (const budgetId of ids) {
    const own = counters.filter((counter) => counter.budgetId === budgetId);
    own.forEach((counter, index) => {
      rows.push([
        budgetId,
        counter.key,
        formatCount(counter.attempts),
        formatUsd(counter.chargedUsd),
        formatCount(counter.chargedTokens),
        formatCount(counter.chargedRequests),
        formatUsd(counter.reservedUsd),
        index === 0 ? formatCount(rerouted[budgetId] ?? 0) : '',
      ]);
    });
    if (own.length === 0)
      rows.push([budgetId, '-', '0', '-', '-', '-', '-', formatCount(rerouted[budgetId] ?? 0)]);
  }
  if (denied > 0 || unavailable > 0)
    rows.push([
      `requests denied: ${formatCount(denied)} (budget exceeded), ${formatCount(unavailable)} (store unreachable)`,
      '',
      '',
      '',
      '',
      '',
      '',
      '',
    ]);
  return {
    id: 'budgets',
    title: 'Budgets: spend per counter',
    head: ['Budget', 'Counter', 'Attempts', 'Charged', 'Tokens', 'Requests', 'Reserved', 'Rerouted'],
    rows,
    numeric: [2, 3, 4, 5, 6, 7],
  };
}
