/** The Redis keys of a fleet's budgets. Every key carries the fleet in a hash tag, so a cluster keeps them in one slot. */
export interface BudgetKeys {
  /** The prefix of reservation keys (a reservation is `<prefix><attemptId>`). */
  readonly reservationPrefix: string;
  /** The hash of a counter (its window buckets, totals and alerts). */
  counter(key: string): string;
  /** The sorted set of a counter's reservations, by when they lapse. */
  lapses(key: string): string;
  /** The prefix of lapse-set keys (a counter's is `<prefix><counter key>`). */
  readonly lapsesPrefix: string;
}

/**
 * The keys of a fleet's budgets: `<prefix>:{<fleet>}:budget:c:<counter key>`,
 * `:budget:z:<counter key>` and `:budget:r:<attempt id>`.
 *
 * @example
 * ```ts
 * budgetKeys('switchyard', 'checkout').counter('acme-daily|tenant=acme'); // 'switchyard:{checkout}:budget:c:acme-daily|tenant=acme'
 * ```
 */
export function budgetKeys(prefix: string, fleet: string): BudgetKeys {
  const base = `${prefix}:{${fleet}}:budget`;
  return {
    reservationPrefix: `${base}:r:`,
    counter: (key) => `${base}:c:${key}`,
    lapses: (key) => `${base}:z:${key}`,
    lapsesPrefix: `${base}:z:`,
  };
}
