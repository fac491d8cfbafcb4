import type { LanguageModelV4 } from '@ai-sdk/provider';
import type { Target } from '@switchyard/core';
import { errorCodes, SwitchyardError } from '@switchyard/core';
import { inProcessProviders } from '../scenario/drill-providers.js';
import { inProcessPrefixSlots } from './in-process-prefix-slots.js';

/** Builds the model of one target, pointing at `baseURL` (a simulator, or the provider). */
export type ModelFactory = (options: {
  /** The target. */
  target: Target;
  /** Base URL of the provider or simulator; absent: the adapter's default (live). */
  baseURL?: string;
  /** API key; absent: the adapter's environment variable. */
  apiKey?: string;
  /** The simulator's in-process fetch (simulated mode); the caller header comes with each call's headers. */
  fetch?: typeof fetch;
  /** Folder that relative model paths (of in-process targets) resolve against: the scenario or config file's. */
  baseDir?: string;
}) => LanguageModelV4 | Promise<LanguageModelV4>;

type ProviderModule = Record<string, unknown>;
type ProviderFactory = (settings: Record<string, unknown>) => { languageModel(id: string): LanguageModelV4 };

// Each adapter is imported by a literal specifier: a bundler (the CLI's bundle) sees every one.
const adapterPackages = {
  openai: { name: '@switchyard/openai', factory: 'createOpenAI', load: () => import('@switchyard/openai') },
  anthropic: {
    name: '@switchyard/anthropic',
    factory: 'createAnthropic',
    load: () => import('@switchyard/anthropic'),
  },
  ollama: { name: '@switchyard/ollama', factory: 'createOllama', load: () => import('@switchyard/ollama') },
  'llama-cpp': {
    name: '@switchyard/llama-cpp',
    factory: 'createLlamaCpp',
    load: () => import('@switchyard/llama-cpp'),
  },
} as const;

export { inProcessProviders, simulatedProviders } from '../scenario/drill-providers.js';

const inProcess = new Map<string, ReturnType<ProviderFactory>>();
const importedAdapters = new Set<string>();

/**
 * Imports the Switchyard adapter package of a provider (the same module every time).
 *
 * @param provider the target's provider.
 * @returns the package's module; `undefined` for a provider without an adapter.
 */
export function importAdapter(provider: string): Promise<ProviderModule> | undefined {
  const adapter = adapterPackages[provider as keyof typeof adapterPackages];
  if (adapter === undefined) return undefined;
  return (adapter.load() as Promise<ProviderModule>).then((module) => {
    importedAdapters.add(provider);
    return module;
  });
}

/**
 * Whether this process has already imported the adapter of `provider`
 * ({@link importAdapter}): its engine was started before, by an earlier
 * drill or by {@link preloadInProcessModels}.
 */
export function adapterImported(provider: string): boolean {
  return importedAdapters.has(provider);
}

/**
 * The default model factory: the Switchyard adapter of the target's provider
 * (`@switchyard/openai`, `@switchyard/anthropic`, `@switchyard/ollama`,
 * `@switchyard/llama-cpp`), loaded on first use. A `llama-cpp` target's
 * `model` is the path of a `.gguf` file, relative to `baseDir`; its model
 * starts loading here, and {@link modelLoaded} waits for it (a bad file is
 * not an error here: every call to it then fails as the cut-off the drill
 * should show). It runs one call at a time (`sequences: 1`; later calls queue in order) and
 * answers every prompt as from an empty sequence (`promptCache: false`), so its
 * answers and token counts never depend on timing or on the calls before. A
 * small model file (the generated tiny models) gets eight sequences that keep
 * the whole batches earlier prompts share with later ones (`prefixSlots`,
 * {@link inProcessPrefixSlots}), which an empty sequence computes the same to
 * the bit; a real model keeps one, so its memory needs do not grow.
 *
 * @throws {SwitchyardError} `SWITCHYARD_TARGET_UNKNOWN` for a provider without a Switchyard adapter.
 */
export const adapterModelFactory: ModelFactory = async ({ target, baseURL, apiKey, fetch, baseDir }) => {
  const adapter = adapterPackages[target.provider as keyof typeof adapterPackages];
  if (adapter === undefined) {
    throw new SwitchyardError({
      code: errorCodes.TARGET_UNKNOWN,
      message: `target "${target.id}": no Switchyard adapter for provider "${target.provider}" (use openai, anthropic, ollama or llama-cpp, or pass models)`,
    });
  }
  const module = (await importAdapter(target.provider)) as ProviderModule;
  const create = module[adapter.factory] as ProviderFactory | undefined;
  if (typeof create !== 'function') {
    throw new SwitchyardError({
      code: errorCodes.TARGET_UNKNOWN,
      message: `${adapter.name} does not export ${adapter.factory}`,
    });
  }
  if (inProcessProviders.includes(target.provider)) {
    // Each sequence holds the target's context window, so the router's context routing matches the model.
    // One provider per folder, window and slots, per process: a model file is loaded once, however many drills run.
    const prefixSlots = await inProcessPrefixSlots({
      model: target.model,
      ...(baseDir === undefined ? {} : { baseDir }),
    });
    const key = `${target.provider}\u0000${baseDir ?? ''}\u0000${target.contextWindow}\u0000${prefixSlots}`;
    let provider = inProcess.get(key);
    if (provider === undefined) {
      provider = create({
        contextSize: target.contextWindow,
        sequences: 1,
        promptCache: false,
        prefixSlots,
        ...(baseDir === undefined ? {} : { baseDir }),
      });
      inProcess.set(key, provider);
    }
    const model = provider.languageModel(target.model) as LanguageModelV4;
    // Loading starts now, beside whatever runs next: the engine checks its binary in a child process.
    modelLoaded(model);
    return model;
  }
  // Every adapter takes the same settings (the adapter template): baseURL, apiKey, fetch.
  const settings: Record<string, unknown> = {};
  if (baseURL !== undefined) settings.baseURL = baseURL;
  if (fetch !== undefined) settings.fetch = fetch;
  if (apiKey !== undefined) settings.apiKey = apiKey;
  return create(settings).languageModel(target.model);
};

/**
 * Waits until an in-process model built by {@link adapterModelFactory} has
 * loaded, or failed to (its calls then fail as the cut-off the drill should
 * show); at once for a model that loads nothing. Starts the load if it has
 * not started. Never rejects.
 *
 * @param model the model.
 * @returns resolves when the model is ready to answer, or will fail every call.
 * @example
 * ```ts
 * const model = await adapterModelFactory({ target });
 * await modelLoaded(model); // before a clock that counts real time starts
 * ```
 */
export function modelLoaded(model: LanguageModelV4): Promise<void> {
  const warm = (model as { warm?: () => Promise<void> }).warm;
  if (typeof warm !== 'function') return Promise.resolve();
  return warm.call(model).catch(() => {});
}
