import type { Ollama } from 'ollama';

/**
 * Settings of {@link createOllama}. Every field is optional.
 */
export interface OllamaProviderSettings {
  /** Server URL. Default: the `OLLAMA_HOST` environment variable, else `http://127.0.0.1:11434`. */
  readonly host?: string;
  /** Headers sent with every request (per-request `headers` of the call add to them), e.g. an `Authorization` for ollama.com. */
  readonly headers?: Readonly<Record<string, string>>;
  /** A custom `fetch` (proxies, tests). Default: the global fetch. */
  readonly fetch?: typeof fetch;
  /**
   * A client you built yourself. Its host, headers and fetch are reused; the
   * adapter still makes a light per-request copy so the call's abort signal
   * and headers reach `fetch` (the `ollama` client takes no per-request
   * signal, and its `abort()` would cancel every stream of the client).
   */
  readonly client?: Ollama;
  /** Provider name reported in `model.provider` and errors. Default `ollama`. */
  readonly name?: string;
}
