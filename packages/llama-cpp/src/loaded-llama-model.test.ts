import { LlamaContextSequence, LlamaModel } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLlamaCpp, type LlamaCppProvider } from './create-llama-cpp.js';
import { loadLlama } from './load-llama.js';
import { loadLlamaModel } from './load-llama-model.js';
import { tinyModelDir, userPrompt } from './test-fixtures/tiny-model.js';
import { tinyGgufWords } from './testing/create-tiny-gguf.js';

let fixture: Awaited<ReturnType<typeof tinyModelDir>>;
// The model binds its tokenizer when it is built: the spy is on the prototype before any load.
const tokenize = vi.spyOn(LlamaModel.prototype, 'tokenize');
// One provider for the tests of one sequence without the prompt cache (a load each would cost
// ~50 ms and two GGUF reads): the first of them runs on the sequence as it was created.
let uncached: LlamaCppProvider | undefined;
const uncachedModel = () => {
  uncached ??= createLlamaCpp({ sequences: 1, contextSize: 1024, promptCache: false });
  return uncached(fixture.path);
};
beforeAll(async () => {
  fixture = await tinyModelDir();
});
afterAll(async () => {
  tokenize.mockRestore();
  await uncached?.close();
  await fixture.remove();
});

const call = { prompt: userPrompt('hello again, the local model answers'), maxOutputTokens: 8 };

describe('LoadedLlamaModel', () => {
  describe('promptCache', () => {
    it('reuses what the sequence evaluated for the same prompt by default (usage cacheRead)', async () => {
      const llamaCpp = createLlamaCpp({ sequences: 1, contextSize: 256 });
      try {
        const model = llamaCpp(fixture.path);
        const first = await model.doGenerate(call);
        const second = await model.doGenerate(call);
        expect(first.usage.inputTokens.total).toBe(second.usage.inputTokens.total);
        // A fresh sequence: every token evaluated. The same prompt again: all of it read from the
        // cache but its last token, which llama.cpp evaluates again for the first answer token.
        const total = first.usage.inputTokens.total ?? 0;
        expect(first.usage.inputTokens).toMatchObject({ noCache: total, cacheRead: 0 });
        expect(second.usage.inputTokens).toMatchObject({ noCache: 1, cacheRead: total - 1 });
        expect([first.usage.outputTokens.total, second.usage.outputTokens.total]).toEqual([8, 8]);
      } finally {
        await llamaCpp.close();
      }
    });

    it('keeps the whole batches a prompt shares with the previous one when false: the same answer and usage as from empty', async () => {
      // Prompts sharing their first ~600 tokens: more than a batch (512 tokens).
      const words = (count: number, offset = 0) =>
        Array.from(
          { length: count },
          (_, index) => tinyGgufWords[(index + offset) % tinyGgufWords.length],
        ).join(' ');
      const shared = words(600);
      const first = { ...call, prompt: userPrompt(`${shared} ${words(40, 3)}`) };
      const second = {
        prompt: userPrompt(`${shared} ${words(60, 5)}`),
        maxOutputTokens: 6,
        temperature: 0.9,
        seed: 7,
      };
      const erase = vi.spyOn(LlamaContextSequence.prototype, 'eraseContextTokenRanges');
      const clear = vi.spyOn(LlamaContextSequence.prototype, 'clearHistory');
      try {
        // The first call on the shared model (the first test to use it) runs on an empty sequence.
        const model = uncachedModel();
        const expected = await model.doGenerate(second);
        await model.doGenerate(first);
        erase.mockClear();
        clear.mockClear();
        const answer = await model.doGenerate(second);
        expect(answer.content).toEqual(expected.content);
        expect(answer.usage).toEqual(expected.usage);
        expect(answer.usage.inputTokens.total).toBeGreaterThan(600);
        // It kept the first batch of the sequence instead of clearing it.
        expect(clear).not.toHaveBeenCalled();
        expect(erase).toHaveBeenCalledTimes(1);
        expect(erase.mock.calls[0]?.[0][0]?.start).toBe(512);
      } finally {
        erase.mockRestore();
        clear.mockRestore();
      }
    }, 20_000);

    it('evaluates every prompt from an empty sequence when false: the same usage and text whatever ran before', async () => {
      // The shared model: its sequence holds what the test before left in it.
      const model = uncachedModel();
      const first = await model.doGenerate(call);
      await model.doGenerate({ ...call, prompt: userPrompt('something else entirely') });
      const again = await model.doGenerate(call);
      expect(again.usage).toEqual(first.usage);
      expect(again.content).toEqual(first.content);
      // Evaluated from an empty sequence: nothing read from a cache.
      expect([first.usage.inputTokens.cacheRead, first.usage.inputTokens.noCache]).toEqual([
        0,
        first.usage.inputTokens.total,
      ]);
    });
  });

  it('counts a call that ends while another waits for the sequence of an aborted call: no place is lost', async () => {
    const loaded = await loadLlamaModel({
      path: fixture.path,
      modelId: 'tiny.gguf',
      provider: 'llama-cpp',
      llama: await loadLlama(),
      sequences: 2,
      maxQueued: 1,
      contextSize: 256,
      chatWrapper: 'auto',
      promptCache: true,
    });
    try {
      const first = await loaded.acquire(undefined);
      const second = await loaded.acquire(undefined);
      // The first call is aborted: its place is free at once, its sequence once its generation stops.
      loaded.abandon(first);
      const claimed = loaded.acquire(undefined);
      expect(loaded.load).toEqual({ sequences: 2, active: 2, queued: 0, maxQueued: 1 });
      // The second call ends before that: the waiting call takes its sequence, and its place is free.
      loaded.release(second);
      const third = await claimed;
      expect(loaded.load).toEqual({ sequences: 2, active: 1, queued: 0, maxQueued: 1 });
      loaded.release(first);
      // Both sequences serve again: one call runs, one more gets the sequence given back.
      const fourth = await loaded.acquire(undefined);
      expect(loaded.load).toEqual({ sequences: 2, active: 2, queued: 0, maxQueued: 1 });
      loaded.release(third);
      loaded.release(fourth);
      expect(loaded.load).toEqual({ sequences: 2, active: 0, queued: 0, maxQueued: 1 });
    } finally {
      await loaded.dispose();
    }
  });

  it('generates under a fake clock: its batches are dispatched on the real event loop', async () => {
    // With two sequences and one call, node-llama-cpp waits a setImmediate for more work to batch.
    const llamaCpp = createLlamaCpp({ sequences: 2, contextSize: 256 });
    try {
      const model = llamaCpp(fixture.path);
      await model.warm();
      // A drill on virtual time fakes setImmediate and only advances once real work is done.
      vi.useFakeTimers({ toFake: ['setTimeout', 'setImmediate', 'setInterval', 'Date', 'performance'] });
      const result = await model.doGenerate(call);
      expect(result.usage.outputTokens.total).toBe(8);
    } finally {
      vi.useRealTimers();
      await llamaCpp.close();
    }
  }, 10_000);

  it('tokenizes the prompt of a call once: the fit check and the chat share the tokens', async () => {
    // The shared model, loaded after the spy (the file's first line) was put on the prototype.
    const model = uncachedModel();
    await model.warm();
    // Long enough to be remembered by the tokenizer (over 256 characters), short to evaluate; no
    // other test sends it, so the tokenizer has not seen it.
    const text = Array.from({ length: 100 }, (_, index) => `word${index}`).join(' ');
    tokenize.mockClear();
    const answer = await model.doGenerate({ prompt: userPrompt(text), maxOutputTokens: 4 });
    const ofText = tokenize.mock.calls.flatMap(([input], index) =>
      input === text ? [tokenize.mock.results[index]?.value as number[]] : [],
    );
    expect(ofText).toHaveLength(1);
    // The usage counts the whole prompt: the text's tokens and the chat template's.
    expect(answer.usage.inputTokens.total).toBeGreaterThan(ofText[0]?.length ?? Number.POSITIVE_INFINITY);
  });
});
