import { describe, expect, it } from 'vitest';
import { BudgetExceededError } from './budget-exceeded-error.js';
import { ConfigError } from './config-error.js';
import { errorCodes } from './error-codes.js';
import { SwitchyardError } from './switchyard-error.js';

const shortfall = (budgetId: string, retryAt: number) => ({
  budgetId,
  key: `${budgetId}|tenant=acme`,
  unit: 'microUsd' as const,
  limit: 10_000_000,
  committed: 9_990_000,
  needed: 20_000,
  retryAt,
});

describe('BudgetExceededError', () => {
  it('names the budgets, what each counter lacks and when all can pay again', () => {
    const error = new BudgetExceededError({
      shortfalls: [
        shortfall('daily', Date.parse('2026-06-26T00:00:00Z')),
        shortfall('daily', 0),
        shortfall('hourly', 5),
      ],
      route: 'chat',
    });
    expect(error.code).toBe(errorCodes.BUDGET_EXCEEDED);
    expect(error.budgetIds).toEqual(['daily', 'hourly']);
    expect(error.retryAt).toBe(Date.parse('2026-06-26T00:00:00Z'));
    expect(error.message).toContain('daily|tenant=acme: $9.99 of $10.00 committed, the attempt needs $0.02');
    expect(error.message).toContain('2026-06-26T00:00:00.000Z');
  });

  describe('isInstance', () => {
    it('recognises its own class only, by its own marker', () => {
      const error = new BudgetExceededError({ shortfalls: [shortfall('daily', 0)] });
      expect(BudgetExceededError.isInstance(error)).toBe(true);
      expect(SwitchyardError.isInstance(error)).toBe(true);
      expect(BudgetExceededError.isInstance(new ConfigError({ file: 'x', issues: [] }))).toBe(false);
      expect(BudgetExceededError.isInstance({ code: errorCodes.BUDGET_EXCEEDED })).toBe(false);
      expect(BudgetExceededError.isInstance(undefined)).toBe(false);
    });
  });
});
