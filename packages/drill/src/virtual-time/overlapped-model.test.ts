import type { LanguageModelV4, LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { ProviderError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { overlappedModel } from './overlapped-model.js';
import { pacedModel } from './paced-model.js';
import { RealWork } from './real-work.js';
import { realWorkModel } from './real-work-model.js';
import { runOnVirtualTime } from './run-on-virtual-time.js';

const start = Date.parse('2026-06-25T09:00:00Z');
const pace = { firstTokenMs: 600, tokensPerSecond: 50 }; // 20 ms per token after the first
const usage = {
  inputTokens: { total: 5, noCache: 5, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 3, text: 3, reasoning: 0 },
};
const parts = (): LanguageModelV4StreamPart[] => [
  { type: 'stream-start', warnings: [] },
  { type: 'response-metadata', modelId: 'tiny.gguf', timestamp: new Date(0) },
  { type: 'text-start', id: 't' },
  ...['a', 'b', 'c'].map((delta): LanguageModelV4StreamPart => ({ type: 'text-delta', id: 't', delta })),
  { type: 'text-end', id: 't' },
  { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage },
];

/**
 * An in-process model whose compute is real work that ends when `compute` says so (by default at
 * once): the answer is `abc`, three output tokens.
 */
function computingModel(
  compute: () => Promise<void> = async () => {},
): LanguageModelV4 & { signals: unknown[] } {
  const signals: unknown[] = [];
  return {
    specificationVersion: 'v4',
    provider: 'llama-cpp',
    modelId: 'tiny.gguf',
    supportedUrls: {},
    signals,
    async doGenerate(call) {
      signals.push(call.abortSignal);
      await compute();
      return {
        content: [{ type: 'text', text: 'abc' }],
        finishReason: { unified: 'stop', raw: 'stop' },
        usage,
        response: { modelId: 'tiny.gguf', timestamp: new Date(0) },
        warnings: [],
      };
    },
    async doStream(call) {
      signals.push(call.abortSignal);
      await compute();
      const queue = parts();
      return {
        stream: new ReadableStream<LanguageModelV4StreamPart>({
          pull(controller) {
            const part = queue.shift();
            if (part === undefined) controller.close();
            else controller.enqueue(part);
          },
        }),
      };
    },
  };
}

/** Reads a stream, noting each part's type and the virtual instant it came at. */
async function timeline(stream: ReadableStream<LanguageModelV4StreamPart>): Promise<string[]> {
  const seen: string[] = [];
  for await (const part of stream) seen.push(`${part.type} +${Date.now() - start}`);
  return seen;
}

describe('overlappedModel', () => {
  it('runs the compute while the clock fires the timers due before the first token, and answers at its paced instant', async () => {
    const work = new RealWork();
    const { value } = await runOnVirtualTime({
      startMs: start,
      realWork: work,
      run: async () => {
        const seen: string[] = [];
        let finish!: () => void;
        // The compute ends only when a timer at +300 fires: only if the clock runs beside it.
        const model = overlappedModel({
          model: computingModel(() => new Promise<void>((resolve) => (finish = resolve))),
          pace,
          realWork: work,
        });
        const answer = model.doGenerate({ prompt: [] });
        setTimeout(() => {
          seen.push(`other traffic at +${Date.now() - start}`);
          finish();
        }, 300);
        const result = await answer;
        seen.push(
          `answer at +${Date.now() - start}, stamped +${(result.response?.timestamp?.getTime() ?? 0) - start}`,
        );
        return seen;
      },
    });
    // 600 ms to the first token, then 20 ms for each output token.
    expect(value).toEqual(['other traffic at +300', 'answer at +660, stamped +0']);
  });

  it('paces a stream as pacedModel(realWorkModel(model)) does: first content at the first-token instant, then token by token', async () => {
    const paced = async (make: (work: RealWork) => LanguageModelV4) => {
      const work = new RealWork();
      return (
        await runOnVirtualTime({
          startMs: start,
          realWork: work,
          run: async () => timeline((await make(work).doStream({ prompt: [] })).stream),
        })
      ).value;
    };
    const overlapped = await paced((work) =>
      overlappedModel({ model: computingModel(), pace, realWork: work }),
    );
    const blocking = await paced((work) =>
      pacedModel({ model: realWorkModel(computingModel(), work), pace }),
    );
    const contentOf = (seen: string[]) =>
      seen.filter((entry) => !/^(stream-start|response-metadata)/.test(entry));
    expect(contentOf(overlapped)).toEqual([
      'text-start +600',
      'text-delta +600',
      'text-delta +620',
      'text-delta +640',
      'text-end +640',
      'finish +660',
    ]);
    expect(contentOf(overlapped)).toEqual(contentOf(blocking));
  });

  it("stamps a stream's response metadata with the call's instant, whenever its compute ended", async () => {
    const work = new RealWork();
    const { value } = await runOnVirtualTime({
      startMs: start + 0,
      realWork: work,
      run: async () => {
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        const model = overlappedModel({ model: computingModel(), pace, realWork: work });
        const stamps: number[] = [];
        for await (const part of (await model.doStream({ prompt: [] })).stream) {
          if (part.type === 'response-metadata') stamps.push((part.timestamp?.getTime() ?? 0) - start);
        }
        return stamps;
      },
    });
    expect(value).toEqual([1_000]);
  });

  it("fails at the first-token instant when the model fails, with the model's error", async () => {
    const work = new RealWork();
    const broken = new ProviderError({
      provider: 'llama-cpp',
      model: 'tiny.gguf',
      failure: { kind: 'context_length', message: 'the prompt is 9000 tokens; the context holds 2560' },
    });
    const { value } = await runOnVirtualTime({
      startMs: start,
      realWork: work,
      run: async () => {
        const model = overlappedModel({
          model: computingModel(async () => {
            throw broken;
          }),
          pace,
          realWork: work,
        });
        const failed = await Promise.resolve(model.doGenerate({ prompt: [] })).catch(
          (error: unknown) => error,
        );
        return { failed, at: Date.now() - start };
      },
    });
    expect(value).toEqual({ failed: broken, at: 600 });
  });

  it("fails an aborted call at the abort's instant, runs the compute to its end without the caller's signal, and the run waits for it", async () => {
    const work = new RealWork();
    const realSetTimeout = globalThis.setTimeout;
    let computed = false;
    const inner = computingModel(
      () =>
        new Promise<void>((resolve) =>
          realSetTimeout(() => {
            computed = true;
            resolve();
          }, 20),
        ),
    );
    const { value } = await runOnVirtualTime({
      startMs: start,
      realWork: work,
      run: async () => {
        const controller = new AbortController();
        const model = overlappedModel({ model: inner, pace, realWork: work });
        setTimeout(() => controller.abort(new DOMException('attempt timed out', 'TimeoutError')), 100);
        const failed = await Promise.resolve(
          model.doGenerate({ prompt: [], abortSignal: controller.signal }),
        ).catch((error: unknown) => error);
        return { failed, at: Date.now() - start };
      },
    });
    expect(value.at).toBe(100);
    expect(value.failed).toBeInstanceOf(ProviderError);
    expect((value.failed as ProviderError).failure.kind).toBe('timeout');
    expect(inner.signals).toEqual([undefined]);
    expect(computed).toBe(true);
  });
});
