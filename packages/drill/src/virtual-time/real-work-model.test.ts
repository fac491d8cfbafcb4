import type { LanguageModelV4, LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { RealWork } from './real-work.js';
import { realWorkModel } from './real-work-model.js';

/** A model whose every step takes real time, like native inference. */
function nativeModel(realSetTimeout: typeof setTimeout): LanguageModelV4 {
  const later = <T>(value: T) => new Promise<T>((resolve) => realSetTimeout(() => resolve(value), 5));
  const usage = {
    inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: 2, text: 2, reasoning: 0 },
  };
  return {
    specificationVersion: 'v4',
    provider: 'llama-cpp',
    modelId: 'tiny.gguf',
    supportedUrls: {},
    doGenerate: () =>
      later({
        content: [{ type: 'text', text: 'ok' }],
        finishReason: { unified: 'stop', raw: 'stop' },
        usage,
        warnings: [],
      }),
    async doStream() {
      const parts: LanguageModelV4StreamPart[] = [
        { type: 'text-start', id: 't' },
        { type: 'text-delta', id: 't', delta: 'o' },
        { type: 'text-delta', id: 't', delta: 'k' },
        { type: 'text-end', id: 't' },
        { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage },
      ];
      return {
        stream: new ReadableStream<LanguageModelV4StreamPart>({
          async pull(controller) {
            const part = await later(parts.shift());
            if (part === undefined) controller.close();
            else controller.enqueue(part);
          },
        }),
      };
    },
  };
}

describe('realWorkModel', () => {
  it('tracks each call and each stream read until it settles, and passes results through', async () => {
    const work = new RealWork();
    const model = realWorkModel(nativeModel(setTimeout), work);
    expect([model.provider, model.modelId]).toEqual(['llama-cpp', 'tiny.gguf']);
    const generating = model.doGenerate({ prompt: [] });
    expect(work.size).toBe(1);
    expect((await generating).content).toEqual([{ type: 'text', text: 'ok' }]);
    await null;
    expect(work.size).toBe(0);
    const { stream } = await model.doStream({ prompt: [] });
    const reader = stream.getReader();
    const reading = reader.read();
    expect(work.size).toBe(1);
    expect((await reading).value).toEqual({ type: 'text-start', id: 't' });
    const rest: string[] = [];
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      rest.push(next.value.type);
    }
    expect(rest).toEqual(['text-delta', 'text-delta', 'text-end', 'finish']);
  });
});
