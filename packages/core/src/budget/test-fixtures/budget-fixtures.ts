import type { BudgetAmount } from '../budget-amount.js';
import type { BudgetCounter, ReserveRequest } from '../budget-store.js';

/** A counter in a daily window starting at 0 (bucket 0, released at one day), enforced, no thresholds. */
export function counter(overrides: Partial<BudgetCounter> & { key: string }): BudgetCounter {
  return {
    budgetId: overrides.key.split('|')[0] ?? overrides.key,
    limits: { microUsd: 1_000 },
    bucket: 0,
    firstBucket: 0,
    releasedAt: 86_400_000,
    enforce: true,
    thresholds: [],
    alertUntil: 86_400_000,
    leasePercent: 0,
    ...overrides,
  };
}

/** A reservation of `base` plus `perOutputToken` per output token, for `outputTokens` (no clamping unless `minOutputTokens` is lower). */
export function reserveRequest(
  overrides: Partial<ReserveRequest> & { counters: BudgetCounter[] },
): ReserveRequest {
  return {
    attemptId: 'a',
    base: { microUsd: 100, tokens: 100, requests: 1 },
    perOutputToken: 1,
    outputTokens: 100,
    minOutputTokens: 100,
    now: 0,
    expiresAt: 600_000,
    ...overrides,
  };
}

/** An amount. */
export const amount = (microUsd: number, tokens = 0, requests = 0): BudgetAmount => ({
  microUsd,
  tokens,
  requests,
});
