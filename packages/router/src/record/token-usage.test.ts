import { describe, expect, it } from 'vitest';
import { tokenUsage } from './token-usage.js';

describe('tokenUsage', () => {
  it('records every bucket a cost needs, cache writes included', () => {
    expect(
      tokenUsage({
        inputTokens: { total: 1000, noCache: 500, cacheRead: 200, cacheWrite: 300 },
        outputTokens: { total: 120, text: 100, reasoning: 20 },
      }),
    ).toEqual({
      inputTokens: 1000,
      outputTokens: 120,
      cachedInputTokens: 200,
      cacheWriteInputTokens: 300,
      reasoningTokens: 20,
    });
  });

  it('adds up the parts when a provider leaves a total out', () => {
    expect(
      tokenUsage({
        inputTokens: { total: undefined, noCache: 10, cacheRead: 5, cacheWrite: undefined },
        outputTokens: { total: undefined, text: 7, reasoning: 3 },
      }),
    ).toEqual({ inputTokens: 15, outputTokens: 10, cachedInputTokens: 5, reasoningTokens: 3 });
    expect(tokenUsage(undefined)).toBeUndefined();
  });
});
