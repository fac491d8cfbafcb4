import type { LanguageModelV4 } from '@ai-sdk/provider';
import type { Target } from '@switchyard/core';
import { errorCodes, SwitchyardError } from '@switchyard/core';

/** Builds the model of one target, pointing at `baseURL` (a simulator, or the provider). */
export type ModelFactory = (options: {
  /** The target. */
  target: Target;
  /** Base URL of the provider or simulator; absent: the adapter's default (live). */
  baseURL?: string;
  /** API key; absent: the adapter's environment variable. */
  apiKey?: string;
  /** A fetch that carries the drill caller's jurisdiction header (simulated mode). */
  fetch?: typeof fetch;
}) => LanguageModelV4 | Promise<LanguageModelV4>;

type ProviderModule = Record<string, unknown>;
type ProviderFactory = (settings: Record<string, unknown>) => { languageModel(id: string): LanguageModelV4 };

const adapterPackages = {
  openai: { name: '@switchyard/openai', factory: 'createOpenAI' },
  anthropic: { name: '@switchyard/anthropic', factory: 'createAnthropic' },
  ollama: { name: '@switchyard/ollama', factory: 'createOllama' },
} as const;

/** The providers the simulated mode can stand up. */
export const simulatedProviders = Object.keys(adapterPackages) as (keyof typeof adapterPackages)[];

/**
 * The default model factory: the Switchyard adapter of the target's provider
 * (`@switchyard/openai`, `@switchyard/anthropic`, `@switchyard/ollama`), loaded on first use.
 *
 * @throws {SwitchyardError} `SWITCHYARD_TARGET_UNKNOWN` for a provider without a Switchyard adapter.
 */
export const adapterModelFactory: ModelFactory = async ({ target, baseURL, apiKey, fetch }) => {
  const adapter = adapterPackages[target.provider as keyof typeof adapterPackages];
  if (adapter === undefined) {
    throw new SwitchyardError({
      code: errorCodes.TARGET_UNKNOWN,
      message: `target "${target.id}": no Switchyard adapter for provider "${target.provider}" (use openai, anthropic or ollama, or pass models)`,
    });
  }
  const module = (await import(adapter.name)) as ProviderModule;
  const create = module[adapter.factory] as ProviderFactory | undefined;
  if (typeof create !== 'function') {
    throw new SwitchyardError({
      code: errorCodes.TARGET_UNKNOWN,
      message: `${adapter.name} does not export ${adapter.factory}`,
    });
  }
  // Every adapter takes the same settings (the adapter template): baseURL, apiKey, fetch.
  const settings: Record<string, unknown> = {};
  if (baseURL !== undefined) settings.baseURL = baseURL;
  if (fetch !== undefined) settings.fetch = fetch;
  if (apiKey !== undefined) settings.apiKey = apiKey;
  return create(settings).languageModel(target.model);
};
