import type OpenAI from 'openai';
import { z } from 'zod';

/**
 * Settings of {@link createOpenAI}, checked by `openAIProviderSettingsSchema`
 * (an unknown or misspelt setting throws a `TypeError` naming the closest one).
 * Every field is optional.
 */
export interface OpenAIProviderSettings {
  /**
   * Base URL of the API: OpenAI, an OpenAI-compatible server (vLLM, llama.cpp's
   * `llama-server`, LM Studio, DeepSeek, Groq, xAI, Together, Azure's `/openai/v1`),
   * a simulator's `baseURL`. Default: `OPENAI_BASE_URL`, else
   * `https://api.openai.com/v1`. Credentials in it (`http://user:pw@host/v1`)
   * are sent as a Basic `Authorization` header (in place of the API key's) and never shown.
   */
  readonly baseURL?: string;
  /** API key. Default: the `OPENAI_API_KEY` environment variable. Never logged or recorded. */
  readonly apiKey?: string;
  /** Headers sent with every request (per-request `headers` of the call add to them), e.g. Azure's `api-key`. */
  readonly headers?: Readonly<Record<string, string>>;
  /** A custom `fetch` (proxies, tests, `createSimulator().fetch`). Default: the global fetch. */
  readonly fetch?: typeof fetch;
  /**
   * A client you built yourself (an `OpenAI`, or an `AzureOpenAI`); when given,
   * `baseURL`, `apiKey`, `organization`, `project`, `headers`, `fetch`,
   * `maxRetries` and `timeout` are ignored (construct it with `maxRetries: 0`
   * when the router is in use). Its error bodies are read by its own fetch,
   * without `maxResponseBytes`.
   */
  readonly client?: OpenAI;
  /** Provider name reported in `model.provider` and errors. Default `openai`. */
  readonly name?: string;
  /** The longest response body read, in bytes (default 32 MiB); a longer one is a `transient` `response_too_large` failure. */
  readonly maxResponseBytes?: number;
  /**
   * Retries the SDK itself makes. Default **0**: the Switchyard router owns
   * retries, backoff and fallback, and an SDK retry would hide the first
   * failure from it (and sleep on `retry-after`). Raise it only when you use
   * the model without the router.
   */
  readonly maxRetries?: number;
  /** Time to wait for the response headers, in milliseconds. Default: the SDK's (600000). */
  readonly timeout?: number;
  /** `OpenAI-Organization` header. Default: `OPENAI_ORG_ID`. */
  readonly organization?: string;
  /** `OpenAI-Project` header. Default: `OPENAI_PROJECT_ID`. */
  readonly project?: string;
}

/** The schema of {@link OpenAIProviderSettings}: strict, so a misspelt setting fails. */
export const openAIProviderSettingsSchema = z.strictObject({
  /** Base URL of the API. */
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
    .custom<OpenAI>((value) => typeof value === 'object' && value !== null, 'expected an OpenAI client')
    .optional(),
  /** Provider name. */
  name: z.string().min(1).optional(),
  /** Longest response body, bytes. */
  maxResponseBytes: z.number().int().positive().optional(),
  /** SDK retries. */
  maxRetries: z.number().int().nonnegative().optional(),
  /** Header timeout, milliseconds. */
  timeout: z.number().int().positive().optional(),
  /** `OpenAI-Organization`. */
  organization: z.string().optional(),
  /** `OpenAI-Project`. */
  project: z.string().optional(),
});
