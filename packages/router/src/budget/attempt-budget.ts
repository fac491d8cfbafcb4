import {
  type AttemptBudget as AttemptBudgetRecord,
  attemptCharge,
  type BudgetAmount,
  type BudgetCounter,
  type Price,
  type TokenUsage,
} from '@switchyard/core';
import type { RouterBudgets } from './router-budgets.js';

/**
 * One attempt's reservation, from the moment the budgets admitted it to its
 * reconciliation: `settle` charges what the attempt cost, exactly once
 * (later calls return the first answer), and gives the attempt record's
 * `budget` fields. A shared store's reconciliation runs in the background
 * (the request never waits for it); the charge is in the record at once.
 */
export class AttemptBudget {
  #settled: AttemptBudgetRecord | undefined;

  constructor(
    readonly budgets: RouterBudgets,
    /** Unique per attempt: `<requestId>:<n>`. */
    readonly attemptId: string,
    /** The counters it reserved on (their window buckets). */
    readonly counters: readonly BudgetCounter[],
    /** What was reserved. */
    readonly reserved: BudgetAmount,
    /** The bound of the prompt's input tokens (the attempt's target context window applied). */
    readonly inputTokens: number,
    /** The output cap passed to a call that set none. */
    readonly outputCap: number | undefined,
    readonly price: Price | undefined,
    /** `warn` budgets that could not have paid. */
    readonly exceeded: readonly string[] | undefined,
    /** The store was unreachable: from the lease, or not counted at all. */
    readonly storeDown: 'lease' | 'uncounted' | undefined,
  ) {}

  /** Whether it was settled. */
  get settled(): boolean {
    return this.#settled !== undefined;
  }

  /**
   * Reconciles the reservation to what the attempt cost, once.
   *
   * @param options.usage the provider's usage, or the router's bound of a cut stream, or undefined (nothing billed).
   * @param options.sent whether the call reached the model (counts one request).
   * @param options.unknownUsage the model answered without reporting its usage: it is charged what was reserved (its bound).
   * @param options.now the instant (epoch ms).
   * @returns the attempt record's `budget` fields.
   */
  settle(options: {
    usage: TokenUsage | undefined;
    sent: boolean;
    unknownUsage?: boolean;
    now: number;
  }): AttemptBudgetRecord {
    if (this.#settled !== undefined) return this.#settled;
    const charged = options.unknownUsage
      ? this.reserved
      : attemptCharge({ usage: options.usage, price: this.price, sent: options.sent });
    const record: AttemptBudgetRecord = {
      counted: this.counters.map((counter) => ({ budgetId: counter.budgetId, key: counter.key })),
      reserved: this.reserved,
      charged,
    };
    if (this.outputCap !== undefined) record.outputCap = this.outputCap;
    if (this.exceeded !== undefined && this.exceeded.length > 0) record.exceeded = [...this.exceeded];
    if (this.storeDown !== undefined) record.storeDown = this.storeDown;
    this.#settled = record;
    if (this.storeDown === 'uncounted') return record;
    try {
      const result = this.budgets.store.reconcile({
        attemptId: this.attemptId,
        counters: this.counters,
        charged,
        now: options.now,
      });
      if (result instanceof Promise) this.budgets.track('reconcile', result);
      else this.budgets.crossed(result.crossings);
    } catch (error) {
      this.budgets.track('reconcile', Promise.reject(error));
    }
    return record;
  }
}
