import { readFileSync } from 'node:fs';
import type { LanguageModelV4CallOptions, LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { ProviderError } from '@switchyard/core';
import { fixtureFetch } from '@switchyard/simulators';
import { describe, expect, it, vi } from 'vitest';
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

  it('ends a stream at a line framed as an object that does not parse, instead of the client skipping it silently', async () => {
    const consoleCalls = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) =>
      vi.spyOn(console, method).mockImplementation(() => undefined),
    );
    const line = (content: string, rest = '') =>
      `{"model":"llama3.2","created_at":"2025-07-07T20:22:19.184Z","message":{"role":"assistant","content":"${content}"},"done":false${rest}}`;
    const body = `${line('Hello')}\n${line(' secret', ',')}\n${line(' world')}\n{"model":"llama3.2","done":true,"done_reason":"stop"}\n`;
    const streamed = await parts(answering(body));
    const last = streamed.at(-1);
    if (last?.type !== 'error' || !ProviderError.isInstance(last.error))
      throw new Error(`expected an error part, got ${last?.type}`);
    expect(streamed.flatMap((part) => (part.type === 'text-delta' ? [part.delta] : []))).toEqual(['Hello']);
    expect(last.error.failure).toMatchObject({ kind: 'transient', code: 'malformed_stream' });
    expect(last.error.failure.message).toBe(
      'malformed stream data (line 2 is not a JSON object; the ollama client would skip it: at column 125: expected a property name in double quotes, found "}"): {"model":"llama3.2","created_at":"2025-07-07T20:22:19.184Z","message":{"role":"assistant","content":"[7 characters]"},"done":false,}',
    );
    for (const spy of consoleCalls) expect(spy).not.toHaveBeenCalled();
    for (const spy of consoleCalls) spy.mockRestore();
  });

  it.each([
    [
      'an HTML page',
      '<html><head><title>502 Bad Gateway</title></head></html>',
      'text/html',
      'HTML page: 502 Bad Gateway',
    ],
    ['JSON that does not parse', '{"error": "model crashed', 'application/json', '{"error": "model crashed'],
    ['a JSON error', '{"error":"model \\"x\\" not found"}', 'application/json', 'model "x" not found'],
  ])(
    'classifies an error status with %s without printing to the console (the client would)',
    async (_, body, contentType, message) => {
      const consoleCalls = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) =>
        vi.spyOn(console, method).mockImplementation(() => undefined),
      );
      try {
        const { fetch } = fixtureFetch({ status: 502, headers: { 'content-type': contentType }, body });
        const model = createOllama({ baseURL: 'http://ollama.fixture.invalid:11434', fetch })('llama3.2');
        for (const call of [() => model.doGenerate(ask), () => model.doStream(ask)]) {
          const error = await call().catch((thrown: unknown) => thrown);
          if (!ProviderError.isInstance(error))
            throw new Error(`expected a ProviderError, got ${String(error)}`);
          expect(error.failure).toMatchObject({ kind: 'transient', status: 502 });
          expect(error.failure.message).toContain(message);
        }
        for (const spy of consoleCalls) expect(spy).not.toHaveBeenCalled();
      } finally {
        for (const spy of consoleCalls) spy.mockRestore();
      }
    },
  );

  it('maps a length cut and the counts of a whole answer', async () => {
    const result = await answering(fixture('length.json')).doGenerate(ask);
    expect(result.content).toEqual([{ type: 'text', text: 'The quick brown' }]);
    expect(result.finishReason).toEqual({ unified: 'length', raw: 'length' });
    expect(result.usage.outputTokens).toEqual({ total: 3, text: 3, reasoning: undefined });
    expect(result.response?.timestamp).toEqual(new Date('2025-07-07T20:22:19.193Z'));
  });

  describe('token log probabilities the request asked for (logprobs: true)', () => {
    // They were dropped without a word, generated and streamed.
    const withLogprobs: LanguageModelV4CallOptions = {
      ...ask,
      providerOptions: { ollama: { logprobs: true } },
    };

    it("keeps a generated answer's in providerMetadata.ollama.logprobs, as sent", async () => {
      const result = await answering(fixture('logprobs.json')).doGenerate(withLogprobs);
      const logprobs = result.providerMetadata?.ollama?.logprobs as { token: string; logprob: number }[];
      expect(logprobs.map(({ token, logprob }) => [token, logprob])).toEqual([
        ['Yes', -0.0132],
        ['.', -0.271],
      ]);
    });

    it("keeps every streamed part's, joined, in the finish part's providerMetadata.ollama.logprobs", async () => {
      const { stream } = await answering(fixture('logprobs-stream.ndjson')).doStream(withLogprobs);
      const streamed: LanguageModelV4StreamPart[] = [];
      for await (const part of stream) streamed.push(part);
      const finish = streamed.at(-1) as Extract<LanguageModelV4StreamPart, { type: 'finish' }>;
      const logprobs = finish.providerMetadata?.ollama?.logprobs as {
        token: string;
        top_logprobs: unknown[];
      }[];
      expect(logprobs.map(({ token, top_logprobs }) => [token, top_logprobs.length])).toEqual([
        ['Yes', 2],
        ['.', 2],
      ]);
    });

    it('adds no provider metadata to a stream that did not ask for them', async () => {
      const streamed = await parts(answering(fixture('logprobs-stream.ndjson')));
      expect(streamed.at(-1)).not.toHaveProperty('providerMetadata');
    });
  });
});
