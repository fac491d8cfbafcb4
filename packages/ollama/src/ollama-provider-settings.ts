import type { Ollama } from 'ollama';

/**
 * Settings of {@link createOllama}. Every field is optional.
 */
export interface OllamaProviderSettings {
  /**
   * Server URL. Default: the `OLLAMA_HOST` environment variable, else
   * `http://127.0.0.1:11434`. A host without a scheme gets `http://`, without a port `:11434`.
   */
  readonly host?: string;
  /** Headers sent with every request (per-request `headers` of the call add to them), e.g. an `Authorization` for ollama.com. */
  readonly headers?: Readonly<Record<string, string>>;
  /** A custom `fetch` (proxies, tests). Default: the global fetch (or the `client`'s). */
  readonly fetch?: typeof fetch;
  /**
   * A client you built yourself (`new Ollama({ host, headers, fetch })`). Its
   * host, headers and fetch are reused (`headers` and `fetch` here win); the
   * adapter still makes a light per-request copy so the call's abort signal
   * and headers reach `fetch` (the `ollama` client takes no per-request
   * signal). So `client.abort()` does not end the adapter's streams: abort a
   * call through its `abortSignal`.
   */
  readonly client?: Ollama;
  /** Provider name reported in `model.provider` and errors. Default `ollama`. */
  readonly name?: string;
}
