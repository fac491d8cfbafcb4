import type OpenAI from 'openai';

/**
 * Settings of {@link createOpenAI}. Every field is optional.
 */
export interface OpenAIProviderSettings {
  /** API key. Default: the `OPENAI_API_KEY` environment variable. Never logged or recorded. */
  readonly apiKey?: string;
  /** Base URL of the API, e.g. a simulator's `baseURL`. Default: `OPENAI_BASE_URL`, else `https://api.openai.com/v1`. */
  readonly baseURL?: string;
  /** `OpenAI-Organization` header. Default: `OPENAI_ORG_ID`. */
  readonly organization?: string;
  /** `OpenAI-Project` header. Default: `OPENAI_PROJECT_ID`. */
  readonly project?: string;
  /** Headers sent with every request (per-request `headers` of the call add to them). */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Retries the SDK itself makes. Default **0**: the Switchyard router owns
   * retries, backoff and fallback, and an SDK retry would hide the first
   * failure from it (and sleep on `retry-after`). Raise it only when you use
   * the model without the router.
   */
  readonly maxRetries?: number;
  /** Request timeout in milliseconds. Default: the SDK's (600000). */
  readonly timeout?: number;
  /** A custom `fetch` (proxies, tests). Default: the global fetch. */
  readonly fetch?: typeof fetch;
  /**
   * A client you built yourself; when given, `apiKey`, `baseURL`,
   * `organization`, `project`, `headers`, `maxRetries`, `timeout` and `fetch`
   * are ignored (construct it with `maxRetries: 0` when the router is in use).
   */
  readonly client?: OpenAI;
  /** Provider name reported in `model.provider` and errors. Default `openai`. */
  readonly name?: string;
}
