import { defaultMaxResponseBytes, parseAdapterSettings, splitUrlCredentials } from '@switchyard/core/adapter';
import { Ollama } from 'ollama';
import { OllamaChatLanguageModel } from './ollama-chat-language-model.js';
import { type OllamaProviderSettings, ollamaProviderSettingsSchema } from './ollama-provider-settings.js';

/** What {@link createOllama} returns: call it (or `.languageModel`) with a model id. */
export interface OllamaProvider {
  (modelId: string): OllamaChatLanguageModel;
  /** An `/api/chat` model for `modelId`, e.g. `llama3.2`. */
  languageModel(modelId: string): OllamaChatLanguageModel;
  /** The server URL every model of this provider calls, as the `ollama` client formats it, without credentials. */
  readonly baseURL: string;
}

/** The `ollama` client's own default. */
const defaultHost = 'http://127.0.0.1:11434';

/** ollama 0.6.x keeps these on the instance (`config` protected, `fetch` private in its types). */
interface ClientInternals {
  config: { host: string; headers?: Record<string, string> };
  fetch: typeof fetch;
}

/**
 * Creates an Ollama provider (local open weights) over the official `ollama`
 * client. Its models are AI SDK `LanguageModelV4`s (`/api/chat`) whose
 * failures are core `ProviderError`s classified by `classifyOllamaError`.
 * The `ollama` client never retries, so there is nothing to turn off: the
 * router owns retries.
 *
 * Defaults: `baseURL` from `OLLAMA_HOST`, else `http://127.0.0.1:11434` (a URL
 * without a scheme gets `http://`, without a port `:11434`, like the client),
 * `apiKey` from `OLLAMA_API_KEY` (none for a local server), response bodies
 * read up to 32 MiB. Credentials inside the URL are sent as a Basic
 * `Authorization` header and never appear in `provider.baseURL`, errors or records.
 *
 * @param settings see {@link OllamaProviderSettings}; `settings.client` reuses a client you built.
 * @returns the provider.
 * @throws TypeError naming a setting that is unknown (`host`: renamed `baseURL`) or invalid, a `baseURL` that is not a URL, or an empty model id.
 * @example
 * ```ts
 * import { generateText } from 'ai';
 * const ollama = createOllama({ baseURL: 'http://127.0.0.1:11434' });
 * const { text } = await generateText({ model: ollama('llama3.2'), prompt: 'Hello' });
 * ```
 */
export function createOllama(settings: OllamaProviderSettings = {}): OllamaProvider {
  const parsed = parseAdapterSettings({
    factory: 'createOllama',
    schema: ollamaProviderSettingsSchema,
    settings,
  });
  const internals = parsed.client as unknown as ClientInternals | undefined;
  const given = parsed.baseURL ?? internals?.config.host ?? process.env.OLLAMA_HOST ?? defaultHost;
  const source =
    parsed.baseURL !== undefined
      ? 'settings.baseURL'
      : internals !== undefined
        ? "the client's host"
        : process.env.OLLAMA_HOST !== undefined
          ? 'the OLLAMA_HOST environment variable'
          : 'the default';
  let formatted: string;
  try {
    // The client formats the URL once here (scheme, default port); every call reuses it.
    formatted = (
      new Ollama({ host: given.trim() === '' ? defaultHost : given.trim() }) as unknown as ClientInternals
    ).config.host;
  } catch (error) {
    throw new TypeError(
      `createOllama: ${source} must be a URL such as http://127.0.0.1:11434; got ${JSON.stringify(given.replace(/\/\/[^/@\s]*@/, '//[redacted]@'))}.`,
      { cause: error },
    );
  }
  const { url, authorization } = splitUrlCredentials(formatted);
  const apiKey = parsed.apiKey ?? process.env.OLLAMA_API_KEY;
  const headers: Record<string, string> = {
    ...(authorization === undefined ? {} : { authorization }),
    ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
    ...(parsed.client === undefined ? {} : internals?.config.headers),
    ...parsed.headers,
  };
  const name = parsed.name ?? 'ollama';
  const config = {
    host: url,
    headers: Object.keys(headers).length === 0 ? undefined : headers,
    // Late-bound, so a fetch replaced after createOllama (tests, instrumentation) is used.
    fetch: parsed.fetch ?? internals?.fetch ?? (((input, init) => fetch(input, init)) as typeof fetch),
    provider: name,
    maxResponseBytes: parsed.maxResponseBytes ?? defaultMaxResponseBytes,
  };
  const languageModel = (modelId: string) => {
    if (typeof modelId !== 'string' || modelId === '')
      throw new TypeError(
        `createOllama: the model id must be a non-empty string; got ${JSON.stringify(modelId)}.`,
      );
    return new OllamaChatLanguageModel({ modelId, ...config });
  };
  const provider = (modelId: string) => languageModel(modelId);
  provider.languageModel = languageModel;
  Object.defineProperty(provider, 'baseURL', { value: url, enumerable: true });
  return provider as OllamaProvider;
}
