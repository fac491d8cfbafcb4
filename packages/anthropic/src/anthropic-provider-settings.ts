import type Anthropic from '@anthropic-ai/sdk';
import { z } from 'zod';

/**
 * Settings of {@link createAnthropic}, checked by `anthropicProviderSettingsSchema`
 * (an unknown or misspelt setting throws a `TypeError` naming the closest one).
 * Every field is optional.
 */
export interface AnthropicProviderSettings {
  /**
   * Base URL of the API, e.g. a simulator's `baseURL` or a gateway. Default:
   * `ANTHROPIC_BASE_URL`, else `https://api.anthropic.com`. Credentials in it
   * (`https://user:pw@gateway`) are sent as a Basic `Authorization` header and
   * never shown.
   */
  readonly baseURL?: string;
  /**
   * API key (`@anthropic-ai/sdk` 1.x sends it as `Authorization: Bearer`). Default: the
   * `ANTHROPIC_API_KEY` environment variable. Never logged or recorded; error messages have keys removed.
   */
  readonly apiKey?: string;
  /** Headers sent with every request (per-request `headers` of the call add to them). */
  readonly headers?: Readonly<Record<string, string>>;
  /** A custom `fetch` (proxies, tests, `createSimulator().fetch`). Default: the global fetch. */
  readonly fetch?: typeof fetch;
  /**
   * A client you built yourself; when given, `baseURL`, `apiKey`, `headers`,
   * `fetch`, `maxRetries` and `timeout` are ignored (construct it with
   * `maxRetries: 0` when the router is in use). Its error bodies are read by
   * its own fetch, without `maxResponseBytes`.
   */
  readonly client?: Anthropic;
  /** Provider name reported in `model.provider` and errors. Default `anthropic`. */
  readonly name?: string;
  /** The longest response body read, in bytes (default 32 MiB); a longer one is a `transient` `response_too_large` failure. */
  readonly maxResponseBytes?: number;
  /**
   * Retries the SDK itself makes. Default **0**: the Switchyard router owns
   * retries, backoff and fallback, and an SDK retry would hide the first
   * failure from it (and sleep on `retry-after`, which the SDK honours without
   * a cap). Raise it only when you use the model without the router.
   */
  readonly maxRetries?: number;
  /** Time to wait for the response headers, in milliseconds. Default: the SDK's (600000). */
  readonly timeout?: number;
  /**
   * `max_tokens` sent when the call sets no `maxOutputTokens` (the Messages
   * API requires one). Default `4096`.
   */
  readonly defaultMaxTokens?: number;
}

/** The schema of {@link AnthropicProviderSettings}: strict, so a misspelt setting fails. */
export const anthropicProviderSettingsSchema = z.strictObject({
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
    .custom<Anthropic>((value) => typeof value === 'object' && value !== null, 'expected an Anthropic client')
    .optional(),
  /** Provider name. */
  name: z.string().min(1).optional(),
  /** Longest response body, bytes. */
  maxResponseBytes: z.number().int().positive().optional(),
  /** SDK retries. */
  maxRetries: z.number().int().nonnegative().optional(),
  /** Header timeout, milliseconds. */
  timeout: z.number().int().positive().optional(),
  /** Default `max_tokens`. */
  defaultMaxTokens: z.number().int().positive().optional(),
});
