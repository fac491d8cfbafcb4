import { describe, expect, it } from 'vitest';
import { costOf, resolvePrice } from './cost-of.js';
import { defaultPrice } from './default-price.js';

const usage = (inputTokens: number, outputTokens: number, cachedInputTokens = 0) => ({
  inputTokens,
  outputTokens,
  cachedInputTokens,
  reasoningTokens: 0,
});

describe('costOf', () => {
  it('multiplies tokens by the per-million price', () => {
    // 1,000 x 2.5 / 1e6 + 500 x 15 / 1e6 = 0.0025 + 0.0075
    expect(costOf({ usage: usage(1000, 500), price: { input: 2.5, output: 15 } })).toBeCloseTo(0.01, 12);
  });

  it('charges cached input tokens at the cached price', () => {
    // 600 fresh x 3 + 400 cached x 0.3 + 100 x 15, over 1e6
    expect(
      costOf({ usage: usage(1000, 100, 400), price: { input: 3, output: 15, cachedInput: 0.3 } }),
    ).toBeCloseTo((600 * 3 + 400 * 0.3 + 100 * 15) / 1e6, 12);
  });

  it('charges cached tokens at the input price when there is no cached price', () => {
    expect(costOf({ usage: usage(1000, 0, 400), price: { input: 2, output: 8 } })).toBeCloseTo(0.002, 12);
  });

  it('charges cache writes at the cache-write price, and at the input price without one', () => {
    // 1,000 input = 500 fresh + 200 cache reads + 300 cache writes; 100 output
    const withWrites = { ...usage(1000, 100, 200), cacheWriteInputTokens: 300 };
    expect(
      costOf({ usage: withWrites, price: { input: 3, output: 15, cachedInput: 0.3, cacheWrite: 3.75 } }),
    ).toBeCloseTo((500 * 3 + 200 * 0.3 + 300 * 3.75 + 100 * 15) / 1e6, 12);
    expect(costOf({ usage: withWrites, price: { input: 3, output: 15, cachedInput: 0.3 } })).toBeCloseTo(
      (800 * 3 + 200 * 0.3 + 100 * 15) / 1e6,
      12,
    );
  });

  it('prices every token at the highest tier the input exceeds, and adds the per-request fee', () => {
    const price = {
      input: 3,
      output: 15,
      perRequest: 0.005,
      tiers: [
        { aboveInputTokens: 200_000, input: 6, output: 22.5 },
        { aboveInputTokens: 100_000, input: 4 },
      ],
    };
    expect(costOf({ usage: usage(200_000, 1000), price })).toBeCloseTo(
      (200_000 * 4 + 1000 * 15) / 1e6 + 0.005,
      12,
    );
    expect(costOf({ usage: usage(200_001, 1000), price })).toBeCloseTo(
      (200_001 * 6 + 1000 * 22.5) / 1e6 + 0.005,
      12,
    );
    expect(costOf({ usage: usage(10, 10), price })).toBeCloseTo((10 * 3 + 10 * 15) / 1e6 + 0.005, 12);
  });

  it('costs nothing without usage or price', () => {
    expect(costOf({ usage: undefined, price: { input: 1, output: 1 } })).toBe(0);
    expect(costOf({ usage: usage(10, 10), price: undefined })).toBe(0);
  });
});

describe('defaultPrice', () => {
  it('reads list prices from the bundled catalog', () => {
    const price = defaultPrice({ provider: 'openai', model: 'gpt-4o' });
    expect(price?.input).toBeGreaterThan(0);
    expect(price?.output).toBeGreaterThan(price?.input ?? 0);
  });

  it('keeps every bucket the catalog prices: cache writes, long-context tiers, per-request fees', () => {
    const sonnet = defaultPrice({ provider: 'anthropic', model: 'claude-sonnet-4-5' });
    expect(sonnet?.cacheWrite).toBeGreaterThan(sonnet?.input ?? Infinity);
    expect(sonnet?.tiers?.[0]).toMatchObject({ aboveInputTokens: 200_000 });
    expect(sonnet?.tiers?.[0]?.input).toBeGreaterThan(sonnet?.input ?? Infinity);
    expect(defaultPrice({ provider: 'perplexity', model: 'sonar' })?.perRequest).toBeGreaterThan(0);
    expect(defaultPrice({ provider: 'xai', model: 'grok-3-mini' })?.input).toBeGreaterThan(0);
  });

  it('returns undefined for a model the catalog does not know', () => {
    expect(defaultPrice({ provider: 'ollama', model: 'llama4' })).toBeUndefined();
    expect(defaultPrice({ provider: 'no-such-provider', model: 'x' })).toBeUndefined();
  });
});

describe('resolvePrice', () => {
  it('prefers the target price over the catalog', () => {
    expect(resolvePrice({ provider: 'openai', model: 'gpt-4o', price: { input: 9, output: 9 } })).toEqual({
      input: 9,
      output: 9,
    });
    expect(resolvePrice({ provider: 'openai', model: 'gpt-4o' })).toEqual(
      defaultPrice({ provider: 'openai', model: 'gpt-4o' }),
    );
  });
});
