import { readFileSync } from 'node:fs';
import type { LanguageModelV4CallOptions, LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { ProviderError, type SwitchyardConfigInput } from '@switchyard/core';
import { createRouter, memorySink } from '@switchyard/router';
import { fixtureFetch } from '@switchyard/simulators';
import { generateText } from 'ai';
import { describe, expect, it } from 'vitest';
import { createOllama } from './create-ollama.js';

/**
 * `done_reason`s that end no generation, on bodies written by us in Ollama's
 * documented shapes (`__fixtures__/load-only.*`, `unload-only.json`,
 * `new-done-reason.ndjson`): Ollama answers `load` (the model loaded, nothing
 * run) to a request without messages and `unload` to `keep_alive: 0` without
 * messages. Sent to a request with messages and nothing else, it was an empty
 * answer; it is a `transient` failure naming it, so the router retries or
 * falls back. A done part that comes after an answer is still an answer.
 */
const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

function answering(body: string, contentType: string) {
  const { fetch } = fixtureFetch({ headers: { 'content-type': contentType }, body });
  return createOllama({ baseURL: 'http://ollama.fixture.invalid:11434', fetch })('llama3.2');
}

const ask: LanguageModelV4CallOptions = {
  prompt: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
};

async function streamed(body: string): Promise<LanguageModelV4StreamPart[]> {
  const { stream } = await answering(body, 'application/x-ndjson').doStream(ask);
  const parts: LanguageModelV4StreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

async function generateFailure(body: string) {
  const error = await answering(body, 'application/json')
    .doGenerate(ask)
    .then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
  if (!ProviderError.isInstance(error)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return error.failure;
}

describe('OllamaChatLanguageModel: a done part that ends no generation', () => {
  it('is a transient model_load_only failure when only the model was loaded, generated and streamed', async () => {
    const failure = await generateFailure(fixture('load-only.json'));
    expect(failure).toMatchObject({ kind: 'transient', code: 'model_load_only' });
    expect(failure.message).toContain('done_reason "load"');
    const parts = await streamed(fixture('load-only.ndjson'));
    expect(parts.some((part) => part.type === 'finish' || part.type === 'text-start')).toBe(false);
    const last = parts.at(-1);
    if (last?.type !== 'error' || !ProviderError.isInstance(last.error))
      throw new Error(`expected an error part, got ${JSON.stringify(last)}`);
    expect(last.error.failure).toMatchObject({ kind: 'transient', code: 'model_load_only' });
  });

  it('is a transient model_unload_only failure when the model was only unloaded', async () => {
    const failure = await generateFailure(fixture('unload-only.json'));
    expect(failure).toMatchObject({ kind: 'transient', code: 'model_unload_only' });
    expect(failure.message).toContain('done_reason "unload"');
  });

  it('is an answer, with the raw done_reason, when text came before a done_reason it does not know', async () => {
    const parts = await streamed(fixture('new-done-reason.ndjson'));
    expect(parts.flatMap((part) => (part.type === 'text-delta' ? [part.delta] : [])).join('')).toBe(
      'Partly done',
    );
    expect(parts.at(-1)).toMatchObject({
      type: 'finish',
      finishReason: { unified: 'other', raw: 'cancelled' },
    });
  });

  it('is a transient no_answer failure for a done_reason it does not know with nothing answered', async () => {
    const body = fixture('load-only.json').replace('"done_reason":"load"', '"done_reason":"evicted"');
    const failure = await generateFailure(body);
    expect(failure).toMatchObject({ kind: 'transient', code: 'no_answer' });
    expect(failure.message).toContain('done_reason "evicted"');
  });

  it('stays an empty answer for stop: the model ran and said nothing', async () => {
    const body = fixture('load-only.json').replace('"done_reason":"load"', '"done_reason":"stop"');
    const result = await answering(body, 'application/json').doGenerate(ask);
    expect(result.content).toEqual([]);
    expect(result.finishReason).toEqual({ unified: 'stop', raw: 'stop' });
  });

  it('lets the router fall back to the next target on a load-only answer', async () => {
    const config: SwitchyardConfigInput = {
      targets: ['local-a', 'local-b'].map((id) => ({
        id,
        provider: 'ollama',
        model: 'llama3.2',
        hostedIn: 'DE',
        origin: 'US',
        weights: 'open' as const,
        contextWindow: 8_192,
      })),
      routes: { chat: { targets: ['local-a', 'local-b'] } },
      policy: { id: 'allow-all', defaultEffect: 'allow' },
    };
    const sink = memorySink();
    const router = createRouter({
      config,
      models: {
        'local-a': answering(fixture('load-only.ndjson'), 'application/x-ndjson'),
        'local-b': answering(fixture('length.json'), 'application/x-ndjson'),
      },
      sinks: [sink],
      health: { maxRetries: 0 },
    });
    try {
      const result = await generateText({ model: router.languageModel('chat'), prompt: 'Hi' });
      expect(result.text).toBe('The quick brown');
      expect(result.providerMetadata?.switchyard?.servedBy).toBe('local-b');
      expect(sink.records[0]?.attempts.map((attempt) => [attempt.targetId, attempt.outcome])).toEqual([
        ['local-a', 'failure'],
        ['local-b', 'success'],
      ]);
    } finally {
      await router.close();
    }
  });
});
