import type { LanguageModelV4Content, LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { providerStream } from '@switchyard/core/adapter';
import { ProviderError } from '@switchyard/core/failure';
import type { LlamaChatResponse, LlamaChatResponseChunk } from 'node-llama-cpp';
import { describe, expect, it } from 'vitest';
import { classifyLlamaCppError } from '../classify-llama-cpp-error.js';
import { llamaRunEvents } from './llama-run-events.js';
import { LlamaStreamDecoder } from './llama-stream-decoder.js';
import type { LlamaOutputMode } from './prepare-llama-generation.js';
import type { LlamaRun } from './run-llama-generation.js';

const call = { provider: 'llama-cpp', model: 'tiny.gguf' };
const timestamp = new Date('2026-11-29T10:00:00Z');

function run(content: LanguageModelV4Content[], stopReason = 'eogToken'): LlamaRun {
  const text = content.map((part) => (part.type === 'text' ? part.text : '')).join('');
  return {
    response: {
      response: text,
      fullResponse: [text],
      metadata: { stopReason },
    } as unknown as LlamaChatResponse,
    content,
    inputTokens: 10,
    cachedInputTokens: 4,
    outputTokens: 3,
  };
}

const text = (value: string) => ({ type: undefined, text: value }) as unknown as LlamaChatResponseChunk;
const thought = (value: string) =>
  ({ type: 'segment', segmentType: 'thought', text: value }) as unknown as LlamaChatResponseChunk;

/** A stream over a scripted generation: `script` gets the chunk callback and the signal it must obey. */
function streamOf(options: {
  mode?: LlamaOutputMode;
  signal?: AbortSignal;
  script: (onChunk: (chunk: LlamaChatResponseChunk) => void, signal: AbortSignal) => Promise<LlamaRun>;
}) {
  const source = llamaRunEvents({
    signal: options.signal,
    start: ({ onChunk, signal }) => options.script(onChunk, signal),
  });
  return providerStream({
    source,
    decoder: new LlamaStreamDecoder({
      modelId: 'tiny.gguf',
      mode: options.mode ?? { type: 'text' },
      timestamp,
    }),
    call,
    fail: (error) =>
      ProviderError.isInstance(error)
        ? error
        : new ProviderError({ ...call, failure: classifyLlamaCppError(error), cause: error }),
    warnings: [],
    signal: options.signal,
  });
}

async function readAll(stream: ReadableStream<LanguageModelV4StreamPart>) {
  const parts: LanguageModelV4StreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

describe('LlamaStreamDecoder', () => {
  it('streams thoughts as reasoning and text as it comes, then the finish with usage', async () => {
    const parts = await readAll(
      streamOf({
        script: async (onChunk) => {
          onChunk(thought('hm'));
          onChunk(text('Hel'));
          onChunk(text(''));
          onChunk(text('lo'));
          return run([{ type: 'text', text: 'Hello' }]);
        },
      }),
    );
    expect(parts).toEqual([
      { type: 'stream-start', warnings: [] },
      { type: 'response-metadata', modelId: 'tiny.gguf', timestamp },
      { type: 'reasoning-start', id: 'reasoning-0' },
      { type: 'reasoning-delta', id: 'reasoning-0', delta: 'hm' },
      { type: 'reasoning-end', id: 'reasoning-0' },
      { type: 'text-start', id: '0' },
      { type: 'text-delta', id: '0', delta: 'Hel' },
      { type: 'text-delta', id: '0', delta: 'lo' },
      { type: 'text-end', id: '0' },
      {
        type: 'finish',
        finishReason: { unified: 'stop', raw: 'eogToken' },
        usage: {
          inputTokens: { total: 10, noCache: 6, cacheRead: 4, cacheWrite: undefined },
          outputTokens: { total: 3, text: 3, reasoning: undefined },
        },
      },
    ]);
  });

  it('in tool mode, sends the forced call whole instead of its JSON text', async () => {
    const parts = await readAll(
      streamOf({
        mode: { type: 'tool', schema: {} as never },
        script: async (onChunk) => {
          onChunk(text('{"name":"lookup","arguments":{}}'));
          return run([{ type: 'tool-call', toolCallId: 'call_1', toolName: 'lookup', input: '{}' }]);
        },
      }),
    );
    expect(parts.map((part) => part.type)).toEqual([
      'stream-start',
      'response-metadata',
      'tool-input-start',
      'tool-input-delta',
      'tool-input-end',
      'tool-call',
      'finish',
    ]);
    expect(parts.at(-1)).toMatchObject({ finishReason: { unified: 'tool-calls' } });
  });

  it('ends in one classified error part, after closing the text, when the engine fails mid-answer', async () => {
    const parts = await readAll(
      streamOf({
        script: async (onChunk) => {
          onChunk(text('Hel'));
          await Promise.resolve();
          throw new Error('The context size is too small to generate a response');
        },
      }),
    );
    expect(parts.map((part) => part.type).slice(-3)).toEqual(['text-delta', 'text-end', 'error']);
    expect((parts.at(-1) as { error: ProviderError }).error.failure).toMatchObject({
      kind: 'context_length',
    });
  });

  it('ends in the abort failure when the call is aborted mid-answer', async () => {
    const controller = new AbortController();
    const parts = await readAll(
      streamOf({
        signal: controller.signal,
        script: (onChunk, signal) =>
          new Promise((_, reject) => {
            onChunk(text('Hel'));
            signal.addEventListener('abort', () => reject(signal.reason));
            controller.abort(new DOMException('late', 'TimeoutError'));
          }),
      }),
    );
    expect(parts.filter((part) => part.type === 'finish')).toEqual([]);
    expect((parts.at(-1) as { error: ProviderError }).error.failure).toMatchObject({ kind: 'timeout' });
  });

  it('aborts the generation when the reader cancels', async () => {
    let aborted = false;
    const stream = streamOf({
      script: (onChunk, signal) =>
        new Promise((_, reject) => {
          onChunk(text('Hel'));
          signal.addEventListener('abort', () => {
            aborted = true;
            reject(signal.reason);
          });
        }),
    });
    const reader = stream.getReader();
    while ((await reader.read()).value?.type !== 'text-delta') {}
    await reader.cancel();
    expect(aborted).toBe(true);
  });

  it('aborts nothing once the generation finished, and no longer follows the call signal', async () => {
    const controller = new AbortController();
    let generationSignal: AbortSignal | undefined;
    const parts = await readAll(
      streamOf({
        signal: controller.signal,
        script: async (onChunk, signal) => {
          generationSignal = signal;
          onChunk(text('Hi'));
          return run([{ type: 'text', text: 'Hi' }]);
        },
      }),
    );
    expect(parts.at(-1)).toMatchObject({ type: 'finish' });
    expect(generationSignal?.aborted).toBe(false);
    controller.abort();
    expect(generationSignal?.aborted).toBe(false);
  });

  it('passes an abort that came before the start on to the generation, with its reason', async () => {
    const reason = new DOMException('late', 'TimeoutError');
    let seen: unknown;
    const parts = await readAll(
      streamOf({
        signal: AbortSignal.abort(reason),
        script: async (_onChunk, signal) => {
          seen = signal.reason;
          throw signal.reason;
        },
      }),
    );
    expect(seen).toBe(reason);
    expect((parts.at(-1) as { error: ProviderError }).error.failure).toMatchObject({ kind: 'timeout' });
  });
});
