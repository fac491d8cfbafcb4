import { readFileSync } from 'node:fs';
import type { LanguageModelV4CallOptions, LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { ProviderError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { createAnthropic } from './create-anthropic.js';

/**
 * What a message says about itself beside its content (`container`,
 * `stop_details`, `context_management`, `service_tier`, the usage fields
 * beyond the four counts), on bodies written by us in the Messages API's
 * documented shapes (`__fixtures__/message-facts.*`): all but the usage were
 * dropped without a word; now in `providerMetadata.anthropic` under the keys
 * `@ai-sdk/anthropic` gives them, generated and streamed.
 */
const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

function answering(body: string) {
  const contentType = body.trimStart().startsWith('{') ? 'application/json' : 'text/event-stream';
  return createAnthropic({
    apiKey: 'sk-ant-test',
    baseURL: 'http://anthropic.fixture.invalid',
    fetch: async () => new Response(body, { headers: { 'content-type': contentType } }),
  })('claude-sonnet-5');
}

const ask: LanguageModelV4CallOptions = {
  prompt: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
};

async function finishOf(body: string) {
  const { stream } = await answering(body).doStream(ask);
  let finish: Extract<LanguageModelV4StreamPart, { type: 'finish' }> | undefined;
  for await (const part of stream) if (part.type === 'finish') finish = part;
  return finish;
}

describe('AnthropicMessagesLanguageModel: what a message says about itself', () => {
  it('keeps the container, context management, service tier, stop sequence and usage extras, streamed', async () => {
    const finish = await finishOf(fixture('message-facts.sse'));
    expect(finish?.finishReason).toEqual({ unified: 'stop', raw: 'stop_sequence' });
    const anthropic = finish?.providerMetadata?.anthropic;
    expect(anthropic).toMatchObject({
      stopSequence: '###',
      serviceTier: 'standard',
      container: {
        id: 'container_011CUSwitchyardFacts',
        expiresAt: '2026-11-30T21:05:00.000000Z',
        skills: [{ type: 'anthropic', skillId: 'pptx', version: 'latest' }],
      },
      contextManagement: {
        appliedEdits: [{ type: 'clear_tool_uses_20250919', clearedToolUses: 3, clearedInputTokens: 12040 }],
      },
      usage: {
        service_tier: 'standard',
        server_tool_use: { web_search_requests: 1, web_fetch_requests: 0 },
        cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 2048 },
        output_tokens: 57,
      },
    });
    expect(finish?.usage.inputTokens).toEqual({ total: 3252, noCache: 1204, cacheRead: 0, cacheWrite: 2048 });
  });

  it('keeps the stop details, container, context management (an edit type it does not know as sent) and service tier, generated', async () => {
    const result = await answering(fixture('message-facts.json')).doGenerate(ask);
    expect(result.finishReason).toEqual({ unified: 'content-filter', raw: 'refusal' });
    expect(result.content).toEqual([{ type: 'text', text: 'I can summarise the report, but not' }]);
    expect(result.providerMetadata?.anthropic).toEqual({
      usage: JSON.parse(fixture('message-facts.json')).usage,
      stopSequence: null,
      serviceTier: 'priority',
      stopDetails: {
        type: 'refusal',
        category: 'cyber',
        explanation: 'The request asks for working exploit code.',
      },
      iterations: null,
      container: {
        id: 'container_011CUSwitchyardFacts',
        expiresAt: '2026-11-30T21:05:00.000000Z',
        skills: null,
      },
      contextManagement: {
        appliedEdits: [
          { type: 'clear_thinking_20251015', clearedThinkingTurns: 2, clearedInputTokens: 5120 },
          { type: 'clear_everything_20270101', cleared_input_tokens: 99 },
        ],
      },
    });
  });

  it("names the stop details' category and explanation in the refusal failure of a message with no content", async () => {
    const { stream } = await answering(fixture('refusal-stop-details.sse')).doStream(ask);
    const parts: LanguageModelV4StreamPart[] = [];
    for await (const part of stream) parts.push(part);
    const last = parts.at(-1);
    if (last?.type !== 'error' || !ProviderError.isInstance(last.error))
      throw new Error(`expected an error part, got ${JSON.stringify(last)}`);
    expect(last.error.failure).toMatchObject({
      kind: 'content_filtered',
      code: 'refusal',
      message:
        'the model refused to answer (stop_reason refusal, no content): category bio: The request was blocked by a safety classifier.',
    });
    const body = JSON.parse(fixture('message-facts.json'));
    const generated = await answering(JSON.stringify({ ...body, content: [] }))
      .doGenerate(ask)
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    if (!ProviderError.isInstance(generated))
      throw new Error(`expected a ProviderError, got ${String(generated)}`);
    expect(generated.failure.message).toBe(
      'the model refused to answer (stop_reason refusal, no content): category cyber: The request asks for working exploit code.',
    );
  });

  it('gives a message without them null iterations, container and context management, and no other key, as @ai-sdk/anthropic does', async () => {
    const finish = await finishOf(fixture('answer-in-message-start.sse'));
    const anthropic = finish?.providerMetadata?.anthropic ?? {};
    expect(anthropic).toMatchObject({ iterations: null, container: null, contextManagement: null });
    for (const key of ['serviceTier', 'stopDetails', 'inputTransformations', 'safeguardResults'])
      expect(Object.keys(anthropic)).not.toContain(key);
  });
});
