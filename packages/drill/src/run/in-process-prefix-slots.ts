import { stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';

/**
 * Model files smaller than this (the generated tiny models, a few hundred KB)
 * get {@link smallModelPrefixSlots} prefix slots: each slot is a context of
 * the target's window, which for such a model costs next to nothing (under a
 * megabyte at 2,560 tokens). A real model's context costs hundreds of MB, so
 * it keeps one, as before: four would need four times its KV cache and could
 * make a model that fits today a `model_too_large` cut-off.
 */
export const prefixSlotsBelowFileBytes = 64 * 1_048_576;

/**
 * Prefix slots of a small in-process model. export-control-day's local prompts share prefixes of
 * one to three whole batches, in two families (with and without tools): with eight slots a short
 * prompt seldom has to cut a longer prefix a later prompt could keep (20,000 requests over its five
 * minutes: 424,000 prompt tokens evaluated instead of 485,000 with four; 1,408 calls). Each slot of
 * the tiny model holds a KV cache of about 330 KB at 2,560 tokens.
 */
export const smallModelPrefixSlots = 8;

/**
 * The prefix slots (`prefixSlots` of `@switchyard/llama-cpp`) the drill gives
 * an in-process model file: {@link smallModelPrefixSlots} for a file under
 * {@link prefixSlotsBelowFileBytes}, else 1. Slots change only speed and
 * memory, never an answer (each is computed as from an empty sequence), so
 * the records are the same either way. A file that cannot be read gets 1: its
 * load then fails with the precise cut-off the drill shows.
 *
 * @param options.model the target's `model`: a `.gguf` path, relative to `baseDir`.
 * @param options.baseDir folder relative paths resolve against (default the working directory).
 * @returns how many prefix slots to keep.
 * @example
 * ```ts
 * await inProcessPrefixSlots({ model: 'models/tiny.gguf', baseDir: '/repo/examples/drills' }); // 4
 * ```
 */
export async function inProcessPrefixSlots(options: { model: string; baseDir?: string }): Promise<number> {
  const path = isAbsolute(options.model)
    ? options.model
    : resolve(options.baseDir ?? process.cwd(), options.model);
  try {
    const { size } = await stat(path);
    return size < prefixSlotsBelowFileBytes ? smallModelPrefixSlots : 1;
  } catch {
    return 1;
  }
}
