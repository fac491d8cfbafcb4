import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { answering, ask as askHi, fixture } from './test-fixtures/fixture-answers.js';

/**
 * Usage fields `@ai-sdk/openai` reads and the adapter did not, on bodies
 * written by us in the documented shapes (`__fixtures__/predicted-output.*`):
 * `prompt_tokens_details.cache_write_tokens` (the cache writes, inside
 * `prompt_tokens`) and the predicted output's accepted and rejected tokens
 * (`completion_tokens_details`, kept in `providerMetadata.openai`).
 */
const ask = askHi();

const inputTokens = { total: 2100, noCache: 76, cacheRead: 1024, cacheWrite: 1000 };
const prediction = { acceptedPredictionTokens: 6, rejectedPredictionTokens: 3 };

describe('OpenAIChatLanguageModel: cache writes and predicted output tokens', () => {
  it('counts cache writes apart and keeps the prediction tokens, generated', async () => {
    const result = await answering(fixture('predicted-output.json')).doGenerate(ask);
    expect(result.usage.inputTokens).toEqual(inputTokens);
    expect(result.usage.outputTokens).toEqual({ total: 18, text: 18, reasoning: 0 });
    expect(result.providerMetadata?.openai).toEqual(prediction);
  });

  it('counts cache writes apart and keeps the prediction tokens, streamed', async () => {
    const { stream } = await answering(fixture('predicted-output.sse')).doStream(ask);
    let finish: Extract<LanguageModelV4StreamPart, { type: 'finish' }> | undefined;
    for await (const part of stream) if (part.type === 'finish') finish = part;
    expect(finish?.usage.inputTokens).toEqual(inputTokens);
    expect(finish?.providerMetadata).toEqual({ openai: prediction });
  });
});
