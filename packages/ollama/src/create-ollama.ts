import type { Ollama } from 'ollama';
import { OllamaChatLanguageModel, type OllamaClientConfig } from './ollama-chat-language-model.js';
import type { OllamaProviderSettings } from './ollama-provider-settings.js';

/** What {@link createOllama} returns: call it (or `.languageModel`) with a model id. */
export interface OllamaProvider {
  (modelId: string): OllamaChatLanguageModel;
  /** An `/api/chat` model for `modelId`, e.g. `llama3.2`. */
  languageModel(modelId: string): OllamaChatLanguageModel;
  /** The host every model of this provider calls. */
  readonly host: string;
}

const defaultHost = 'http://127.0.0.1:11434';

function normaliseHost(host: string): string {
  const withScheme = /^https?:\/\//.test(host) ? host : `http://${host}`;
  return withScheme.replace(/\/+$/, '');
}

/**
 * Creates an Ollama provider (local open weights) over the official `ollama`
 * client. Its models are AI SDK `LanguageModelV4`s (`/api/chat`) whose
 * failures are core `ProviderError`s classified by `classifyOllamaError`.
 * The `ollama` client never retries, so there is nothing to turn off.
 *
 * Defaults: `host` from `OLLAMA_HOST`, else `http://127.0.0.1:11434`.
 *
 * @param settings see {@link OllamaProviderSettings}; `settings.client` reuses a client you built.
 * @returns the provider.
 * @example
 * ```ts
 * import { generateText } from 'ai';
 * const ollama = createOllama({ host: 'http://127.0.0.1:11434' });
 * const { text } = await generateText({ model: ollama('llama3.2'), prompt: 'Hello' });
 * ```
 */
export function createOllama(settings: OllamaProviderSettings = {}): OllamaProvider {
  const config =
    settings.client === undefined ? fromSettings(settings) : fromClient(settings.client, settings);
  const name = settings.name ?? 'ollama';
  const languageModel = (modelId: string) => new OllamaChatLanguageModel({ modelId, config, provider: name });
  const provider = (modelId: string) => languageModel(modelId);
  provider.languageModel = languageModel;
  Object.defineProperty(provider, 'host', { value: config.host, enumerable: true });
  return provider as OllamaProvider;
}

function fromSettings(settings: OllamaProviderSettings): OllamaClientConfig {
  return {
    host: normaliseHost(settings.host ?? process.env.OLLAMA_HOST ?? defaultHost),
    headers: settings.headers,
    fetch: settings.fetch ?? ((input, init) => fetch(input, init)),
  };
}

function fromClient(client: Ollama, settings: OllamaProviderSettings): OllamaClientConfig {
  // ollama 0.6.x keeps these on the instance (`config` protected, `fetch` private in its types).
  const internals = client as unknown as {
    config: { host: string; headers?: Record<string, string> };
    fetch: typeof fetch;
  };
  return {
    host: internals.config.host,
    headers: settings.headers ?? internals.config.headers,
    fetch: internals.fetch,
  };
}
