import { readFileSync } from 'node:fs';
import type { LanguageModelV4CallOptions, LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { ProviderError } from '@switchyard/core';
import { fixtureFetch } from '@switchyard/simulators';
import { describe, expect, it } from 'vitest';
import { createOllama } from './create-ollama.js';

/**
 * Bodies written by us in Ollama's documented `/api/chat` shapes (docs/api.md:
 * NDJSON parts, tool calls whole with object arguments, the final part with
 * `done_reason` and the counts, an `{"error": ...}` line after the stream began).
 */
const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

function answering(body: string) {
  const contentType =
    body.trimStart().startsWith('{"model"') && !body.includes('\n{')
      ? 'application/json'
      : 'application/x-ndjson';
  const { fetch } = fixtureFetch({ headers: { 'content-type': contentType }, body });
  return createOllama({ baseURL: 'http://ollama.fixture.invalid:11434', fetch })('llama3.2');
}

const ask: LanguageModelV4CallOptions = {
  prompt: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
};

async function parts(model: ReturnType<typeof answering>): Promise<LanguageModelV4StreamPart[]> {
  const { stream } = await model.doStream(ask);
  const collected: LanguageModelV4StreamPart[] = [];
  for await (const part of stream) collected.push(part);
  return collected;
}

describe('OllamaChatLanguageModel on recorded wire shapes', () => {
  it('streams thinking as reasoning, then the text, and leaves the text share of eval_count unknown', async () => {
    const streamed = await parts(answering(fixture('thinking-stream.ndjson')));
    const deltas = (type: 'reasoning-delta' | 'text-delta') =>
      streamed.flatMap((part) => (part.type === type ? [part.delta] : [])).join('');
    expect(deltas('reasoning-delta')).toBe('The user greets me.');
    expect(deltas('text-delta')).toBe('Hello!');
    expect(streamed.at(-1)).toMatchObject({
      type: 'finish',
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: { inputTokens: { total: 12 }, outputTokens: { total: 9, text: undefined } },
    });
  });

  it('gives a tool call without an id one of its own, and finishes with tool-calls', async () => {
    const streamed = await parts(answering(fixture('tool-call-without-id.ndjson')));
    expect(streamed.filter((part) => part.type === 'tool-call')).toEqual([
      {
        type: 'tool-call',
        toolCallId: expect.stringMatching(/^call_/),
        toolName: 'get_weather',
        input: '{"city":"Tokyo"}',
      },
    ]);
    expect(streamed.at(-1)).toMatchObject({
      type: 'finish',
      finishReason: { unified: 'tool-calls', raw: 'stop' },
    });
  });

  it('ends a stream with an error line in a classified error part after the text before it', async () => {
    const streamed = await parts(answering(fixture('error-mid-stream.ndjson')));
    const last = streamed.at(-1);
    if (last?.type !== 'error' || !ProviderError.isInstance(last.error))
      throw new Error('expected an error part');
    expect(last.error.failure).toMatchObject({ kind: 'transient', code: 'stream_error' });
    expect(last.error.failure.message).toContain('out of memory');
    expect(streamed.some((part) => part.type === 'finish')).toBe(false);
  });

  it('maps a length cut and the counts of a whole answer', async () => {
    const result = await answering(fixture('length.json')).doGenerate(ask);
    expect(result.content).toEqual([{ type: 'text', text: 'The quick brown' }]);
    expect(result.finishReason).toEqual({ unified: 'length', raw: 'length' });
    expect(result.usage.outputTokens).toEqual({ total: 3, text: 3, reasoning: undefined });
    expect(result.response?.timestamp).toEqual(new Date('2025-07-07T20:22:19.193Z'));
  });
});
