import type { SharedV4Warning } from '@ai-sdk/provider';
import {
  type ChatWrapper,
  DisposedError,
  LlamaChat,
  type LlamaContext,
  type LlamaModel,
  type Token,
} from 'node-llama-cpp';
import type { GgufCheck } from './check-gguf-file.js';
import { choosePrefixSlot } from './internal/choose-prefix-slot.js';

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
  /** When a call last borrowed it (a count of borrows): the least recent is reused first. */
  used: number;
}

/** The prompt of a call, tokenized when a slot is chosen for it (only with prefix slots). */
export type SlotPrompt = () => readonly Token[];

interface Waiter {
  readonly prompt: SlotPrompt | undefined;
  resolve(slot: LlamaSlot): void;
  reject(error: unknown): void;
}

/**
 * A GGUF model loaded once (`loadLlamaModel`): the model, one context
 * of `sequences` sequences (or of `prefixSlots`), and the chat wrapper
 * resolved once (building one from a Jinja template costs most of a second;
 * it is never rebuilt per call). Calls borrow a sequence and give it back;
 * when `sequences` calls run they queue, up to `maxQueued`. With
 * `prefixSlots` (and one call at a time) a call borrows the free sequence
 * whose clean prefix it can keep the most of.
 */
export class LoadedLlamaModel {
  readonly check: GgufCheck;
  readonly model: LlamaModel;
  readonly context: LlamaContext;
  readonly chatWrapper: ChatWrapper;
  /** Warnings of every call on this model (its chat template could not be used). */
  readonly warnings: readonly SharedV4Warning[];
  /** Tokens per sequence. */
  readonly contextSize: number;
  readonly maxQueued: number;
  /** Whether a call may reuse what its sequence already evaluated (`false`: every prompt from scratch). */
  readonly promptCache: boolean;
  /** Sequences that keep earlier prompts for calls to choose from (1: none beyond the one a call borrows). */
  readonly prefixSlots: number;
  /** Whether calls run one at a time: no batch ever holds tokens of two calls. */
  readonly oneCallAtATime: boolean;
  readonly #free: LlamaSlot[];
  readonly #waiting: Waiter[] = [];
  /** Calls counted among the running that wait for the sequence of an abandoned call to come back. */
  readonly #claims: Waiter[] = [];
  /** Borrowed slots whose call was abandoned (aborted): no longer counted among the running. */
  readonly #abandoned = new Set<LlamaSlot>();
  readonly #sequences: number;
  /** Calls running or holding a place among them (a claim), not counting abandoned ones. */
  #active = 0;
  #borrows = 0;
  #disposed = false;

  /** Made by `loadLlamaModel`, once the model and its context are loaded. */
  constructor(options: {
    check: GgufCheck;
    model: LlamaModel;
    context: LlamaContext;
    chatWrapper: ChatWrapper;
    warnings: readonly SharedV4Warning[];
    maxQueued: number;
    promptCache: boolean;
    sequences: number;
    prefixSlots: number;
  }) {
    this.check = options.check;
    this.model = options.model;
    this.context = options.context;
    this.chatWrapper = options.chatWrapper;
    this.warnings = options.warnings;
    this.contextSize = options.context.contextSize;
    this.maxQueued = options.maxQueued;
    this.promptCache = options.promptCache;
    this.prefixSlots = options.prefixSlots;
    this.#sequences = options.sequences;
    this.oneCallAtATime = options.sequences === 1;
    this.#free = Array.from({ length: options.context.totalSequences }, (_, index) => ({
      chat: new LlamaChat({
        contextSequence: options.context.getSequence(),
        chatWrapper: options.chatWrapper,
      }),
      clean: 0,
      used: -1 - index,
    }));
  }

  /** How busy the model is. */
  get load(): LlamaModelLoad {
    return {
      sequences: this.#sequences,
      active: this.#active,
      queued: this.#waiting.length,
      maxQueued: this.maxQueued,
    };
  }

  /**
   * A free sequence, at once or after the calls queued before this one.
   *
   * @param signal aborting it leaves the queue with the signal's reason.
   * @param prompt with prefix slots: the call's prompt, read when a sequence is chosen for it (the
   *   free one whose clean prefix it can keep the most of; else one that keeps nothing, else the
   *   least recently used).
   * @returns the slot; give it back with {@link release}.
   * @throws `'queue-full'` (a string) when `maxQueued` calls already wait; the signal's reason when aborted.
   */
  acquire(signal: AbortSignal | undefined, prompt?: SlotPrompt): Promise<LlamaSlot> {
    signal?.throwIfAborted();
    // Calls wait in `#waiting` only while `#sequences` calls run: below that, a call runs, or (every
    // free slot still with an abandoned call that is stopping) claims the next slot to come back.
    // One call at a time (prefix slots): never beside an abandoned call that is still stopping.
    const claim = this.#active < this.#sequences;
    if (claim) {
      this.#active++;
      if (this.#free.length > 0 && !(this.oneCallAtATime && this.#abandoned.size > 0))
        return Promise.resolve(this.#take(prompt));
    } else if (this.#waiting.length >= this.maxQueued) return Promise.reject(queueFull);
    return new Promise<LlamaSlot>((resolve, reject) => {
      const onAbort = () => {
        const index = this.#waiting.indexOf(waiter);
        if (index >= 0) this.#waiting.splice(index, 1);
        const claimed = this.#claims.indexOf(waiter);
        if (claimed >= 0) {
          this.#claims.splice(claimed, 1);
          this.#active--;
          this.#promoteWaiter();
        }
        reject(signal?.reason);
      };
      const waiter: Waiter = {
        prompt,
        resolve: (value) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(value);
        },
        reject,
      };
      (claim ? this.#claims : this.#waiting).push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /**
   * The call on `slot` was aborted: its place among the running calls is free at once (the first
   * queued call takes it, or the next call does), and its sequence goes to that call when the
   * generation has stopped and the slot is given back ({@link release}).
   */
  abandon(slot: LlamaSlot): void {
    if (this.#disposed || this.#abandoned.has(slot)) return;
    this.#abandoned.add(slot);
    this.#active--;
    this.#promoteWaiter();
  }

  /** Gives a sequence back: to a call that claimed it, else the first queued call, else the free list. */
  release(slot: LlamaSlot): void {
    if (this.#disposed) return;
    const abandoned = this.#abandoned.delete(slot);
    this.#free.push(slot);
    const claim = this.#claims.shift();
    if (claim !== undefined) {
      claim.resolve(this.#take(claim.prompt));
      // The claim was counted among the running when it claimed: a call that ran (not abandoned, so
      // still counted) leaves, and its place goes to the next queued call.
      if (!abandoned) {
        this.#active--;
        this.#promoteWaiter();
      }
    }
    // An abandoned call left its place when aborted (a queued call took it as a claim).
    else if (!abandoned) {
      const next = this.#waiting.shift();
      if (next === undefined) this.#active--;
      else next.resolve(this.#take(next.prompt));
    }
  }

  /** A place among the running calls is free: the first queued call claims the next slot back. */
  #promoteWaiter(): void {
    if (this.#active >= this.#sequences) return;
    const next = this.#waiting.shift();
    if (next === undefined) return;
    this.#active++;
    this.#claims.push(next);
  }

  /** Takes a free slot: the last one given back, or with prefix slots the best for the prompt. */
  #take(prompt: SlotPrompt | undefined): LlamaSlot {
    let index = this.#free.length - 1;
    if (this.prefixSlots > 1 && prompt !== undefined) {
      try {
        index = choosePrefixSlot(this.#free, prompt());
      } catch {
        // A prompt that cannot be rendered fails in its own call (which renders it again), not here.
      }
    }
    const [slot] = this.#free.splice(index, 1) as [LlamaSlot];
    slot.used = this.#borrows++;
    return slot;
  }

  /** Frees the context and the model; queued calls fail. */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const waiter of [...this.#claims.splice(0), ...this.#waiting.splice(0)])
      waiter.reject(new DisposedError());
    await this.context.dispose();
    await this.model.dispose();
  }
}

/** What {@link LoadedLlamaModel.acquire} rejects with when the queue is full. */
export const queueFull = 'queue-full';

/** What a call of a model rejects with once its provider was closed (`provider.close()`). */
export const providerClosed = 'provider-closed';
