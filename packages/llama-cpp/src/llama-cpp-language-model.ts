import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4Content,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamPart,
  LanguageModelV4StreamResult,
} from '@ai-sdk/provider';
import { ProviderError } from '@switchyard/core';
import { abortFailure } from '@switchyard/core/failure';
import type { LlamaChatResponse, LlamaChatResponseChunk, LlamaGrammar } from 'node-llama-cpp';
import { classifyLlamaCppError } from './classify-llama-cpp-error.js';
import type { LlamaModelLoad, LoadedLlamaModel } from './loaded-llama-model.js';
import { mapLlamaStopReason } from './map-llama-stop-reason.js';
import { type LlamaGeneration, prepareLlamaGeneration } from './prepare-llama-generation.js';

/** What a finished generation gave. */
interface LlamaRun {
  readonly response: LlamaChatResponse;
  readonly content: LanguageModelV4Content[];
  readonly inputTokens: number;
  readonly cachedInputTokens: number;
  readonly outputTokens: number;
}

/**
 * A GGUF model run in this process by llama.cpp (node-llama-cpp), as an AI SDK
 * `LanguageModelV4`. Build it with `createLlamaCpp(...).languageModel(path)`.
 * The model is loaded on first use (or by {@link warm}), once, and shared by
 * every call: each call borrows one of its sequences and queues when all are
 * busy. Every failure is thrown (or streamed) as a core `ProviderError`
 * classified by `classifyLlamaCppError`; a bad model file is a cut-off of the
 * target, checked in JS before llama.cpp sees it.
 *
 * @example
 * ```ts
 * const model = createLlamaCpp().languageModel('./models/tiny.gguf');
 * await model.warm();
 * const { content } = await model.doGenerate({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }] });
 * ```
 */
export class LlamaCppLanguageModel implements LanguageModelV4 {
  readonly specificationVersion = 'v4';
  readonly provider: string;
  /** The model path as given (relative paths resolve against the provider's `baseDir`). */
  readonly modelId: string;
  /** None: llama.cpp text models take text only. */
  readonly supportedUrls: Record<string, RegExp[]> = {};
  readonly #loaded: () => Promise<LoadedLlamaModel>;
  readonly #current: () => LoadedLlamaModel | undefined;

  constructor(options: {
    modelId: string;
    provider: string;
    loaded: () => Promise<LoadedLlamaModel>;
    current: () => LoadedLlamaModel | undefined;
  }) {
    this.modelId = options.modelId;
    this.provider = options.provider;
    this.#loaded = options.loaded;
    this.#current = options.current;
  }

  /**
   * Checks and loads the model now, so the first request (say, the first
   * fallback after a cut-off) does not wait for it.
   *
   * @throws ProviderError when the file is bad (a cut-off with the file's code).
   */
  async warm(): Promise<void> {
    try {
      await this.#loaded();
    } catch (error) {
      throw this.#fail(error, undefined);
    }
  }

  /** How busy the model is (sequences, running, queued); `undefined` before it is loaded. */
  get load(): LlamaModelLoad | undefined {
    return this.#current()?.load;
  }

  #fail(error: unknown, signal: AbortSignal | undefined): ProviderError {
    if (ProviderError.isInstance(error)) return error;
    return new ProviderError({
      provider: this.provider,
      model: this.modelId,
      failure: signal?.aborted ? abortFailure(signal.reason) : classifyLlamaCppError(error),
      cause: error,
    });
  }

  async #run(
    generation: LlamaGeneration,
    signal: AbortSignal | undefined,
    onChunk?: (chunk: LlamaChatResponseChunk) => void,
  ): Promise<LlamaRun> {
    const loaded = await this.#loaded();
    const slot = await loaded.acquire(signal);
    try {
      const { chat } = slot;
      const withModelTurn =
        generation.history.at(-1)?.type === 'model'
          ? generation.history
          : [...generation.history, { type: 'model' as const, response: [] }];
      const state = loaded.chatWrapper.generateContextState({
        chatHistory: withModelTurn,
        ...(generation.functions === undefined ? {} : { availableFunctions: generation.functions }),
      });
      const inputTokens = state.contextText.tokenize(loaded.model.tokenizer).length;
      const room = loaded.contextSize - inputTokens;
      if (room <= 0) {
        throw new ProviderError({
          provider: this.provider,
          model: this.modelId,
          failure: {
            kind: 'context_length',
            message: `the prompt is ${inputTokens} tokens; the context holds ${loaded.contextSize} (contextSize)`,
          },
        });
      }
      const grammar = await grammarFor(loaded, generation);
      // Without the prompt cache every call starts from an empty sequence: its answer and usage
      // depend on its own prompt only, never on the call that ran before on that sequence.
      if (!loaded.promptCache) await chat.sequence.clearHistory();
      const before = chat.sequence.tokenMeter.getState();
      const options = generation.options;
      const response = await chat.generateResponse(generation.history, {
        ...options,
        // Never more than fits: no context shift ever drops part of the prompt.
        maxTokens: Math.min(options.maxTokens ?? room, room),
        ...(grammar === undefined ? {} : { grammar }),
        ...(generation.functions === undefined ? {} : { functions: generation.functions }),
        ...(signal === undefined ? {} : { signal }),
        ...(onChunk === undefined ? {} : { onResponseChunk: onChunk }),
      } as Parameters<typeof chat.generateResponse>[1]);
      const after = chat.sequence.tokenMeter.getState();
      const evaluated = after.usedInputTokens - before.usedInputTokens;
      return {
        response,
        content: contentOf(response, generation),
        inputTokens,
        cachedInputTokens: Math.max(0, inputTokens - evaluated),
        outputTokens: after.usedOutputTokens - before.usedOutputTokens,
      };
    } finally {
      loaded.release(slot);
    }
  }

  async doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    const generation = prepareLlamaGeneration({
      call: options,
      modelId: this.modelId,
      provider: this.provider,
    });
    let run: LlamaRun;
    try {
      run = await this.#run(generation, options.abortSignal);
    } catch (error) {
      throw this.#fail(error, options.abortSignal);
    }
    return {
      content: run.content,
      finishReason: mapLlamaStopReason(run.response.metadata.stopReason, hasToolCall(run.content)),
      usage: usageOf(run),
      warnings: generation.warnings,
      request: { body: generation.body },
      response: { modelId: this.modelId, timestamp: new Date() },
    };
  }

  async doStream(options: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    const generation = prepareLlamaGeneration({
      call: options,
      modelId: this.modelId,
      provider: this.provider,
    });
    const cancel = new AbortController();
    const signal =
      options.abortSignal === undefined
        ? cancel.signal
        : AbortSignal.any([options.abortSignal, cancel.signal]);
    try {
      // A bad model file fails here, before the stream: the router falls back.
      await this.#loaded();
    } catch (error) {
      throw this.#fail(error, options.abortSignal);
    }
    const modelId = this.modelId;
    const streamsText = generation.mode.type !== 'tool';
    let textOpen = false;
    let reasoningOpen = false;
    let closed = false;
    const stream = new ReadableStream<LanguageModelV4StreamPart>({
      start: (controller) => {
        controller.enqueue({ type: 'stream-start', warnings: generation.warnings });
        controller.enqueue({ type: 'response-metadata', modelId, timestamp: new Date() });
        const closeOpen = () => {
          if (reasoningOpen) controller.enqueue({ type: 'reasoning-end', id: 'reasoning-0' });
          if (textOpen) controller.enqueue({ type: 'text-end', id: '0' });
          reasoningOpen = textOpen = false;
        };
        const onChunk = (chunk: LlamaChatResponseChunk) => {
          if (closed || chunk.text === '') return;
          if (chunk.type === 'segment') {
            if (!reasoningOpen) controller.enqueue({ type: 'reasoning-start', id: 'reasoning-0' });
            reasoningOpen = true;
            controller.enqueue({ type: 'reasoning-delta', id: 'reasoning-0', delta: chunk.text });
          } else if (streamsText) {
            if (reasoningOpen) controller.enqueue({ type: 'reasoning-end', id: 'reasoning-0' });
            reasoningOpen = false;
            if (!textOpen) controller.enqueue({ type: 'text-start', id: '0' });
            textOpen = true;
            controller.enqueue({ type: 'text-delta', id: '0', delta: chunk.text });
          }
        };
        this.#run(generation, signal, onChunk).then(
          (run) => {
            if (closed) return;
            closeOpen();
            for (const part of run.content) {
              if (part.type !== 'tool-call') continue;
              controller.enqueue({ type: 'tool-input-start', id: part.toolCallId, toolName: part.toolName });
              controller.enqueue({ type: 'tool-input-delta', id: part.toolCallId, delta: part.input });
              controller.enqueue({ type: 'tool-input-end', id: part.toolCallId });
              controller.enqueue(part);
            }
            controller.enqueue({
              type: 'finish',
              finishReason: mapLlamaStopReason(run.response.metadata.stopReason, hasToolCall(run.content)),
              usage: usageOf(run),
            });
            closed = true;
            controller.close();
          },
          (error: unknown) => {
            if (closed) return;
            closeOpen();
            controller.enqueue({ type: 'error', error: this.#fail(error, options.abortSignal) });
            closed = true;
            controller.close();
          },
        );
      },
      cancel: () => {
        closed = true;
        cancel.abort();
      },
    });
    return { stream, request: { body: generation.body } };
  }
}

async function grammarFor(
  loaded: LoadedLlamaModel,
  generation: LlamaGeneration,
): Promise<LlamaGrammar | undefined> {
  const { mode } = generation;
  if (mode.type === 'text') return undefined;
  const llama = loaded.model.llama;
  if (mode.schema === undefined) return llama.getGrammarFor('json');
  return llama.createGrammarForJsonSchema(
    mode.schema as Parameters<typeof llama.createGrammarForJsonSchema>[0],
  );
}

function contentOf(response: LlamaChatResponse, generation: LlamaGeneration): LanguageModelV4Content[] {
  const content: LanguageModelV4Content[] = [];
  const reasoning = response.fullResponse
    .filter((item) => typeof item !== 'string')
    .map((segment) => segment.text)
    .join('');
  if (reasoning !== '') content.push({ type: 'reasoning', text: reasoning });
  if (generation.mode.type === 'tool') {
    const call = parseToolCall(response.response);
    if (call === undefined) content.push({ type: 'text', text: response.response });
    else
      content.push({
        type: 'tool-call',
        toolCallId: toolCallId(0),
        toolName: call.name,
        input: JSON.stringify(call.arguments),
      });
    return content;
  }
  if (response.response !== '') content.push({ type: 'text', text: response.response });
  const calls = (response.functionCalls ?? []) as unknown as { functionName: string; params: unknown }[];
  calls.forEach((call, index) => {
    content.push({
      type: 'tool-call',
      toolCallId: toolCallId(index),
      toolName: call.functionName,
      input: JSON.stringify(call.params ?? {}),
    });
  });
  return content;
}

/** The forced tool call, or `undefined` when the output was cut before it was whole JSON. */
function parseToolCall(text: string): { name: string; arguments: unknown } | undefined {
  try {
    const value = JSON.parse(text) as { name?: unknown; arguments?: unknown };
    return typeof value.name === 'string'
      ? { name: value.name, arguments: value.arguments ?? {} }
      : undefined;
  } catch {
    return undefined;
  }
}

function hasToolCall(content: readonly LanguageModelV4Content[]): boolean {
  return content.some((part) => part.type === 'tool-call');
}

function usageOf(run: LlamaRun) {
  return {
    inputTokens: {
      total: run.inputTokens,
      noCache: run.inputTokens - run.cachedInputTokens,
      cacheRead: run.cachedInputTokens,
      cacheWrite: undefined,
    },
    outputTokens: { total: run.outputTokens, text: run.outputTokens, reasoning: undefined },
  };
}

function toolCallId(index: number): string {
  return `call_${crypto.randomUUID().replaceAll('-', '').slice(0, 24)}_${index}`;
}
