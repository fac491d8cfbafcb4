import type { Token } from 'node-llama-cpp';
import type { LlamaSlot } from '../loaded-llama-model.js';
import { keptCleanPrefix } from './keep-clean-prefix.js';

/**
 * Chooses, among free prefix slots, the one a call with prompt `tokens`
 * runs on: the one where it keeps the most of its prompt net of what it
 * erases (see `keptCleanPrefix`: the call keeps `kept` tokens of the slot's
 * `clean` prefix and erases the other `clean - kept`, which a later call
 * could have kept); on a tie, the one that erases the least (so a short
 * prompt takes a slot holding nothing, or a prefix it keeps whole, rather than
 * cut a longer prefix another prompt shares); then the least recently used.
 *
 * Keeping a prefix only saves work: every slot computes what an empty
 * sequence would, so the choice never changes an answer. A drill's prompts
 * share prefixes of many lengths; choosing by what is kept alone let every
 * short prompt cut the longest prefix held down to its own (export-control-day
 * at 20,000 requests over its five minutes, four slots: 485,000 prompt tokens
 * evaluated instead of 534,000).
 *
 * Why a slot of a context of several sequences computes what a context of one
 * does: node-llama-cpp 3.21.1 gives each sequence a KV stream of its own
 * (`kvUnified` false), its cells from 0, and with one call at a time a batch
 * never holds tokens of two sequences (the test compares the probabilities to
 * the bit).
 *
 * @param free the free slots (at least one).
 * @param tokens the call's prompt, as the chat evaluates it.
 * @returns the index in `free` of the chosen slot.
 * @example
 * ```ts
 * const [slot] = free.splice(choosePrefixSlot(free, tokens), 1);
 * ```
 */
export function choosePrefixSlot(free: readonly LlamaSlot[], tokens: readonly Token[]): number {
  let best = 0;
  let bestRank: readonly number[] | undefined;
  free.forEach((slot, index) => {
    const { sequence } = slot.chat;
    const clean = slot.clean ?? 0;
    const kept = keptCleanPrefix({ sequence, clean, tokens });
    const erased = Math.max(0, clean - kept);
    const rank = [kept - erased, -erased, -slot.used];
    if (bestRank === undefined || compareRanks(rank, bestRank) > 0) {
      best = index;
      bestRank = rank;
    }
  });
  return best;
}

/** Compares two ranks, first element first: positive when `a` ranks higher. */
function compareRanks(a: readonly number[], b: readonly number[]): number {
  for (let index = 0; index < a.length; index++) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
