import type { LanguageModelV4, LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { ProviderError } from '@switchyard/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pacedModel } from './paced-model.js';

const usage = {
  inputTokens: { total: 5, noCache: 5, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 4, text: 4, reasoning: 0 },
};

/** A model that answers at once: three text deltas, four output tokens. */
const instantModel: LanguageModelV4 = {
  specificationVersion: 'v4',
  provider: 'llama-cpp',
  modelId: 'tiny.gguf',
  supportedUrls: {},
  doGenerate: async () => ({
    content: [{ type: 'text', text: 'abc' }],
    finishReason: { unified: 'stop', raw: 'stop' },
    usage,
    warnings: [],
  }),
  doStream: async () => ({
    stream: new ReadableStream<LanguageModelV4StreamPart>({
      start(controller) {
        controller.enqueue({ type: 'stream-start', warnings: [] });
        controller.enqueue({ type: 'text-start', id: 't' });
        for (const delta of ['a', 'b', 'c']) controller.enqueue({ type: 'text-delta', id: 't', delta });
        controller.enqueue({ type: 'text-end', id: 't' });
        controller.enqueue({ type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage });
        controller.close();
      },
    }),
  }),
};

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('pacedModel', () => {
  describe('doGenerate', () => {
    it('answers after the first-token delay plus one token interval per output token', async () => {
      const model = pacedModel({ model: instantModel, pace: { firstTokenMs: 500, tokensPerSecond: 50 } });
      let done = false;
      const answer = model.doGenerate({ prompt: [] }).then((result) => {
        done = true;
        return result;
      });
      await vi.advanceTimersByTimeAsync(579);
      expect(done).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect((await answer).content).toEqual([{ type: 'text', text: 'abc' }]);
    });

    it('waits a first token 30 days away for 30 days, past the 24.8 days one timer can wait', async () => {
      const day = 86_400_000;
      const model = pacedModel({ model: instantModel, pace: { firstTokenMs: 30 * day } });
      let done = false;
      const answer = model.doGenerate({ prompt: [] }).then((result) => {
        done = true;
        return result;
      });
      await vi.advanceTimersByTimeAsync(29 * day);
      expect(done).toBe(false);
      await vi.advanceTimersByTimeAsync(day);
      expect((await answer).content).toEqual([{ type: 'text', text: 'abc' }]);
    });

    it('divides every delay by the time scale', async () => {
      const model = pacedModel({
        model: instantModel,
        pace: { firstTokenMs: 500, tokensPerSecond: 50 },
        timeScale: 10,
      });
      const answer = model.doGenerate({ prompt: [] });
      await vi.advanceTimersByTimeAsync(58);
      await expect(answer).resolves.toMatchObject({ usage });
    });

    it('fails as a timeout when its signal times out during the wait', async () => {
      const model = pacedModel({ model: instantModel, pace: { firstTokenMs: 500 } });
      const controller = new AbortController();
      const answer = Promise.resolve(model.doGenerate({ prompt: [], abortSignal: controller.signal })).catch(
        (error: unknown) => error,
      );
      await vi.advanceTimersByTimeAsync(100);
      controller.abort(new DOMException('attempt timeout', 'TimeoutError'));
      const error = await answer;
      expect(ProviderError.isInstance(error)).toBe(true);
      expect((error as ProviderError).failure.kind).toBe('timeout');
    });
  });

  describe('doStream', () => {
    it('delays the first content, each later token and the finish, as a simulator would', async () => {
      const model = pacedModel({ model: instantModel, pace: { firstTokenMs: 500, tokensPerSecond: 50 } });
      const { stream } = await model.doStream({ prompt: [] });
      const arrivals: string[] = [];
      const reading = (async () => {
        for await (const part of stream) arrivals.push(`${Date.now()} ${part.type}`);
      })();
      const start = Date.now();
      await vi.advanceTimersByTimeAsync(1_000);
      await reading;
      expect(arrivals.map((line) => line.replace(/^\d+/, (ms) => String(Number(ms) - start)))).toEqual([
        '0 stream-start',
        '500 text-start',
        '500 text-delta',
        '520 text-delta',
        '540 text-delta',
        '540 text-end',
        // 4 output tokens take 80 ms after the first token: the finish waits for the fourth.
        '580 finish',
      ]);
    });

    it('ends the stream with an abort failure when aborted during a wait', async () => {
      const model = pacedModel({ model: instantModel, pace: { firstTokenMs: 500 } });
      const controller = new AbortController();
      const { stream } = await model.doStream({ prompt: [], abortSignal: controller.signal });
      const parts: LanguageModelV4StreamPart[] = [];
      const reading = (async () => {
        for await (const part of stream) parts.push(part);
      })();
      await vi.advanceTimersByTimeAsync(100);
      controller.abort();
      await reading;
      expect(parts.map((part) => part.type)).toEqual(['stream-start', 'error']);
      const error = (parts[1] as { error: unknown }).error;
      expect((error as ProviderError).failure).toMatchObject({ kind: 'transient', code: 'aborted' });
    });
  });
});
