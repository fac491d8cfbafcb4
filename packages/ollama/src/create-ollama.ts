import { Ollama } from 'ollama';
import { OllamaChatLanguageModel, type OllamaClientConfig } from './ollama-chat-language-model.js';
import type { OllamaProviderSettings } from './ollama-provider-settings.js';

/** What {@link createOllama} returns: call it (or `.languageModel`) with a model id. */
export interface OllamaProvider {
  (modelId: string): OllamaChatLanguageModel;
  /** An `/api/chat` model for `modelId`, e.g. `llama3.2`. */
  languageModel(modelId: string): OllamaChatLanguageModel;
  /** The server URL every model of this provider calls, as the `ollama` client formats it. */
  readonly host: string;
}

/** The `ollama` client's own default. */
const defaultHost = 'http://127.0.0.1:11434';

/**
 * Creates an Ollama provider (local open weights) over the official `ollama`
 * client. Its models are AI SDK `LanguageModelV4`s (`/api/chat`) whose
 * failures are core `ProviderError`s classified by `classifyOllamaError`.
 * The `ollama` client never retries, so there is nothing to turn off: the
 * router owns retries.
 *
 * Defaults: `host` from `OLLAMA_HOST`, else `http://127.0.0.1:11434` (a host
 * without a scheme gets `http://`, without a port `:11434`, like the client).
 *
 * @param settings see {@link OllamaProviderSettings}; `settings.client` reuses a client you built.
 * @returns the provider.
 * @throws TypeError when `host` is not a URL, or a model id is empty.
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
  const languageModel = (modelId: string) => {
    if (typeof modelId !== 'string' || modelId === '')
      throw new TypeError(
        `createOllama: the model id must be a non-empty string; got ${JSON.stringify(modelId)}.`,
      );
    return new OllamaChatLanguageModel({ modelId, config, provider: name });
  };
  const provider = (modelId: string) => languageModel(modelId);
  provider.languageModel = languageModel;
  Object.defineProperty(provider, 'host', { value: config.host, enumerable: true });
  return provider as OllamaProvider;
}

/** ollama 0.6.x keeps these on the instance (`config` protected, `fetch` private in its types). */
interface ClientInternals {
  config: { host: string; headers?: Record<string, string> };
  fetch: typeof fetch;
}

function fromSettings(settings: OllamaProviderSettings): OllamaClientConfig {
  const given = settings.host ?? process.env.OLLAMA_HOST ?? defaultHost;
  let host: string;
  try {
    // The client formats the host once here (scheme, default port); every call reuses it.
    const client = new Ollama({ host: given.trim() === '' ? defaultHost : given.trim() });
    host = (client as unknown as ClientInternals).config.host;
  } catch (error) {
    const source = settings.host === undefined ? 'the OLLAMA_HOST environment variable' : 'settings.host';
    throw new TypeError(
      `createOllama: ${source} must be a URL such as http://127.0.0.1:11434; got ${JSON.stringify(given)}.`,
      { cause: error },
    );
  }
  return {
    host,
    headers: settings.headers,
    // Late-bound, so a fetch replaced after createOllama (tests, instrumentation) is used.
    fetch: settings.fetch ?? ((input, init) => fetch(input, init)),
  };
}

function fromClient(client: Ollama, settings: OllamaProviderSettings): OllamaClientConfig {
  const internals = client as unknown as ClientInternals;
  return {
    host: internals.config.host,
    headers: settings.headers ?? internals.config.headers,
    fetch: settings.fetch ?? internals.fetch,
  };
}
