import type Anthropic from '@anthropic-ai/sdk';

/**
 * Settings of {@link createAnthropic}. Every field is optional.
 */
export interface AnthropicProviderSettings {
  /**
   * API key (`@anthropic-ai/sdk` 1.x sends it as `Authorization: Bearer`). Default: the
   * `ANTHROPIC_API_KEY` environment variable. Never logged or recorded; error messages have keys removed.
   */
  readonly apiKey?: string;
  /** Base URL of the API, e.g. a simulator's `baseURL`. Default: `ANTHROPIC_BASE_URL`, else `https://api.anthropic.com`. */
  readonly baseURL?: string;
  /** Headers sent with every request (per-request `headers` of the call add to them). */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Retries the SDK itself makes. Default **0**: the Switchyard router owns
   * retries, backoff and fallback, and an SDK retry would hide the first
   * failure from it (and sleep on `retry-after`, which the SDK honours without
   * a cap). Raise it only when you use the model without the router.
   */
  readonly maxRetries?: number;
  /** Request timeout in milliseconds. Default: the SDK's (600000). */
  readonly timeout?: number;
  /** A custom `fetch` (proxies, tests). Default: the global fetch. */
  readonly fetch?: typeof fetch;
  /**
   * `max_tokens` sent when the call sets no `maxOutputTokens` (the Messages
   * API requires one). Default `4096`.
   */
  readonly defaultMaxTokens?: number;
  /**
   * A client you built yourself; when given, `apiKey`, `baseURL`, `headers`,
   * `maxRetries`, `timeout` and `fetch` are ignored (construct it with
   * `maxRetries: 0` when the router is in use).
   */
  readonly client?: Anthropic;
  /** Provider name reported in `model.provider` and errors. Default `anthropic`. */
  readonly name?: string;
}
