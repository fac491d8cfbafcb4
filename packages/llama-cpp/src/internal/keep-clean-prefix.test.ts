import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LlamaContextSequence, Token } from 'node-llama-cpp';
import { describe, expect, it } from 'vitest';
import { loadLlama } from '../load-llama.js';
import { writeDeepTinyGguf } from '../test-fixtures/tiny-model.js';
import { tinyGgufWords } from '../testing/create-tiny-gguf.js';
import { cleanPrefixAfter, keepCleanPrefix, type PrefixSequence } from './keep-clean-prefix.js';

/** A sequence holding `held`, with batches of 4 tokens, recording what is erased. */
function fakeSequence(held: number[], { needsCheckpoints = false } = {}) {
  const erased: { start: number; end: number }[][] = [];
  let cleared = 0;
  const sequence: PrefixSequence = {
    contextTokens: held as Token[],
    nextTokenIndex: held.length,
    needsCheckpoints,
    context: { batchSize: 4 },
    clearHistory: async () => {
      cleared++;
    },
    eraseContextTokenRanges: async (ranges) => {
      erased.push(ranges);
    },
  };
  return { sequence, erased, cleared: () => cleared };
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, index) => from + index);
const tokens = (values: number[]) => values as Token[];

describe('keepCleanPrefix', () => {
  it('keeps the whole batches of the clean prefix the prompt starts with and erases the rest', async () => {
    const { sequence, erased, cleared } = fakeSequence(range(0, 14));
    // Shared: 0..9 (10 tokens); clean: 12; whole batches of the shared part: 8.
    const prompt = tokens([...range(0, 10), 99, 98, 97]);
    expect(await keepCleanPrefix({ sequence, clean: 12, tokens: prompt })).toBe(8);
    expect(erased).toEqual([[{ start: 8, end: 14 }]]);
    expect(cleared()).toBe(0);
  });

  it('keeps no more than the clean prefix, however much more the prompt shares', async () => {
    const { sequence, erased } = fakeSequence(range(0, 14));
    expect(await keepCleanPrefix({ sequence, clean: 4, tokens: tokens(range(0, 20)) })).toBe(4);
    expect(erased).toEqual([[{ start: 4, end: 14 }]]);
  });

  it('never keeps the last token of the prompt: the chat evaluates at least the batch it ends in', async () => {
    const { sequence, erased } = fakeSequence(range(0, 8));
    // The prompt is the 8 held tokens: the batch 4..7 is evaluated again, as from empty.
    expect(await keepCleanPrefix({ sequence, clean: 8, tokens: tokens(range(0, 8)) })).toBe(4);
    expect(erased).toEqual([[{ start: 4, end: 8 }]]);
  });

  it('clears the sequence when less than a batch is shared, nothing is clean, or ranges cannot be erased', async () => {
    const cases = [
      { held: range(0, 8), clean: 8, prompt: [0, 1, 2, 9, 9, 9] },
      { held: range(0, 8), clean: 0, prompt: range(0, 8) },
      { held: range(0, 8), clean: 8, prompt: range(0, 12), needsCheckpoints: true },
    ];
    for (const { held, clean, prompt, needsCheckpoints } of cases) {
      const { sequence, erased, cleared } = fakeSequence(held, { needsCheckpoints });
      expect(await keepCleanPrefix({ sequence, clean, tokens: tokens(prompt) })).toBe(0);
      expect(cleared()).toBe(1);
      expect(erased).toEqual([]);
    }
  });
});

describe('cleanPrefixAfter', () => {
  it('is the whole batches of the prompt when the chat evaluated it after the kept tokens in one pass', () => {
    // The prompt (0..9) then 2 generated tokens; kept 4, so 10 - 4 - 1 tokens evaluated without logits.
    const { sequence } = fakeSequence([...range(0, 10), 50, 51]);
    expect(
      cleanPrefixAfter({ sequence, tokens: tokens(range(0, 10)), kept: 4, evaluatedInput: 5, alone: true }),
    ).toBe(8);
  });

  it('is 0 when the chat evaluated more than that (it re-evaluated part of the prompt)', () => {
    const { sequence } = fakeSequence(range(0, 10));
    expect(
      cleanPrefixAfter({ sequence, tokens: tokens(range(0, 10)), kept: 4, evaluatedInput: 9, alone: true }),
    ).toBe(0);
  });

  it('is 0 for a model whose state cannot be cut at a position', () => {
    const { sequence } = fakeSequence(range(0, 10), { needsCheckpoints: true });
    expect(
      cleanPrefixAfter({ sequence, tokens: tokens(range(0, 10)), kept: 0, evaluatedInput: 9, alone: true }),
    ).toBe(0);
  });

  it('is 0 when calls run at the same time (their batches are cut where their timing falls)', () => {
    const { sequence } = fakeSequence(range(0, 10));
    expect(
      cleanPrefixAfter({ sequence, tokens: tokens(range(0, 10)), kept: 0, evaluatedInput: 9, alone: false }),
    ).toBe(0);
  });

  it('is undefined when the sequence does not start with the prompt (the chat rendered it otherwise)', () => {
    const { sequence } = fakeSequence([0, 1, 2, 7, 4, 5, 6, 8, 9, 10]);
    expect(
      cleanPrefixAfter({ sequence, tokens: tokens(range(0, 10)), kept: 0, evaluatedInput: 9, alone: true }),
    ).toBeUndefined();
  });
});

describe('keepCleanPrefix on llama.cpp', () => {
  it('leaves a sequence that computes, down to the bit, what an empty one computes (a cut inside a batch does not)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'switchyard-clean-prefix-'));
    const { path } = await writeDeepTinyGguf(dir);
    const llama = await loadLlama();
    const model = await llama.loadModel({ modelPath: path, gpuLayers: 0 });
    try {
      // Batches of 64 tokens: short prompts span several.
      const context = await model.createContext({ contextSize: 512, sequences: 1, batchSize: 64 });
      const sequence = context.getSequence();
      const words = (count: number, offset: number) =>
        Array.from(
          { length: count },
          (_, index) => tinyGgufWords[(index + offset) % tinyGgufWords.length],
        ).join(' ');
      // Two prompts sharing their first 200 tokens (three batches and some).
      const first = model.tokenize(`${words(200, 0)} ${words(40, 7)}`);
      const second = model.tokenize(`${words(200, 0)} ${words(90, 11)}`);
      const firstTokenProbabilities = async (tokens: Token[]) => {
        for await (const output of sequence.evaluateWithMetadata(tokens, { probabilities: true }, {})) {
          return [...output.probabilities.entries()];
        }
        throw new Error('nothing evaluated');
      };
      const evaluateFirst = async () => {
        await sequence.clearHistory();
        for await (const _ of sequence.evaluateWithMetadata(first, {}, {})) break;
      };

      await sequence.clearHistory();
      const fromEmpty = await firstTokenProbabilities(second);

      await evaluateFirst();
      const clean = first.length - (first.length % context.batchSize);
      const kept = await keepCleanPrefix({
        sequence: sequence as LlamaContextSequence,
        clean,
        tokens: second,
      });
      expect(kept).toBe(192);
      expect(await firstTokenProbabilities(second.slice(kept))).toEqual(fromEmpty);

      // The control: keeping 150 tokens (inside a batch) gives other probabilities.
      await evaluateFirst();
      await sequence.eraseContextTokenRanges([{ start: 150, end: sequence.nextTokenIndex }]);
      expect(await firstTokenProbabilities(second.slice(150))).not.toEqual(fromEmpty);
      await context.dispose();
    } finally {
      await model.dispose();
      await rm(dir, { recursive: true, force: true });
    }
  }, 20_000);
});
