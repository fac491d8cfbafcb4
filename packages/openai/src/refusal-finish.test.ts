import type { SwitchyardConfigInput } from '@switchyard/core';
import { createRouter, memorySink } from '@switchyard/router';
import { generateText, streamText } from 'ai';
import { describe, expect, it } from 'vitest';
import {
  answering,
  ask as askHi,
  finishOf,
  fixture,
  streamed,
  textOf,
} from './test-fixtures/fixture-answers.js';

/**
 * OpenAI ends a refusal with `finish_reason: "stop"`; the refusal is the
 * reason the answer ended, so the finish is `content-filter` (raw `stop`), as
 * `@ai-sdk/openai` maps it, generated and streamed, on bodies written by us in
 * the documented shapes (`__fixtures__/refusal-*`). The refusal is still the
 * answer's text: the router serves it, it is no `content_filtered` failure.
 */
const ask = askHi();

const contentFilter = { unified: 'content-filter', raw: 'stop' };

describe('OpenAIChatLanguageModel: a refusal ended with finish_reason stop', () => {
  it('is a content-filter finish when the answer is only a refusal, generated and streamed', async () => {
    const result = await answering(fixture('refusal-only.json')).doGenerate(ask);
    expect(result.content).toEqual([{ type: 'text', text: "I'm sorry, I can't help with that request." }]);
    expect(result.finishReason).toEqual(contentFilter);
    const parts = await streamed(fixture('refusal-only.sse'));
    expect(textOf(parts)).toBe("I'm sorry, I can't help with that request.");
    expect(finishOf(parts)?.finishReason).toEqual(contentFilter);
    expect(finishOf(parts)?.usage.outputTokens.total).toBe(11);
  });

  it('is a content-filter finish when the refusal comes beside text, generated and streamed', async () => {
    const result = await answering(fixture('refusal-beside-content.json')).doGenerate(ask);
    expect(result.content).toEqual([
      { type: 'text', text: 'Here is the summary.' },
      { type: 'text', text: " I can't include the home address." },
    ]);
    expect(result.finishReason).toEqual(contentFilter);
    const parts = await streamed(fixture('refusal-beside-content.sse'));
    expect(textOf(parts)).toBe("Here is the summary. I can't include the home address.");
    expect(finishOf(parts)?.finishReason).toEqual(contentFilter);
  });

  it('stays stop when the refusal is null or empty', async () => {
    const parts = await streamed(fixture('logprobs.sse'));
    expect(finishOf(parts)?.finishReason).toEqual({ unified: 'stop', raw: 'stop' });
    const result = await answering(fixture('logprobs.json')).doGenerate(ask);
    expect(result.finishReason).toEqual({ unified: 'stop', raw: 'stop' });
  });
});

describe('a refusal through createRouter', () => {
  // Two targets alike but for their ids: the second is where a fallback would go.
  const target = (id: string) =>
    ({
      id,
      provider: 'openai',
      model: 'gpt-test',
      hostedIn: 'US',
      origin: 'US',
      weights: 'closed',
      contextWindow: 128_000,
    }) as const;
  const config: SwitchyardConfigInput = {
    targets: [target('gpt-a'), target('gpt-b')],
    routes: { chat: { targets: ['gpt-a', 'gpt-b'] } },
    policy: { id: 'allow-all', defaultEffect: 'allow' },
  };

  /** A router whose first target refuses with `body`, and whose second would answer (it must not be called). */
  function routerRefusingWith(body: string) {
    const sink = memorySink();
    const router = createRouter({
      config,
      models: { 'gpt-a': answering(body), 'gpt-b': answering(fixture('logprobs.json')) },
      sinks: [sink],
    });
    return { router, sink };
  }

  it('serves the refusal generated, with its content-filter finish, and falls back to no other target', async () => {
    const { router, sink } = routerRefusingWith(fixture('refusal-only.json'));
    try {
      const result = await generateText({ model: router.languageModel('chat'), prompt: 'Hi' });
      expect(result.text).toBe("I'm sorry, I can't help with that request.");
      expect(result.finishReason).toBe('content-filter');
      expect(result.rawFinishReason).toBe('stop');
      expect(result.providerMetadata?.switchyard?.servedBy).toBe('gpt-a');
      expect(sink.records.map((record) => [record.outcome, record.servedBy, record.attempts.length])).toEqual(
        [['served', 'gpt-a', 1]],
      );
    } finally {
      await router.close();
    }
  });

  it('serves the refusal streamed, with its content-filter finish', async () => {
    const { router, sink } = routerRefusingWith(fixture('refusal-only.sse'));
    try {
      const result = streamText({ model: router.languageModel('chat'), prompt: 'Hi' });
      let text = '';
      for await (const delta of result.textStream) text += delta;
      expect(text).toBe("I'm sorry, I can't help with that request.");
      expect(await result.finishReason).toBe('content-filter');
      expect((await result.providerMetadata)?.switchyard?.servedBy).toBe('gpt-a');
      expect(sink.records.map((record) => [record.outcome, record.servedBy])).toEqual([['served', 'gpt-a']]);
    } finally {
      await router.close();
    }
  });
});
