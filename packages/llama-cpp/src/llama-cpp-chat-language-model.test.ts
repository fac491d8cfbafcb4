import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { rejectedFailure } from '@switchyard/core/testing';
import { generateText, jsonSchema, Output, tool } from 'ai';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLlamaCpp, type LlamaCppProvider } from './create-llama-cpp.js';
import { loadLlama } from './load-llama.js';
import { tinyModelDir, userPrompt } from './test-fixtures/tiny-model.js';

// Every TCP connection of this file goes through Socket#connect: none may happen (nothing is downloaded).
const connect = vi.spyOn(Socket.prototype, 'connect');
const fetchSpy = vi.spyOn(globalThis, 'fetch');

let fixture: Awaited<ReturnType<typeof tinyModelDir>>;
let llamaCpp: LlamaCppProvider;
beforeAll(async () => {
  fixture = await tinyModelDir();
  llamaCpp = createLlamaCpp({ baseDir: fixture.dir, sequences: 2, maxQueued: 1, contextSize: 512 });
  await llamaCpp('tiny.gguf').warm();
});
afterAll(async () => {
  await llamaCpp.close();
  await fixture.remove();
});

const failureOf = rejectedFailure;

/** One turn of the event loop: every pending microtask (a call borrowing a sequence) has run. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

async function readAll(stream: ReadableStream<LanguageModelV4StreamPart>) {
  const parts: LanguageModelV4StreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

describe('LlamaCppChatLanguageModel', () => {
  describe('doGenerate', () => {
    it('decodes greedily: the same text every call, from any provider loading the same file', async () => {
      const model = llamaCpp('tiny.gguf');
      const first = await generateText({ model, prompt: 'Hello there', maxOutputTokens: 24 });
      const second = await generateText({ model, prompt: 'Hello there', maxOutputTokens: 24 });
      const other = createLlamaCpp({ contextSize: 512, sequences: 1 });
      const third = await generateText({
        model: other(fixture.path),
        prompt: 'Hello there',
        maxOutputTokens: 24,
      });
      await other.close();
      expect(first.text.length).toBeGreaterThan(10);
      expect(first.text).toMatch(/^[\x20-\x7e]+$/);
      expect([second.text, third.text]).toEqual([first.text, first.text]);
      expect(first.finishReason).toBe('length');
      expect(first.usage.outputTokens).toBe(24);
      expect(first.usage.inputTokens).toBeGreaterThan(3);
    });

    it('samples with temperature and seed reproducibly, and differently for another seed', async () => {
      const model = llamaCpp('tiny.gguf');
      const call = (seed: number) =>
        generateText({ model, prompt: 'Hello', maxOutputTokens: 32, temperature: 1, seed }).then(
          (result) => result.text,
        );
      const [first, again, other] = [await call(1), await call(1), await call(2)];
      expect(again).toBe(first);
      expect(other).not.toBe(first);
    });

    it('stops at a stop sequence', async () => {
      const model = llamaCpp('tiny.gguf');
      const free = await generateText({ model, prompt: 'Hello there', maxOutputTokens: 24 });
      const stop = free.text.slice(6, 8);
      const stopped = await generateText({
        model,
        prompt: 'Hello there',
        maxOutputTokens: 24,
        stopSequences: [stop],
      });
      expect(stopped.finishReason).toBe('stop');
      expect(free.text.startsWith(stopped.text)).toBe(true);
      expect(stopped.text).not.toContain(stop);
    });

    it('writes JSON of the schema, enforced by a grammar', async () => {
      const schema = jsonSchema<{ id: string; count: number; state: 'open' | 'shut' }>({
        type: 'object',
        properties: {
          id: { type: 'string', maxLength: 6 },
          count: { type: 'number' },
          state: { enum: ['open', 'shut'] },
        },
        required: ['id', 'count', 'state'],
        additionalProperties: false,
      });
      const { output, text } = await generateText({
        model: llamaCpp('tiny.gguf'),
        prompt: 'An order as JSON',
        maxOutputTokens: 120,
        output: Output.object({ schema }),
      });
      expect(Object.keys(output).sort()).toEqual(['count', 'id', 'state']);
      expect(output.id.length).toBeLessThanOrEqual(6);
      expect(typeof output.count).toBe('number');
      expect(text).toMatch(/"count"\s*:\s*-?\d/);
      expect(['open', 'shut']).toContain(output.state);
    });

    it('calls a required tool with input of its schema', async () => {
      const { toolCalls, finishReason } = await generateText({
        model: llamaCpp('tiny.gguf'),
        prompt: 'Look up order 7',
        maxOutputTokens: 60,
        toolChoice: 'required',
        tools: {
          lookup_order: tool({
            inputSchema: jsonSchema<{ id: string }>({
              type: 'object',
              properties: { id: { type: 'string', maxLength: 5 } },
              required: ['id'],
              additionalProperties: false,
            }),
          }),
        },
      });
      expect(finishReason).toBe('tool-calls');
      expect(toolCalls).toHaveLength(1);
      expect(toolCalls[0]?.toolName).toBe('lookup_order');
      expect(Object.keys(toolCalls[0]?.input as object)).toEqual(['id']);
    });

    it('fails as context_length before any work when the prompt does not fit', async () => {
      const long = 'route policy target switch '.repeat(200);
      expect(await failureOf(llamaCpp('tiny.gguf').doGenerate({ prompt: userPrompt(long) }))).toMatchObject({
        kind: 'context_length',
        message: expect.stringContaining('the context holds 512 (contextSize)'),
      });
    });

    it('fails as timeout when its signal times out, and as aborted when aborted', async () => {
      const model = llamaCpp('tiny.gguf');
      const timedOut = AbortSignal.abort(new DOMException('late', 'TimeoutError'));
      expect(
        await failureOf(model.doGenerate({ prompt: userPrompt('Hi'), abortSignal: timedOut })),
      ).toMatchObject({
        kind: 'timeout',
      });
      const controller = new AbortController();
      const call = model.doGenerate({
        prompt: userPrompt('Hi'),
        maxOutputTokens: 400,
        abortSignal: controller.signal,
      });
      controller.abort();
      expect(await failureOf(call)).toMatchObject({ kind: 'transient', code: 'aborted' });
    });
  });

  describe('doStream', () => {
    it('streams the same text as generate, then usage and the finish reason', async () => {
      const model = llamaCpp('tiny.gguf');
      const generated = await generateText({ model, prompt: 'Hello again', maxOutputTokens: 20 });
      const { stream } = await model.doStream({ prompt: userPrompt('Hello again'), maxOutputTokens: 20 });
      const parts = await readAll(stream);
      const types = parts.map((part) => part.type);
      expect(types.slice(0, 3)).toEqual(['stream-start', 'response-metadata', 'text-start']);
      expect(types.slice(-2)).toEqual(['text-end', 'finish']);
      const text = parts.map((part) => (part.type === 'text-delta' ? part.delta : '')).join('');
      expect(text).toBe(generated.text);
      expect(parts.at(-1)).toMatchObject({
        finishReason: { unified: 'length' },
        usage: { outputTokens: { total: 20 } },
      });
    });

    it('ends the generation when the reader cancels', async () => {
      const { stream } = await llamaCpp('tiny.gguf').doStream({
        prompt: userPrompt('Hi'),
        maxOutputTokens: 2000,
      });
      const reader = stream.getReader();
      while ((await reader.read()).value?.type !== 'text-delta') {}
      await reader.cancel();
      // The sequence comes back: the next calls are served.
      const next = await generateText({ model: llamaCpp('tiny.gguf'), prompt: 'Hi', maxOutputTokens: 4 });
      expect(next.usage.outputTokens).toBe(4);
    });

    it('throws a bad model file before the stream starts, as a cut-off', async () => {
      const path = join(fixture.dir, 'broken.gguf');
      await writeFile(path, 'not a model');
      expect(await failureOf(llamaCpp('broken.gguf').doStream({ prompt: userPrompt('Hi') }))).toMatchObject({
        kind: 'cutoff',
        scope: 'target',
        code: 'model_file_not_gguf',
        message: expect.stringContaining(path),
      });
    });
  });

  describe('sequences', () => {
    it('runs as many calls as sequences, queues maxQueued more and refuses the next as bulkhead_full', async () => {
      const model = llamaCpp('tiny.gguf');
      // A call takes many turns of the event loop (a batch per token on llama.cpp's thread): 8 tokens keep both sequences busy.
      const call = () => model.doGenerate({ prompt: userPrompt('Busy'), maxOutputTokens: 8 });
      const calls = [call(), call(), call()];
      await nextTurn();
      expect(model.load).toEqual({ sequences: 2, active: 2, queued: 1, maxQueued: 1 });
      expect(await failureOf(call())).toMatchObject({ kind: 'transient', code: 'bulkhead_full' });
      const results = await Promise.all(calls);
      expect(results.map((result) => result.usage.outputTokens.total)).toEqual([8, 8, 8]);
      expect(model.load).toMatchObject({ active: 0, queued: 0 });
    });

    it('frees the place of a cancelled stream at once: the next calls are admitted, each gets a sequence once it is back', async () => {
      const model = llamaCpp('tiny.gguf');
      const readers = await Promise.all(
        [1, 2].map(async () => {
          const { stream } = await model.doStream({ prompt: userPrompt('Busy'), maxOutputTokens: 400 });
          const reader = stream.getReader();
          while ((await reader.read()).value?.type !== 'text-delta') {}
          return reader;
        }),
      );
      const queued = model.doGenerate({ prompt: userPrompt('Busy'), maxOutputTokens: 4 });
      await nextTurn();
      expect(model.load).toMatchObject({ active: 2, queued: 1 });
      // Its generation is still stopping (llama.cpp is mid-batch), but its place is free already:
      // the queued call takes it, so one more call may queue instead of failing as bulkhead_full.
      await readers[0]?.cancel();
      expect(model.load).toMatchObject({ active: 2, queued: 0 });
      const next = model.doGenerate({ prompt: userPrompt('Busy'), maxOutputTokens: 4 });
      await nextTurn();
      expect(model.load).toMatchObject({ active: 2, queued: 1 });
      await readers[1]?.cancel();
      const results = await Promise.all([queued, next]);
      expect(results.map((result) => result.usage.outputTokens.total)).toEqual([4, 4]);
      expect(model.load).toMatchObject({ active: 0, queued: 0 });
    });

    it('leaves the queue when a queued call is aborted', async () => {
      const model = llamaCpp('tiny.gguf');
      const controller = new AbortController();
      const running = [1, 2].map(() => model.doGenerate({ prompt: userPrompt('Busy'), maxOutputTokens: 8 }));
      const queued = model.doGenerate({ prompt: userPrompt('Busy'), abortSignal: controller.signal });
      await nextTurn();
      expect(model.load?.queued).toBe(1);
      controller.abort();
      expect(await failureOf(queued)).toMatchObject({ code: 'aborted' });
      expect(model.load?.queued).toBe(0);
      await Promise.all(running);
    });

    it('loads a model once per provider and path, however many models and calls use it', async () => {
      const llama = await loadLlama();
      const loadModel = vi.spyOn(llama, 'loadModel');
      const provider = createLlamaCpp({ baseDir: fixture.dir, contextSize: 512, sequences: 1 });
      const relative = provider('tiny.gguf');
      const absolute = provider(fixture.path);
      expect(relative.load).toBeUndefined();
      await Promise.all([
        relative.warm(),
        absolute.warm(),
        generateText({ model: relative, prompt: 'Hi', maxOutputTokens: 2 }),
      ]);
      expect(loadModel).toHaveBeenCalledTimes(1);
      expect(relative.load).toEqual(absolute.load);
      expect([relative.modelId, absolute.modelId]).toEqual(['tiny.gguf', fixture.path]);
      await provider.close();
      // A closed provider loads nothing again: a model it loaded now would never be freed.
      const afterClose = await failureOf(generateText({ model: relative, prompt: 'Hi', maxRetries: 0 }));
      expect(afterClose).toMatchObject({ kind: 'transient', code: 'disposed' });
      expect(afterClose.message).toContain('the provider was closed');
      expect(await failureOf(absolute.warm())).toMatchObject({ code: 'disposed' });
      expect(loadModel).toHaveBeenCalledTimes(1);
      expect(relative.load).toBeUndefined();
      loadModel.mockRestore();
    });
  });

  describe('nothing is built or downloaded', () => {
    it('uses the prebuilt binary, and opened no connection and no fetch', async () => {
      const llama = await loadLlama();
      expect(llama.buildType).toBe('prebuilt');
      expect(llama.gpu).toBe(false);
      const packageDir = dirname(dirname(fileURLToPath(import.meta.resolve('node-llama-cpp'))));
      expect(existsSync(join(packageDir, 'llama', 'localBuilds'))).toBe(false);
      expect(existsSync(join(packageDir, 'llama', 'llama.cpp'))).toBe(false);
      expect(connect).not.toHaveBeenCalled();
      expect(fetchSpy).not.toHaveBeenCalled();
    });
  });
});
