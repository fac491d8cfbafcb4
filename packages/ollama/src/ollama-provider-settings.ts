import type { Ollama } from 'ollama';
import { z } from 'zod';

/**
 * Settings of {@link createOllama}, checked by `ollamaProviderSettingsSchema`
 * (an unknown or misspelt setting, such as the old `host`, throws a
 * `TypeError` naming the closest one). Every field is optional.
 */
export interface OllamaProviderSettings {
  /**
   * Server URL. Default: the `OLLAMA_HOST` environment variable, else
   * `http://127.0.0.1:11434`. A URL without a scheme gets `http://`, without a
   * port `:11434` (as the `ollama` client does). Credentials in it
   * (`http://user:pw@gpu-box:11434`, behind a proxy) are sent as a Basic
   * `Authorization` header and never shown: not in `provider.baseURL`, errors
   * or records.
   */
  readonly baseURL?: string;
  /** API key, sent as `Authorization: Bearer` (ollama.com, a proxy). Default: `OLLAMA_API_KEY`, else none. */
  readonly apiKey?: string;
  /** Headers sent with every request (per-request `headers` of the call add to them). */
  readonly headers?: Readonly<Record<string, string>>;
  /** A custom `fetch` (proxies, tests, `createSimulator().fetch`). Default: the global fetch (or the `client`'s). */
  readonly fetch?: typeof fetch;
  /**
   * A client you built yourself (`new Ollama({ host, headers, fetch })`). Its
   * host, headers and fetch are reused (`baseURL`, `headers` and `fetch`
   * here win); the adapter still makes a light per-request copy so the call's
   * abort signal and headers reach `fetch` (the `ollama` client takes no
   * per-request signal). So `client.abort()` does not end the adapter's
   * streams: abort a call through its `abortSignal`.
   */
  readonly client?: Ollama;
  /** Provider name reported in `model.provider` and errors. Default `ollama`. */
  readonly name?: string;
  /** The longest response body read, in bytes (default 32 MiB); a longer one is a `transient` `response_too_large` failure. */
  readonly maxResponseBytes?: number;
}

/** The schema of {@link OllamaProviderSettings}: strict, so a misspelt setting fails. */
export const ollamaProviderSettingsSchema = z.strictObject({
  /** Server URL. */
  baseURL: z.string().min(1).optional(),
  /** API key. */
  apiKey: z.string().optional(),
  /** Headers of every request. */
  headers: z.record(z.string(), z.string()).optional(),
  /** A custom fetch. */
  fetch: z
    .custom<typeof fetch>((value) => typeof value === 'function', 'expected a fetch function')
    .optional(),
  /** A client you built. */
  client: z
    .custom<Ollama>((value) => typeof value === 'object' && value !== null, 'expected an Ollama client')
    .optional(),
  /** Provider name. */
  name: z.string().min(1).optional(),
  /** Longest response body, bytes. */
  maxResponseBytes: z.number().int().positive().optional(),
});
