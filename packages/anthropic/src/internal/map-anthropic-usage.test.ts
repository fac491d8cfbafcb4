import { describe, expect, it } from 'vitest';
import { mapAnthropicUsage } from './map-anthropic-usage.js';

describe('mapAnthropicUsage', () => {
  it('leaves every count undefined without usage', () => {
    expect(mapAnthropicUsage(undefined)).toEqual({
      inputTokens: { total: undefined, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
      outputTokens: { total: undefined, text: undefined, reasoning: undefined },
    });
  });

  it('adds cache reads and writes to the input, and splits the output only when thinking tokens are reported', () => {
    const usage = {
      input_tokens: 10,
      cache_read_input_tokens: 90,
      cache_creation_input_tokens: 5,
      output_tokens: 40,
    };
    expect(mapAnthropicUsage(usage)).toMatchObject({
      inputTokens: { total: 105, noCache: 10, cacheRead: 90, cacheWrite: 5 },
      // Thinking and text share output_tokens; without thinking_tokens the split is unknown.
      outputTokens: { total: 40, text: undefined, reasoning: undefined },
    });
    expect(
      mapAnthropicUsage({ ...usage, output_tokens_details: { thinking_tokens: 30 } }).outputTokens,
    ).toEqual({
      total: 40,
      text: 10,
      reasoning: 30,
    });
  });

  it('counts every billed step of a compacted answer (usage.iterations), not only the last', () => {
    // The top level counts the final message only: 682 in, 1,320 out; the compaction step read 60,385 more.
    const usage = {
      input_tokens: 682,
      output_tokens: 1320,
      cache_read_input_tokens: 0,
      cache_creation_input_tokens: 0,
      iterations: [
        { type: 'compaction', input_tokens: 60385, output_tokens: 592, cache_read_input_tokens: 100 },
        { type: 'message', input_tokens: 682, output_tokens: 1320, cache_creation_input_tokens: 7 },
        { type: 'advisor_message', input_tokens: 5000, output_tokens: 300 },
      ],
    };
    expect(mapAnthropicUsage(usage)).toMatchObject({
      inputTokens: { total: 61174, noCache: 61067, cacheRead: 100, cacheWrite: 7 },
      outputTokens: { total: 1912 },
    });
  });

  it('counts a turn a server-side fallback served by its top level', () => {
    const usage = {
      input_tokens: 50,
      output_tokens: 20,
      iterations: [
        { type: 'message', input_tokens: 50, output_tokens: 0 },
        { type: 'fallback_message', input_tokens: 50, output_tokens: 20 },
      ],
    };
    expect(mapAnthropicUsage(usage)).toMatchObject({
      inputTokens: { total: 50 },
      outputTokens: { total: 20 },
    });
  });
});
