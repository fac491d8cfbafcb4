import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamResult,
} from '@ai-sdk/provider';
import { callFailure, type ProviderCall, providerStream } from '@switchyard/core/adapter';
import { abortFailure, ProviderError } from '@switchyard/core/failure';
import { classifyLlamaCppError } from './classify-llama-cpp-error.js';
import { llamaToolCallId } from './internal/llama-response-content.js';
import { llamaRunEvents } from './internal/llama-run-events.js';
import { LlamaStreamDecoder } from './internal/llama-stream-decoder.js';
import { mapLlamaStopReason } from './internal/map-llama-stop-reason.js';
import { mapLlamaUsage } from './internal/map-llama-usage.js';
import { prepareLlamaGeneration } from './internal/prepare-llama-generation.js';
import { runLlamaGeneration } from './internal/run-llama-generation.js';
import { type LlamaModelLoad, type LoadedLlamaModel, queueFull } from './loaded-llama-model.js';

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
export class LlamaCppChatLanguageModel implements LanguageModelV4 {
  readonly specificationVersion = 'v4';
  readonly provider: string;
  /** The model path as given (relative paths resolve against the provider's `baseDir`). */
  readonly modelId: string;
  /** None: llama.cpp text models take text only. */
  readonly supportedUrls: Record<string, RegExp[]> = {};
  /**
   * How many calls the model takes at once, running and queued (`sequences +
   * maxQueued` of its provider); one more fails as `bulkhead_full`. Known
   * before the model is loaded, unlike {@link load}.
   */
  readonly capacity: number;
  readonly #loaded: () => Promise<LoadedLlamaModel>;
  readonly #current: () => LoadedLlamaModel | undefined;

  constructor(options: {
    modelId: string;
    provider: string;
    capacity: number;
    loaded: () => Promise<LoadedLlamaModel>;
    current: () => LoadedLlamaModel | undefined;
  }) {
    this.modelId = options.modelId;
    this.provider = options.provider;
    this.capacity = options.capacity;
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

  /**
   * The error a call gets when every sequence is busy and the queue is full
   * (`bulkhead_full`): for a wrapper that queues calls in front of the model
   * (a drill's memo) and must refuse them exactly as the model would.
   *
   * @returns the `ProviderError`.
   */
  queueFullError(): ProviderError {
    return this.#fail(queueFull, undefined);
  }

  /**
   * A new tool-call id for the `index`-th tool call of an answer, as this
   * model gives every tool call (llama.cpp's chat templates give none): for a
   * wrapper that replays the model's answers (a drill's memo) and must give
   * each replayed call a fresh id, as the model would.
   *
   * @param index the tool call's position in its answer (from 0).
   * @returns the id, `call_<24 hex digits>_<index>`.
   */
  newToolCallId(index: number): string {
    return llamaToolCallId(index);
  }

  get #call(): ProviderCall {
    return { provider: this.provider, model: this.modelId };
  }

  /** The `ProviderError` of what was thrown; an aborted signal's reason decides over the engine's error. */
  #fail(error: unknown, signal: AbortSignal | undefined): ProviderError {
    if (ProviderError.isInstance(error)) return error;
    return callFailure(
      this.#call,
      signal?.aborted ? abortFailure(signal.reason) : classifyLlamaCppError(error),
      error,
    );
  }

  async doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    const call = this.#call;
    const generation = prepareLlamaGeneration({ call, callOptions: options });
    const signal = options.abortSignal;
    let run: Awaited<ReturnType<typeof runLlamaGeneration>>;
    let loaded: LoadedLlamaModel;
    try {
      loaded = await this.#loaded();
      run = await runLlamaGeneration({ loaded, generation, call, signal });
    } catch (error) {
      throw this.#fail(error, signal);
    }
    const hasToolCalls = run.content.some((part) => part.type === 'tool-call');
    return {
      content: run.content,
      finishReason: mapLlamaStopReason(run.response.metadata.stopReason, hasToolCalls),
      usage: mapLlamaUsage(run),
      warnings: [...loaded.warnings, ...generation.warnings],
      request: { body: generation.body },
      response: { modelId: this.modelId, timestamp: new Date() },
    };
  }

  async doStream(options: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    const call = this.#call;
    const generation = prepareLlamaGeneration({ call, callOptions: options });
    const signal = options.abortSignal;
    const timestamp = new Date();
    let loaded: LoadedLlamaModel;
    try {
      // A bad model file fails here, before the stream: the router falls back.
      loaded = await this.#loaded();
    } catch (error) {
      throw this.#fail(error, signal);
    }
    const stream = providerStream({
      source: llamaRunEvents({
        signal,
        start: (run) => runLlamaGeneration({ loaded, generation, call, ...run }),
      }),
      decoder: new LlamaStreamDecoder({ modelId: this.modelId, mode: generation.mode, timestamp }),
      call,
      fail: (error) => this.#fail(error, signal),
      warnings: [...loaded.warnings, ...generation.warnings],
      includeRawChunks: options.includeRawChunks,
      signal,
    });
    return { stream, request: { body: generation.body } };
  }
}
