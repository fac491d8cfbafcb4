import { ProviderError } from '@switchyard/core/failure';
import {
  type ChatWrapper,
  type Llama,
  LlamaChat,
  type LlamaContext,
  type LlamaModel,
  resolveChatWrapper,
  type Tokenizer,
} from 'node-llama-cpp';
import { checkGgufFile, type GgufCheck } from './check-gguf-file.js';
import { memoizedTokenizer } from './internal/memoized-tokenizer.js';
import { modelFileFailure } from './model-file-failure.js';

// llama.cpp's work is real: node-llama-cpp dispatches each batch of tokens from a `setImmediate`,
// which a fake clock (a test's `vi.useFakeTimers()`, a drill on virtual time) replaces and would
// never fire while it waits for that very work. Batches go through the real one, taken at import.
const realSetImmediate = globalThis.setImmediate;
const dispatchOnRealEventLoop = (dispatch: () => void): void => {
  realSetImmediate(dispatch);
};

/** How busy a loaded model is; see {@link LoadedLlamaModel.load}. */
export interface LlamaModelLoad {
  /** Sequences (concurrent generations) of the context. */
  readonly sequences: number;
  /** Generations running now. */
  readonly active: number;
  /** Calls waiting for a free sequence. */
  readonly queued: number;
  /** Most calls that may wait; one more fails as `bulkhead_full`. */
  readonly maxQueued: number;
}

/** One sequence with its chat, reused call after call (its KV cache keeps a shared prompt prefix). */
export interface LlamaSlot {
  readonly chat: LlamaChat;
  /**
   * Without the prompt cache: tokens at the start of the sequence evaluated exactly as from an
   * empty sequence (whole batches from position 0), which the next call may keep; `undefined`
   * once a chat rendered a prompt otherwise than `runLlamaGeneration` (nothing is kept again).
   */
  clean: number | undefined;
}

interface Waiter {
  resolve(slot: LlamaSlot): void;
  reject(error: unknown): void;
}

/**
 * A GGUF model loaded once: the model, one context of `sequences` sequences,
 * and the chat wrapper resolved once (building one from a Jinja template
 * costs most of a second; it is never rebuilt per call). Calls borrow a
 * sequence and give it back; when all are busy they queue, up to `maxQueued`.
 */
export class LoadedLlamaModel {
  readonly check: GgufCheck;
  readonly model: LlamaModel;
  readonly context: LlamaContext;
  readonly chatWrapper: ChatWrapper;
  /** Tokens per sequence. */
  readonly contextSize: number;
  readonly maxQueued: number;
  /** Whether a call may reuse what its sequence already evaluated (`false`: every prompt from scratch). */
  readonly promptCache: boolean;
  readonly #free: LlamaSlot[];
  readonly #waiting: Waiter[] = [];
  readonly #sequences: number;
  #disposed = false;

  private constructor(options: {
    check: GgufCheck;
    model: LlamaModel;
    context: LlamaContext;
    chatWrapper: ChatWrapper;
    maxQueued: number;
    promptCache: boolean;
  }) {
    this.check = options.check;
    this.model = options.model;
    this.context = options.context;
    this.chatWrapper = options.chatWrapper;
    this.contextSize = options.context.contextSize;
    this.maxQueued = options.maxQueued;
    this.promptCache = options.promptCache;
    this.#sequences = options.context.totalSequences;
    this.#free = Array.from({ length: this.#sequences }, () => ({
      chat: new LlamaChat({
        contextSequence: options.context.getSequence(),
        chatWrapper: options.chatWrapper,
      }),
      clean: 0,
    }));
  }

  /**
   * Checks the file ({@link checkGgufFile}), then loads the model, creates the
   * context and resolves the chat wrapper.
   *
   * @throws ProviderError: the check's cut-offs, or `model_load_failed` when llama.cpp refuses the file.
   */
  static async load(options: {
    path: string;
    modelId: string;
    provider: string;
    llama: Llama;
    sequences: number;
    maxQueued: number;
    contextSize: number;
    maxMemoryBytes?: number;
    chatWrapper: 'auto' | ChatWrapper;
    promptCache: boolean;
  }): Promise<LoadedLlamaModel> {
    const check = await checkGgufFile({
      path: options.path,
      llama: options.llama,
      contextSize: options.contextSize,
      sequences: options.sequences,
      provider: options.provider,
      modelId: options.modelId,
      ...(options.maxMemoryBytes === undefined ? {} : { maxMemoryBytes: options.maxMemoryBytes }),
    });
    let model: LlamaModel | undefined;
    try {
      model = await options.llama.loadModel({ modelPath: options.path, gpuLayers: 0 });
      // A call tokenizes its prompt to check that it fits, and its chat the same text again to
      // evaluate it: the model's tokenizer (the one its chats read) remembers the last long texts.
      (model as { tokenizer: Tokenizer }).tokenizer = memoizedTokenizer(model.tokenizer);
      const context = await model.createContext({
        contextSize: Math.min(options.contextSize, check.trainedContextLength),
        sequences: options.sequences,
        batching: { dispatchSchedule: dispatchOnRealEventLoop },
      });
      const chatWrapper =
        options.chatWrapper === 'auto'
          ? resolveChatWrapper(model, { fallbackToOtherWrappersOnJinjaError: true })
          : options.chatWrapper;
      return new LoadedLlamaModel({
        check,
        model,
        context,
        chatWrapper,
        maxQueued: options.maxQueued,
        promptCache: options.promptCache,
      });
    } catch (error) {
      await model?.dispose().catch(() => {});
      throw new ProviderError({
        provider: options.provider,
        model: options.modelId,
        failure: modelFileFailure(
          'model_load_failed',
          `${options.path}: llama.cpp could not load it: ${error instanceof Error ? error.message : String(error)}`,
        ),
        cause: error,
      });
    }
  }

  /** How busy the model is. */
  get load(): LlamaModelLoad {
    return {
      sequences: this.#sequences,
      active: this.#sequences - this.#free.length,
      queued: this.#waiting.length,
      maxQueued: this.maxQueued,
    };
  }

  /**
   * A free sequence, at once or after the calls queued before this one.
   *
   * @param signal aborting it leaves the queue with the signal's reason.
   * @returns the slot; give it back with {@link release}.
   * @throws `'queue-full'` (a string) when `maxQueued` calls already wait; the signal's reason when aborted.
   */
  acquire(signal: AbortSignal | undefined): Promise<LlamaSlot> {
    signal?.throwIfAborted();
    const slot = this.#free.pop();
    if (slot !== undefined) return Promise.resolve(slot);
    if (this.#waiting.length >= this.maxQueued) return Promise.reject(queueFull);
    return new Promise<LlamaSlot>((resolve, reject) => {
      const onAbort = () => {
        const index = this.#waiting.indexOf(waiter);
        if (index >= 0) this.#waiting.splice(index, 1);
        reject(signal?.reason);
      };
      const waiter: Waiter = {
        resolve: (value) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(value);
        },
        reject,
      };
      this.#waiting.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Gives a sequence back: to the first queued call, else to the free list. */
  release(slot: LlamaSlot): void {
    if (this.#disposed) return;
    const next = this.#waiting.shift();
    if (next === undefined) this.#free.push(slot);
    else next.resolve(slot);
  }

  /** Frees the context and the model; queued calls fail. */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const waiter of this.#waiting.splice(0)) waiter.reject(new Error('the model was closed'));
    await this.context.dispose();
    await this.model.dispose();
  }
}

/** What {@link LoadedLlamaModel.acquire} rejects with when the queue is full. */
export const queueFull = 'queue-full';
