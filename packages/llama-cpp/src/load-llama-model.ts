import { ProviderError } from '@switchyard/core/failure';
import {
  type ChatWrapper,
  type Llama,
  type LlamaModel,
  resolveChatWrapper,
  type Tokenizer,
} from 'node-llama-cpp';
import { checkGgufFile } from './check-gguf-file.js';
import { llamaErrorsSince, llamaLogMark } from './internal/llama-error-log.js';
import { memoizedTokenizer } from './internal/memoized-tokenizer.js';
import { resolveLlamaChatWrapper } from './internal/resolve-llama-chat-wrapper.js';
import { LoadedLlamaModel } from './loaded-llama-model.js';
import { modelFileFailure } from './model-file-failure.js';

// llama.cpp's work is real: node-llama-cpp dispatches each batch of tokens from a `setImmediate`,
// which a fake clock (a test's `vi.useFakeTimers()`, a drill on virtual time) replaces and would
// never fire while it waits for that very work. Batches go through the real one, taken at import.
const realSetImmediate = globalThis.setImmediate;
const dispatchOnRealEventLoop = (dispatch: () => void): void => {
  realSetImmediate(dispatch);
};
// With prefix slots one call runs at a time: waiting a turn for other sequences' tokens gathers
// nothing, so a batch goes at once, as node-llama-cpp sends it in a context of one sequence.
const dispatchAtOnce = (dispatch: () => void): void => {
  dispatch();
};

/**
 * Loads a GGUF model for calls: checks the file ({@link checkGgufFile}), then
 * loads the model (on the CPU, its tokenizer memoized), creates the context
 * (its batches dispatched on the real event loop) and resolves the chat
 * wrapper, once.
 *
 * @param options.sequences calls that run at once.
 * @param options.prefixSlots with more than 1 (only with `sequences: 1` and `promptCache: false`):
 *   the context has this many sequences, each keeping the clean prefix of the last prompt it ran.
 * @throws ProviderError: the check's cut-offs, or `model_load_failed` when llama.cpp refuses the file.
 * @returns the {@link LoadedLlamaModel}, whose sequences calls borrow.
 * @throws TypeError for `prefixSlots` above 1 with more than one sequence or the prompt cache on.
 */
export async function loadLlamaModel(options: {
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
  prefixSlots?: number;
}): Promise<LoadedLlamaModel> {
  const prefixSlots = options.prefixSlots ?? 1;
  if (prefixSlots > 1 && (options.sequences !== 1 || options.promptCache))
    throw new TypeError(
      `prefixSlots: ${prefixSlots} needs sequences: 1 and promptCache: false; got sequences: ${options.sequences}, promptCache: ${options.promptCache}`,
    );
  const contextSequences = Math.max(options.sequences, prefixSlots);
  const check = await checkGgufFile({
    path: options.path,
    llama: options.llama,
    contextSize: options.contextSize,
    sequences: contextSequences,
    provider: options.provider,
    modelId: options.modelId,
    ...(options.maxMemoryBytes === undefined ? {} : { maxMemoryBytes: options.maxMemoryBytes }),
  });
  let model: LlamaModel | undefined;
  const mark = llamaLogMark();
  try {
    model = await options.llama.loadModel({ modelPath: options.path, gpuLayers: 0 });
    // A call tokenizes its prompt to check that it fits, and its chat the same text again to
    // evaluate it, and a later call with the same messages again: the model's tokenizer (the one its chats
    // read) remembers the texts it tokenized (long ones up to 4 MiB of tokens).
    (model as { tokenizer: Tokenizer }).tokenizer = memoizedTokenizer(model.tokenizer);
    // node-llama-cpp 3.21.1 leaves llama.cpp's `kv_unified` off and asks for `contextSize` cells per
    // sequence: each sequence (prefix slot) is a KV stream of its own, and a batch's attention reads
    // only its own sequence's cells (up to the last used one, padded to 256), however full the others.
    const context = await model.createContext({
      contextSize: Math.min(options.contextSize, check.trainedContextLength),
      sequences: contextSequences,
      batching: { dispatchSchedule: prefixSlots > 1 ? dispatchAtOnce : dispatchOnRealEventLoop },
    });
    const loadedModel = model;
    const resolved =
      options.chatWrapper === 'auto'
        ? resolveLlamaChatWrapper((resolution) => resolveChatWrapper(loadedModel, resolution), options.path)
        : { chatWrapper: options.chatWrapper };
    return new LoadedLlamaModel({
      check,
      model,
      context,
      chatWrapper: resolved.chatWrapper,
      warnings: resolved.warning === undefined ? [] : [resolved.warning],
      maxQueued: options.maxQueued,
      promptCache: options.promptCache,
      sequences: options.sequences,
      prefixSlots,
    });
  } catch (error) {
    await model?.dispose().catch(() => {});
    throw new ProviderError({
      provider: options.provider,
      model: options.modelId,
      failure: modelFileFailure(
        'model_load_failed',
        `${options.path}: llama.cpp could not load it: ${error instanceof Error ? error.message : String(error)}${because(llamaErrorsSince(mark))}`,
      ),
      cause: error,
    });
  }
}

/** llama.cpp's logged reason, as the end of a message. */
function because(logged: string): string {
  return logged === '' ? '' : ` (llama.cpp: ${logged.length > 600 ? `${logged.slice(0, 600)}…` : logged})`;
}
