import type { BudgetAmount } from './budget-amount.js';

/** A running total of a {@link BudgetAmount}, changed in place (the memory store's counters). */
export class BudgetTally implements BudgetAmount {
  microUsd = 0;
  tokens = 0;
  requests = 0;

  /** Adds `amount` times `sign` (1 or -1). */
  add(amount: BudgetAmount, sign = 1): void {
    this.microUsd += sign * amount.microUsd;
    this.tokens += sign * amount.tokens;
    this.requests += sign * amount.requests;
  }

  /** A frozen copy. */
  snapshot(): BudgetAmount {
    return { microUsd: this.microUsd, tokens: this.tokens, requests: this.requests };
  }

  /** Whether every unit is 0. */
  get isZero(): boolean {
    return this.microUsd === 0 && this.tokens === 0 && this.requests === 0;
  }
}
