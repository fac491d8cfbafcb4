import { describe, expect, it } from 'vitest';
import { type BudgetInput, BudgetSchema } from './budget-schema.js';
import { compileBudgets } from './compile-budgets.js';

const budget = (input: Partial<BudgetInput> & { id: string }) =>
  BudgetSchema.parse({ limit: { usd: 10 }, window: { calendar: 'day' }, ...input });

const gpt = { id: 'openai-gpt', provider: 'openai' };
const claude = { id: 'anthropic-claude', provider: 'anthropic' };
const llama = { id: 'local-llama', provider: 'ollama' };

describe('compileBudgets', () => {
  describe('applicable', () => {
    it('counts everything under an empty scope', () => {
      const budgets = compileBudgets({ budgets: [budget({ id: 'all' })] });
      expect(budgets.applicable('chat', llama, {}).map((applied) => applied.key)).toEqual(['all']);
    });

    it('combines route, provider and target conditions (all must hold)', () => {
      const budgets = compileBudgets({
        budgets: [budget({ id: 'chat-openai', scope: { route: ['chat'], provider: ['openai'] } })],
      });
      expect(budgets.applicable('chat', gpt, {})).toHaveLength(1);
      expect(budgets.applicable('chat', claude, {})).toHaveLength(0);
      expect(budgets.applicable('code', gpt, {})).toHaveLength(0);
    });

    it('matches tenants by glob, and a request without a tenant matches none', () => {
      const budgets = compileBudgets({ budgets: [budget({ id: 'acme', scope: { tenant: ['acme-*'] } })] });
      expect(budgets.applicable('chat', gpt, { tenant: 'acme-eu' })).toHaveLength(1);
      expect(budgets.applicable('chat', gpt, { tenant: 'globex' })).toHaveLength(0);
      expect(budgets.applicable('chat', gpt, {})).toHaveLength(0);
    });

    it('counts a caller against a jurisdiction scope whenever it could be in it (fail closed)', () => {
      const budgets = compileBudgets({
        budgets: [budget({ id: 'nordic', scope: { jurisdiction: ['NORDIC'] } })],
        groups: { NORDIC: ['SE', 'NO', 'DK'] },
      });
      const counts = (jurisdiction?: string) =>
        budgets.applicable('chat', gpt, jurisdiction === undefined ? {} : { jurisdiction }).length === 1;
      expect(counts('SE')).toBe(true);
      expect(counts('DE')).toBe(false);
      expect(counts('EEA')).toBe(true); // Norway is in the EEA
      expect(counts(undefined)).toBe(true); // could be anyone
      expect(counts('XX')).toBe(true); // not a code: could be anyone
    });

    it('keeps the unknown-caller marker for callers without a jurisdiction only', () => {
      const budgets = compileBudgets({
        budgets: [budget({ id: 'anon', scope: { jurisdiction: ['unknown'] } })],
      });
      expect(budgets.applicable('chat', gpt, {})).toHaveLength(1);
      expect(budgets.applicable('chat', gpt, { jurisdiction: 'US' })).toHaveLength(0);
    });

    it('splits a budget into one counter per value of its per fields', () => {
      const budgets = compileBudgets({
        budgets: [budget({ id: 'per-tenant', per: ['tenant', 'provider'] })],
      });
      expect(budgets.applicable('chat', gpt, { tenant: 'acme' })[0]?.key).toBe(
        'per-tenant|tenant=acme|provider=openai',
      );
      expect(budgets.applicable('chat', claude, { tenant: 'a|b=c' })[0]?.key).toBe(
        'per-tenant|tenant=a%7Cb%3Dc|provider=anthropic',
      );
      expect(budgets.applicable('chat', gpt, {})[0]?.key).toBe('per-tenant|tenant=|provider=openai');
    });

    it('lists applicable budgets in config order', () => {
      const budgets = compileBudgets({
        budgets: [budget({ id: 'b', scope: { route: ['chat'] } }), budget({ id: 'a' })],
      });
      expect(budgets.applicable('chat', gpt, {}).map((applied) => applied.budget.id)).toEqual(['b', 'a']);
      expect(budgets.applicable('code', gpt, {}).map((applied) => applied.budget.id)).toEqual(['a']);
    });
  });

  it('holds limits in integer micro-dollars and thresholds ascending without repeats', () => {
    const [compiled] = compileBudgets({
      budgets: [budget({ id: 'x', limit: { usd: 12.345678, requests: 5 }, thresholds: [100, 50, 80] })],
    }).all;
    expect(compiled?.limits).toEqual({ microUsd: 12_345_678, requests: 5 });
    expect(compiled?.thresholds).toEqual([50, 80, 100]);
  });
});
