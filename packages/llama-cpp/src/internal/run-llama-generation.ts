import type { LanguageModelV4Content } from '@ai-sdk/provider';
import { callFailure, type ProviderCall } from '@switchyard/core/adapter';
import type { LlamaChatResponse, LlamaChatResponseChunk, LlamaGrammar, Token } from 'node-llama-cpp';
import type { LoadedLlamaModel } from '../loaded-llama-model.js';
import { cleanPrefixAfter, keepCleanPrefix } from './keep-clean-prefix.js';
import { llamaResponseContent } from './llama-response-content.js';
import type { LlamaTokenCounts } from './map-llama-usage.js';
import type { LlamaGeneration } from './prepare-llama-generation.js';

/** What a finished generation gave. */
export interface LlamaRun extends LlamaTokenCounts {
  /** node-llama-cpp's response (text, segments, function calls, stop reason). */
  readonly response: LlamaChatResponse;
  /** The AI SDK content of the answer. */
  readonly content: LanguageModelV4Content[];
}

/**
 * Runs one generation on a loaded model: borrows a sequence (queueing, or
 * failing as `bulkhead_full`, when all are busy; with prefix slots, the one
 * that keeps the most of its prompt), fails as `context_length`
 * before any work when the rendered prompt does not fit, builds the grammar
 * of the output mode, prepares the sequence when the prompt cache is off (it
 * keeps only what an empty sequence would have computed for this prompt: see
 * `keepCleanPrefix`; the usage counts those tokens as evaluated), generates
 * (never more tokens than the context has left, so no context shift drops
 * part of the prompt) and measures the tokens it used. The sequence is
 * returned whatever happens.
 *
 * @param options.loaded the model.
 * @param options.generation what to generate.
 * @param options.call the call, for errors.
 * @param options.signal aborts the wait for a sequence and the generation.
 * @param options.onChunk receives text and thought chunks as they are generated.
 * @returns what the generation gave.
 * @throws ProviderError (`context_length`), and whatever node-llama-cpp throws (classified by the caller).
 * @example
 * ```ts
 * const run = await runLlamaGeneration({ loaded, generation, call, signal });
 * ```
 */
export async function runLlamaGeneration(options: {
  loaded: LoadedLlamaModel;
  generation: LlamaGeneration;
  call: ProviderCall;
  signal?: AbortSignal | undefined;
  onChunk?: ((chunk: LlamaChatResponseChunk) => void) | undefined;
}): Promise<LlamaRun> {
  const { loaded, generation, call, signal, onChunk } = options;
  const withModelTurn =
    generation.history.at(-1)?.type === 'model'
      ? generation.history
      : [...generation.history, { type: 'model' as const, response: [] }];
  let prompt: Token[] | undefined;
  // The prompt as the chat renders it; with prefix slots, read when a sequence is chosen for the call.
  const promptTokens = (): Token[] => {
    prompt ??= loaded.chatWrapper
      .generateContextState({
        chatHistory: withModelTurn,
        ...(generation.functions === undefined ? {} : { availableFunctions: generation.functions }),
      })
      .contextText.tokenize(loaded.model.tokenizer);
    return prompt;
  };
  const slot = await loaded.acquire(signal, promptTokens);
  // Aborted, the call leaves its place among the running at once; the sequence follows when the
  // generation has stopped (the `finally` below).
  const abandon = () => loaded.abandon(slot);
  signal?.addEventListener('abort', abandon, { once: true });
  try {
    const { chat } = slot;
    const tokens = promptTokens();
    const inputTokens = tokens.length;
    const room = loaded.contextSize - inputTokens;
    if (room <= 0) {
      throw callFailure(call, {
        kind: 'context_length',
        message: `the prompt is ${inputTokens} tokens; the context holds ${loaded.contextSize} (contextSize)`,
      });
    }
    const grammar = await grammarFor(loaded, generation);
    // Without the prompt cache every call is evaluated as from an empty sequence: its answer and
    // usage depend on its own prompt only, never on the call that ran before on that sequence. What
    // the sequence holds of exactly that (whole batches from position 0) is kept, not re-evaluated.
    let kept = 0;
    if (!loaded.promptCache) {
      const clean = slot.clean;
      slot.clean = clean === undefined ? undefined : 0;
      kept = await keepCleanPrefix({ sequence: chat.sequence, clean: clean ?? 0, tokens });
    }
    const before = chat.sequence.tokenMeter.getState();
    const sampling = generation.options;
    const response = await chat.generateResponse(generation.history, {
      ...sampling,
      // Never more than fits: no context shift ever drops part of the prompt.
      maxTokens: Math.min(sampling.maxTokens ?? room, room),
      ...(grammar === undefined ? {} : { grammar }),
      ...(generation.functions === undefined ? {} : { functions: generation.functions }),
      ...(signal === undefined ? {} : { signal }),
      ...(onChunk === undefined ? {} : { onResponseChunk: onChunk }),
    } as Parameters<typeof chat.generateResponse>[1]);
    const after = chat.sequence.tokenMeter.getState();
    const evaluatedInput = after.usedInputTokens - before.usedInputTokens;
    if (!loaded.promptCache && slot.clean !== undefined) {
      slot.clean = cleanPrefixAfter({
        sequence: chat.sequence,
        tokens,
        kept,
        evaluatedInput,
        alone: loaded.oneCallAtATime,
      });
    }
    // node-llama-cpp's meter counts a token evaluated for its logits as output: the prompt's last
    // token (always evaluated, even when cached, for the first answer token) is metered as output,
    // and the answer's last token is never evaluated. So the meter's output is the answer's tokens,
    // and the prompt's evaluated tokens are its input plus that last one. The kept tokens count as
    // evaluated: the usage of an evaluation from an empty sequence.
    const outputTokens = after.usedOutputTokens - before.usedOutputTokens;
    const evaluated = Math.min(inputTokens, evaluatedInput + (outputTokens > 0 ? 1 : 0) + kept);
    return {
      response,
      content: llamaResponseContent(response, generation.mode),
      inputTokens,
      cachedInputTokens: inputTokens - evaluated,
      outputTokens,
    };
  } finally {
    signal?.removeEventListener('abort', abandon);
    loaded.release(slot);
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
