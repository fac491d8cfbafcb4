import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LlamaContextSequence, Token } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLlama } from '../load-llama.js';
import { loadLlamaModel } from '../load-llama-model.js';
import { type LlamaSlot, type LoadedLlamaModel, queueFull } from '../loaded-llama-model.js';
import { userPrompt, writeDeepTinyGguf } from '../test-fixtures/tiny-model.js';
import { tinyGgufWords } from '../testing/create-tiny-gguf.js';
import { choosePrefixSlot } from './choose-prefix-slot.js';
import { keepCleanPrefix } from './keep-clean-prefix.js';
import { prepareLlamaGeneration } from './prepare-llama-generation.js';
import { runLlamaGeneration } from './run-llama-generation.js';

/** A slot whose sequence holds `held` (batches of 4 tokens), `clean` of them clean, borrowed at `used`. */
function fakeSlot(held: number[], clean: number | undefined, used: number): LlamaSlot {
  const sequence = {
    contextTokens: held,
    nextTokenIndex: held.length,
    needsCheckpoints: false,
    context: { batchSize: 4 },
  };
  return { chat: { sequence }, clean, used } as unknown as LlamaSlot;
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, index) => from + index);
const tokens = (values: number[]) => values as Token[];

describe('choosePrefixSlot', () => {
  it('chooses the slot that keeps the most whole batches of the prompt, however recently another ran', () => {
    const free = [fakeSlot(range(0, 12), 12, 5), fakeSlot(range(0, 6), 4, 9), fakeSlot([], 0, 8)];
    // The first keeps 8 tokens (two batches), the second 4.
    expect(choosePrefixSlot(free, tokens([...range(0, 14), 99]))).toBe(0);
  });

  it('lets a short prompt take a slot holding nothing rather than cut a longer prefix it shares', () => {
    // The first slot holds three batches the prompt shares one of: running there would erase two.
    const free = [fakeSlot(range(0, 12), 12, 5), fakeSlot([], 0, 8)];
    expect(choosePrefixSlot(free, tokens([...range(0, 4), 99, 98]))).toBe(1);
  });

  it('lets a short prompt take the slot whose prefix it keeps whole rather than one it would cut', () => {
    const free = [fakeSlot(range(0, 12), 12, 5), fakeSlot(range(0, 4), 4, 9), fakeSlot([], 0, 8)];
    // Both keep one batch; the second, used more recently, loses nothing.
    expect(choosePrefixSlot(free, tokens([...range(0, 6), 99]))).toBe(1);
  });

  it('cuts a longer prefix when what the prompt keeps there outweighs what it erases', () => {
    // Keeps two batches and erases one, against nothing kept elsewhere.
    const free = [fakeSlot(range(0, 12), 12, 5), fakeSlot([], 0, 8)];
    expect(choosePrefixSlot(free, tokens([...range(0, 8), 99, 98]))).toBe(0);
  });

  it('takes a slot holding nothing clean when none keeps anything, so no other prefix is lost', () => {
    const free = [
      fakeSlot(range(0, 8), 8, 1),
      fakeSlot(range(0, 3), 0, 7),
      fakeSlot(range(50, 58), undefined, 9),
    ];
    // The second and third hold nothing clean; the second was used less recently.
    expect(choosePrefixSlot(free, tokens(range(20, 40)))).toBe(1);
  });

  it('takes the least recently used slot when every slot holds a prefix the prompt does not share', () => {
    const free = [fakeSlot(range(0, 8), 8, 4), fakeSlot(range(10, 18), 8, 2), fakeSlot(range(30, 38), 8, 6)];
    expect(choosePrefixSlot(free, tokens(range(20, 40)))).toBe(1);
  });
});

describe('prefix slots on llama.cpp', () => {
  let dir: string;
  let loaded: LoadedLlamaModel;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'switchyard-prefix-slots-'));
    const { path } = await writeDeepTinyGguf(dir);
    loaded = await loadLlamaModel({
      path,
      modelId: 'deep.gguf',
      provider: 'llama-cpp',
      llama: await loadLlama(),
      sequences: 1,
      maxQueued: 1,
      contextSize: 1024,
      chatWrapper: 'auto',
      promptCache: false,
      prefixSlots: 3,
    });
  }, 20_000);
  afterAll(async () => {
    await loaded?.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves a call from the slot that kept its prefix, not the last one used: the probabilities of an empty one-sequence context', async () => {
    const words = (count: number, offset: number) =>
      Array.from(
        { length: count },
        (_, index) => tinyGgufWords[(index * 7 + offset) % tinyGgufWords.length],
      ).join(' ');
    const call = { provider: 'llama-cpp', model: 'deep.gguf' };
    const generation = (text: string) =>
      prepareLlamaGeneration({ call, callOptions: { prompt: userPrompt(text), maxOutputTokens: 1 } });
    const first = words(600, 0);
    // Two calls through the real path: A, then B (which shares nothing with A) on another slot.
    await runLlamaGeneration({ loaded, generation: generation(first), call });
    await runLlamaGeneration({ loaded, generation: generation(words(600, 3)), call });
    // C starts with the first 600 tokens of A's prompt as the chat rendered it (a batch of 512 and some).
    const a = loaded.chatWrapper
      .generateContextState({ chatHistory: [...generation(first).history, { type: 'model', response: [] }] })
      .contextText.tokenize(loaded.model.tokenizer);
    const prompt = [...a.slice(0, 600), ...loaded.model.tokenize(words(80, 5))];

    const reference = await loaded.model.createContext({ contextSize: 1024, sequences: 1 });
    expect(reference.batchSize).toBe(loaded.context.batchSize);
    const firstTokenProbabilities = async (sequence: LlamaContextSequence, input: Token[]) => {
      for await (const output of sequence.evaluateWithMetadata(input, { probabilities: true }, {})) {
        return [...output.probabilities.entries()];
      }
      throw new Error('nothing evaluated');
    };
    const fromEmpty = await firstTokenProbabilities(reference.getSequence(), prompt);
    await reference.dispose();

    const slot = await loaded.acquire(undefined, () => prompt);
    try {
      // Not the slot of the last call (B), but the one holding A.
      expect(slot.chat.sequence.contextTokens.slice(0, 600)).toEqual(a.slice(0, 600));
      const kept = await keepCleanPrefix({
        sequence: slot.chat.sequence,
        clean: slot.clean ?? 0,
        tokens: prompt,
      });
      expect(kept).toBe(512);
      expect(await firstTokenProbabilities(slot.chat.sequence, prompt.slice(kept))).toEqual(fromEmpty);
    } finally {
      loaded.release(slot);
    }
  }, 20_000);

  it('runs one call at a time: the next waits in the queue and one more is refused, as with one sequence', async () => {
    const running = await loaded.acquire(undefined, () => []);
    const waiting = loaded.acquire(undefined, () => []);
    expect(loaded.load).toEqual({ sequences: 1, active: 1, queued: 1, maxQueued: 1 });
    await expect(loaded.acquire(undefined, () => [])).rejects.toBe(queueFull);
    loaded.release(running);
    loaded.release(await waiting);
    expect(loaded.load).toEqual({ sequences: 1, active: 0, queued: 0, maxQueued: 1 });
  });

  it('frees the place of an aborted call at once, but the next call waits for its slot: still one call at a time', async () => {
    const aborted = await loaded.acquire(undefined, () => []);
    loaded.abandon(aborted);
    expect(loaded.load).toEqual({ sequences: 1, active: 0, queued: 0, maxQueued: 1 });
    let served = false;
    const next = loaded
      .acquire(undefined, () => [])
      .then((slot) => {
        served = true;
        return slot;
      });
    const queued = loaded.acquire(undefined, () => []);
    expect(loaded.load).toEqual({ sequences: 1, active: 1, queued: 1, maxQueued: 1 });
    await new Promise((resolve) => setImmediate(resolve));
    // Two other slots are free, but the aborted call's generation has not stopped yet.
    expect(served).toBe(false);
    loaded.release(aborted);
    loaded.release(await next);
    loaded.release(await queued);
    expect(loaded.load).toEqual({ sequences: 1, active: 0, queued: 0, maxQueued: 1 });
  });

  it('gives the place of an aborted call waiting for a slot to the next queued call', async () => {
    const aborted = await loaded.acquire(undefined, () => []);
    loaded.abandon(aborted);
    const controller = new AbortController();
    const claimed = loaded.acquire(controller.signal, () => []);
    const queued = loaded.acquire(undefined, () => []);
    controller.abort();
    await expect(claimed).rejects.toBeInstanceOf(DOMException);
    expect(loaded.load).toEqual({ sequences: 1, active: 1, queued: 0, maxQueued: 1 });
    loaded.release(aborted);
    loaded.release(await queued);
    expect(loaded.load).toEqual({ sequences: 1, active: 0, queued: 0, maxQueued: 1 });
  });
});
