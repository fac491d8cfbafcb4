import type { Token } from 'node-llama-cpp';

/** The part of a context sequence {@link keepCleanPrefix} reads and trims (a `LlamaContextSequence`). */
export interface PrefixSequence {
  /** Tokens in the sequence's KV cache, from position 0. */
  readonly contextTokens: readonly Token[];
  /** Position of the next token. */
  readonly nextTokenIndex: number;
  /** Whether the model keeps state a range cannot be erased from (recurrent, hybrid, sliding window). */
  readonly needsCheckpoints: boolean;
  readonly context: { readonly batchSize: number };
  clearHistory(): Promise<void>;
  eraseContextTokenRanges(ranges: { start: number; end: number }[]): Promise<void>;
}

/**
 * Prepares a sequence for a prompt that must be evaluated as from an empty
 * sequence (the prompt cache off), keeping what is already exactly that.
 *
 * An empty sequence evaluates a prompt in whole batches from position 0;
 * each batch is a function of its tokens and of the KV cells before it. So
 * the first `clean` tokens the sequence holds (whole batches that a call
 * evaluated that way: see {@link cleanPrefixAfter}) are, down to the bit,
 * what an empty sequence would compute for the same tokens. This keeps the
 * longest whole-batch prefix of them that `tokens` starts with (never the
 * last prompt token: the chat evaluates the rest, which starts on a batch
 * boundary as it would from empty) and erases everything after it; with
 * nothing to keep, or for a model whose state cannot be cut at a position,
 * it clears the sequence.
 *
 * Only whole batches: a prompt's last, partial batch computed in another
 * call's batch (cut elsewhere) is not the same to the bit. With the tiny
 * drill model, keeping part of such a batch and evaluating the rest changed
 * the first answer token's probabilities in 31 of 96 cases (19 of 24 with a
 * rest under 64 tokens, 12 of 72 with more), as llama.cpp picks its kernels
 * by batch size.
 *
 * @param options.sequence the sequence the call runs on.
 * @param options.clean tokens at its start that are clean (a multiple of its batch size; 0: none).
 * @param options.tokens the call's whole prompt, as the chat evaluates it.
 * @returns how many tokens were kept (0 when cleared).
 * @example
 * ```ts
 * const kept = await keepCleanPrefix({ sequence: chat.sequence, clean, tokens });
 * ```
 */
export async function keepCleanPrefix(options: {
  sequence: PrefixSequence;
  clean: number;
  tokens: readonly Token[];
}): Promise<number> {
  const { sequence } = options;
  const keep = keptCleanPrefix(options);
  if (keep === 0) await sequence.clearHistory();
  else if (keep < sequence.nextTokenIndex)
    await sequence.eraseContextTokenRanges([{ start: keep, end: sequence.nextTokenIndex }]);
  return keep;
}

/**
 * How many tokens {@link keepCleanPrefix} would keep of a sequence for a
 * prompt, without touching it: the longest whole-batch prefix of its clean
 * tokens that the prompt starts with, never its last token (0 for a model
 * whose state cannot be cut at a position).
 *
 * @param options.sequence the sequence.
 * @param options.clean tokens at its start that are clean (a multiple of its batch size; 0: none).
 * @param options.tokens the prompt.
 * @returns the tokens it would keep (a multiple of the batch size).
 * @example
 * ```ts
 * const best = Math.max(...slots.map((slot) => keptCleanPrefix({ sequence: slot.chat.sequence, clean: slot.clean ?? 0, tokens })));
 * ```
 */
export function keptCleanPrefix(options: {
  sequence: PrefixSequence;
  clean: number;
  tokens: readonly Token[];
}): number {
  const { sequence, clean, tokens } = options;
  const held = sequence.contextTokens;
  const limit = sequence.needsCheckpoints
    ? 0
    : Math.min(clean, held.length, sequence.nextTokenIndex, tokens.length - 1);
  let shared = 0;
  while (shared < limit && held[shared] === tokens[shared]) shared++;
  return shared - (shared % sequence.context.batchSize);
}

/**
 * The clean prefix a sequence holds after a call that started from
 * {@link keepCleanPrefix}: the whole batches of its prompt, when the chat
 * evaluated exactly that prompt after the kept tokens in one pass (its
 * tokens start the sequence, and it evaluated `tokens.length - kept - 1`
 * tokens without logits: the prompt but its last token) and the call ran
 * alone in its context (no other call ran at the same time: with several, a
 * batch holds tokens of several sequences, cut where their timing falls);
 * else 0.
 *
 * @param options.sequence the sequence after the call.
 * @param options.tokens the call's prompt.
 * @param options.kept what {@link keepCleanPrefix} kept.
 * @param options.evaluatedInput tokens the chat evaluated without logits during the call (its token meter's input).
 * @param options.alone whether the model runs one call at a time (so no batch of this call held another's tokens).
 * @returns the clean tokens at the start of the sequence (a multiple of its batch size), or
 *   `undefined` when the sequence does not start with `tokens`: the chat rendered the prompt
 *   otherwise than the caller, so no later call may keep a prefix on this sequence.
 * @example
 * ```ts
 * clean = cleanPrefixAfter({ sequence: chat.sequence, tokens, kept, evaluatedInput, alone: true });
 * ```
 */
export function cleanPrefixAfter(options: {
  sequence: PrefixSequence;
  tokens: readonly Token[];
  kept: number;
  evaluatedInput: number;
  alone: boolean;
}): number | undefined {
  const { sequence, tokens, kept, evaluatedInput, alone } = options;
  const held = sequence.contextTokens;
  if (held.length < tokens.length) return undefined;
  for (let index = 0; index < tokens.length; index++) if (held[index] !== tokens[index]) return undefined;
  if (sequence.needsCheckpoints || !alone || evaluatedInput !== tokens.length - kept - 1) return 0;
  const batch = sequence.context.batchSize;
  return tokens.length - (tokens.length % batch);
}
