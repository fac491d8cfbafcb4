import { isAbsolute, resolve } from 'node:path';
import { parseAdapterSettings } from '@switchyard/core/adapter';
import { LlamaCppChatLanguageModel } from './llama-cpp-chat-language-model.js';
import {
  type LlamaCppProviderSettings,
  llamaCppProviderSettingsSchema,
} from './llama-cpp-provider-settings.js';
import { loadLlama } from './load-llama.js';
import { loadLlamaModel } from './load-llama-model.js';
import { type LoadedLlamaModel, providerClosed } from './loaded-llama-model.js';

/** What {@link createLlamaCpp} returns: call it (or `.languageModel`) with the path of a `.gguf` file. */
export interface LlamaCppProvider {
  (modelPath: string): LlamaCppChatLanguageModel;
  /** The model of the GGUF file at `modelPath` (relative to `baseDir`), loaded on first use and shared. */
  languageModel(modelPath: string): LlamaCppChatLanguageModel;
  /**
   * Frees every model this provider loaded; calls still running or queued fail, and so does every
   * later call (`disposed`): a closed provider never loads a model again (nothing would free it).
   */
  close(): Promise<void>;
}

/**
 * Creates a provider of **local open weights run in this process** by
 * llama.cpp (node-llama-cpp 3.21.1): no server to install, start or keep
 * alive, so the last resort of a route works when nothing else does. Its
 * models are AI SDK `LanguageModelV4`s over GGUF files, on the CPU.
 *
 * Each model file is checked in JS before llama.cpp may touch it (see
 * `checkGgufFile`), then loaded once and shared by every call of this
 * provider; each call borrows one of its `sequences` (batched together) and
 * queues beyond them, up to `maxQueued`. The llama.cpp binding is the prebuilt
 * CPU binary of the installed `@node-llama-cpp/<platform>` package: nothing is
 * ever built from source or downloaded.
 *
 * Defaults: `sequences` 4, `maxQueued` 64, `contextSize` 4096 tokens per
 * sequence, `maxThreads` 1, `maxMemoryBytes` the available memory,
 * `promptCache` true, `prefixSlots` 1, `baseDir` the working directory.
 *
 * @param settings see {@link LlamaCppProviderSettings}.
 * @returns the provider.
 * @throws TypeError naming a setting that is unknown (with the closest valid name) or out of range, or an empty model path.
 * @example
 * ```ts
 * import { generateText } from 'ai';
 * const llamaCpp = createLlamaCpp();
 * const model = llamaCpp('./models/llama-3.2-1b-instruct-q4_k_m.gguf');
 * const { text } = await generateText({ model, prompt: 'Hello' });
 * await llamaCpp.close();
 * ```
 */
export function createLlamaCpp(settings: LlamaCppProviderSettings = {}): LlamaCppProvider {
  const parsed = parseAdapterSettings({
    factory: 'createLlamaCpp',
    schema: llamaCppProviderSettingsSchema,
    settings,
  });
  const sequences = parsed.sequences ?? 4;
  const maxQueued = parsed.maxQueued ?? 64;
  const contextSize = parsed.contextSize ?? 4096;
  const maxThreads = parsed.maxThreads ?? 1;
  const name = parsed.name ?? 'llama-cpp';
  const baseDir = parsed.baseDir ?? process.cwd();
  const loading = new Map<string, Promise<LoadedLlamaModel>>();
  const loaded = new Map<string, LoadedLlamaModel>();
  let closed = false;

  const load = (path: string, modelId: string): Promise<LoadedLlamaModel> => {
    if (closed) return Promise.reject(providerClosed);
    let promise = loading.get(path);
    if (promise === undefined) {
      promise = loadLlama({ maxThreads }).then((llama) =>
        loadLlamaModel({
          path,
          modelId,
          provider: name,
          llama,
          sequences,
          maxQueued,
          contextSize,
          chatWrapper: parsed.chatWrapper ?? 'auto',
          promptCache: parsed.promptCache ?? true,
          prefixSlots: parsed.prefixSlots ?? 1,
          ...(parsed.maxMemoryBytes === undefined ? {} : { maxMemoryBytes: parsed.maxMemoryBytes }),
        }),
      );
      loading.set(path, promise);
      promise.then(
        (model) => loaded.set(path, model),
        // Not cached: a fixed or restored file loads on the next call.
        () => loading.delete(path),
      );
    }
    return promise;
  };

  const languageModel = (modelPath: string) => {
    if (typeof modelPath !== 'string' || modelPath.trim() === '')
      throw new TypeError(
        `createLlamaCpp: the model must be the path of a .gguf file; got ${JSON.stringify(modelPath)}.`,
      );
    const path = isAbsolute(modelPath) ? modelPath : resolve(baseDir, modelPath);
    return new LlamaCppChatLanguageModel({
      modelId: modelPath,
      provider: name,
      capacity: sequences + maxQueued,
      loaded: () => load(path, modelPath),
      current: () => loaded.get(path),
    });
  };
  const provider = (modelPath: string) => languageModel(modelPath);
  provider.languageModel = languageModel;
  provider.close = async () => {
    closed = true;
    const models = [...loading.values()];
    loading.clear();
    loaded.clear();
    await Promise.allSettled(models.map(async (model) => (await model).dispose()));
  };
  return provider as LlamaCppProvider;
}
