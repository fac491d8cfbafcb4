import type { BudgetShortfall } from './budget-store.js';

const usd = (microUsd: number) => `$${(microUsd / 1_000_000).toFixed(6).replace(/0{1,4}$/, '')}`;

/**
 * A shortfall in words, in its unit: `$9.99 of $10.00 committed, the attempt
 * needs $0.02` (dollars to the micro-dollar, trailing zeros dropped down to
 * cents), or `998 of 1000 requests committed, the attempt needs 1 requests`.
 *
 * @example
 * ```ts
 * describeShortfall({ unit: 'microUsd', limit: 10_000_000, committed: 9_990_000, needed: 20_000, ... });
 * // '$9.99 of $10.00 committed, the attempt needs $0.02'
 * ```
 */
export function describeShortfall(
  shortfall: Pick<BudgetShortfall, 'unit' | 'limit' | 'committed' | 'needed'>,
): string {
  const format = shortfall.unit === 'microUsd' ? usd : (value: number) => `${value} ${shortfall.unit}`;
  return `${format(shortfall.committed)} of ${format(shortfall.limit)} committed, the attempt needs ${format(shortfall.needed)}`;
}
