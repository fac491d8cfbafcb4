/**
 * What an attempt reserves or is charged, and what a budget counts, in each
 * of its units: integer micro-dollars, tokens and requests.
 */
export interface BudgetAmount {
  /** Integer micro-dollars (1 USD = 1,000,000). */
  readonly microUsd: number;
  /** Input plus output tokens. */
  readonly tokens: number;
  /** Attempts sent to a target. */
  readonly requests: number;
}

/** Nothing: 0 of every unit. */
export const zeroAmount: BudgetAmount = Object.freeze({ microUsd: 0, tokens: 0, requests: 0 });

/** The units of a {@link BudgetAmount}, in the order stores and scripts use them. */
export const amountUnits = ['microUsd', 'tokens', 'requests'] as const;

/** One of {@link amountUnits}. */
export type AmountUnit = (typeof amountUnits)[number];
