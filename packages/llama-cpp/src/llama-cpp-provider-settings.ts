import type { ChatWrapper } from 'node-llama-cpp';
import { z } from 'zod';

/**
 * Settings of {@link createLlamaCpp}, checked by
 * `llamaCppProviderSettingsSchema` (an unknown or misspelt setting throws a
 * `TypeError` naming the closest one). Every field is optional. There is no
 * `baseURL`, `apiKey`, `headers`, `fetch` or `maxResponseBytes`: nothing goes
 * over the network.
 */
export interface LlamaCppProviderSettings {
  /**
   * Folder that relative model paths resolve against. Default: the current
   * working directory. Configs resolve them against the config file's folder
   * (`switchyard drill`, `validate` pass it).
   */
  readonly baseDir?: string;
  /**
   * Concurrent generations per model: each gets its own sequence of one shared
   * context (batched together by llama.cpp). More calls wait in a queue.
   * Default `4`.
   */
  readonly sequences?: number;
  /**
   * Calls that may wait for a free sequence; one more fails at once as
   * `transient` `bulkhead_full`, like the router's own bulkhead, so the router
   * moves on instead of piling up work. Default `64`.
   */
  readonly maxQueued?: number;
  /**
   * Context size of each sequence, in tokens: the longest prompt plus answer.
   * Default `4096`, never more than the context the model was trained on. A
   * prompt that does not fit fails as `context_length` before any work.
   */
  readonly contextSize?: number;
  /**
   * Whether a call may reuse the start of its sequence's cache: the tokens the
   * previous call on that sequence evaluated and the new prompt shares (a
   * chat's history, a long system prompt), counted as
   * `usage.inputTokens.cacheRead`. `false`: every call evaluates its prompt
   * from an empty sequence, so its answer and usage depend on its own prompt
   * only, never on which call ran before (drills use it, with `sequences: 1`,
   * for records that are the same on every run). Default `true`.
   */
  readonly promptCache?: boolean;
  /**
   * With `promptCache: false` and `sequences: 1`: how many sequences keep the
   * prompts of earlier calls. Calls still run one at a time (and queue as with
   * one sequence); each runs on the sequence whose last prompt shares the most
   * whole 512-token batches with its own, keeps those batches (an empty
   * sequence computes them the same to the bit) and evaluates the rest, so
   * answers and usage are still those of an evaluation from an empty
   * sequence. Each slot holds a context of `contextSize` tokens (memory, as
   * `sequences` would). Default `1`; more fails unless `sequences` is 1 and
   * `promptCache` is `false`.
   */
  readonly prefixSlots?: number;
  /**
   * Threads llama.cpp may use for the whole process. Default `1`: on a CPU,
   * more threads spin-wait between tokens (≈250 ms/token measured against
   * ≈0.4 ms/token with one, on 2 cores) and starve the event loop. Raise it for
   * a large model on a machine with idle cores.
   */
  readonly maxThreads?: number;
  /**
   * Memory the model may use, in bytes: its weights plus the context of all
   * sequences, as estimated from the GGUF file before loading. A larger model
   * fails as a cut-off (`model_too_large`) instead of being loaded. Default:
   * the memory the OS reports as available when the model is loaded.
   */
  readonly maxMemoryBytes?: number;
  /**
   * The chat template: `auto` (default) resolves it once per model from the
   * GGUF metadata (`tokenizer.chat_template`, the architecture), or pass a
   * node-llama-cpp `ChatWrapper`.
   */
  readonly chatWrapper?: 'auto' | ChatWrapper;
  /** Provider name reported in `model.provider` and errors. Default `llama-cpp`. */
  readonly name?: string;
}

/** The schema of {@link LlamaCppProviderSettings}: strict, so a misspelt setting fails. */
export const llamaCppProviderSettingsSchema = z
  .strictObject({
    /** Folder relative model paths resolve against. */
    baseDir: z.string().min(1).optional(),
    /** Concurrent generations per model (sequences of one context). */
    sequences: z.number().int().positive().optional(),
    /** Calls that may wait for a free sequence. */
    maxQueued: z.number().int().nonnegative().optional(),
    /** Tokens per sequence. */
    contextSize: z.number().int().positive().optional(),
    /** Whether a call may reuse its sequence's cache. */
    promptCache: z.boolean().optional(),
    /** Threads llama.cpp may use. */
    maxThreads: z.number().int().positive().optional(),
    /** Memory the model may use, bytes. */
    maxMemoryBytes: z.number().int().positive().optional(),
    /** `auto` or a node-llama-cpp `ChatWrapper`. */
    chatWrapper: z
      .union([
        z.literal('auto'),
        z.custom<ChatWrapper>(
          (value) => typeof value === 'object' && value !== null,
          'expected "auto" or a node-llama-cpp ChatWrapper',
        ),
      ])
      .optional(),
    /** Provider name. */
    name: z.string().min(1).optional(),
    /** Sequences keeping earlier prompts (one call at a time; needs `sequences: 1`, `promptCache: false`). */
    prefixSlots: z.number().int().positive().optional(),
  })
  .superRefine((settings, context) => {
    if ((settings.prefixSlots ?? 1) === 1) return;
    const sequences = settings.sequences ?? 4;
    const promptCache = settings.promptCache ?? true;
    if (sequences === 1 && !promptCache) return;
    context.addIssue({
      code: 'custom',
      path: ['prefixSlots'],
      message: `prefix slots are kept only for calls run one at a time without the prompt cache: set sequences: 1 (got ${sequences}) and promptCache: false (got ${promptCache}), or prefixSlots: 1`,
    });
  });
