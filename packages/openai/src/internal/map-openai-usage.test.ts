import { describe, expect, it } from 'vitest';
import { mapOpenAIUsage } from './map-openai-usage.js';

describe('mapOpenAIUsage', () => {
  it('leaves every count undefined without usage', () => {
    expect(mapOpenAIUsage(undefined)).toEqual({
      inputTokens: { total: undefined, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
      outputTokens: { total: undefined, text: undefined, reasoning: undefined },
    });
  });

  it('keeps reasoning inside completion_tokens where OpenAI puts it', () => {
    expect(
      mapOpenAIUsage({
        prompt_tokens: 15,
        completion_tokens: 78,
        total_tokens: 93,
        completion_tokens_details: { reasoning_tokens: 64 },
      }).outputTokens,
    ).toEqual({ total: 78, text: 14, reasoning: 64 });
  });

  it.each([
    ['total_tokens counts it', { prompt_tokens: 12, completion_tokens: 30, total_tokens: 242 }],
    ['more reasoning than completion tokens', { prompt_tokens: 12, completion_tokens: 1 }],
  ])('adds reasoning reported outside completion_tokens (xAI): %s', (_, counts) => {
    const output = mapOpenAIUsage({
      ...counts,
      completion_tokens_details: { reasoning_tokens: 200 },
    }).outputTokens;
    expect(output.total).toBe(counts.completion_tokens + 200);
    expect(output.text).toBe(counts.completion_tokens);
  });

  it("reads DeepSeek's cache hits, and a cache larger than the prompt as outside it", () => {
    expect(
      mapOpenAIUsage({ prompt_tokens: 339, completion_tokens: 5, prompt_cache_hit_tokens: 320 }).inputTokens,
    ).toEqual({
      total: 339,
      noCache: 19,
      cacheRead: 320,
      cacheWrite: undefined,
    });
    expect(
      mapOpenAIUsage({
        prompt_tokens: 10,
        completion_tokens: 5,
        prompt_tokens_details: { cached_tokens: 30 },
      }).inputTokens,
    ).toEqual({
      total: 40,
      noCache: 10,
      cacheRead: 30,
      cacheWrite: undefined,
    });
  });
});
