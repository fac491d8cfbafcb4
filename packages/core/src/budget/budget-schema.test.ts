import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BudgetSchema } from './budget-schema.js';

const messages = (input: unknown) =>
  BudgetSchema.safeParse(input).error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) ??
  [];

describe('BudgetSchema', () => {
  it('applies the defaults: reroute, 80 and 100 %, local-only, a 1 % lease, output caps', () => {
    const budget = BudgetSchema.parse({ id: 'daily', limit: { usd: 10 }, window: { calendar: 'day' } });
    expect(budget).toMatchObject({
      scope: {},
      per: [],
      window: { calendar: 'day', timeZone: 'UTC' },
      onExhausted: 'reroute',
      thresholds: [80, 100],
      onStoreDown: 'local-only',
      leasePercent: 1,
      defaultMaxOutputTokens: 4096,
      minOutputTokens: 256,
    });
  });

  it('reads a rolling window as milliseconds', () => {
    const budget = BudgetSchema.parse({ id: 'r', limit: { tokens: 1000 }, window: { rolling: '7d' } });
    expect(budget.window).toEqual({ rolling: 604_800_000 });
  });

  it('wants at least one limit', () => {
    expect(messages({ id: 'x', limit: {}, window: { calendar: 'day' } })).toEqual([
      'limit: give at least one limit: usd, tokens or requests',
    ]);
  });

  it('refuses fractions of a micro-dollar, rolling windows under a minute and unknown periods', () => {
    expect(messages({ id: 'x', limit: { usd: 0.0000001 }, window: { rolling: '30s' } })).toEqual([
      'limit.usd: at most 6 decimals: budgets count whole micro-dollars',
      'window.rolling: a rolling window of at least 1 minute, e.g. "1h" or "24h"',
    ]);
    expect(messages({ id: 'x', limit: { usd: 1 }, window: { calendar: 'fortnight' } })).toHaveLength(1);
  });

  it('refuses unknown keys in a scope (a misspelt condition would count everything)', () => {
    expect(
      messages({ id: 'x', limit: { usd: 1 }, window: { calendar: 'day' }, scope: { tennant: ['a'] } }),
    ).toEqual(['scope: Unrecognized key: "tennant"']);
  });

  it('documents every field in the JSON schema', () => {
    const schema = z.toJSONSchema(BudgetSchema, { io: 'input', unrepresentable: 'any' }) as {
      properties: Record<string, { description?: string }>;
    };
    const undocumented = Object.entries(schema.properties)
      .filter(([, field]) => typeof field.description !== 'string')
      .map(([name]) => name);
    expect(undocumented).toEqual([]);
  });
});
