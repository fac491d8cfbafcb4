import Anthropic from '@anthropic-ai/sdk';
import { ProviderError } from '@switchyard/core';
import {
  defaultMaxResponseBytes,
  limitErrorBodies,
  parseAdapterSettings,
  splitUrlCredentials,
} from '@switchyard/core/adapter';
import { AnthropicMessagesLanguageModel } from './anthropic-messages-language-model.js';
import {
  type AnthropicProviderSettings,
  anthropicProviderSettingsSchema,
} from './anthropic-provider-settings.js';

/** What {@link createAnthropic} returns: call it (or `.languageModel`) with a model id. */
export interface AnthropicProvider {
  (modelId: string): AnthropicMessagesLanguageModel;
  /** A Messages API model for `modelId`, e.g. `claude-sonnet-5`. */
  languageModel(modelId: string): AnthropicMessagesLanguageModel;
  /**
   * The `@anthropic-ai/sdk` client every model of this provider uses. Without
   * a credential there is none yet: reading it throws the `auth` failure a call would.
   */
  readonly client: Anthropic;
  /** The API base URL every model calls, without any credentials it was given with. */
  readonly baseURL: string;
}

/**
 * Creates an Anthropic provider over the official `@anthropic-ai/sdk` client.
 * Its models are AI SDK `LanguageModelV4`s (Messages API) whose failures are
 * core `ProviderError`s classified by `classifyAnthropicError`.
 *
 * Defaults: `apiKey` from `ANTHROPIC_API_KEY`, `baseURL` from
 * `ANTHROPIC_BASE_URL` (else `https://api.anthropic.com`), `max_tokens` 4096
 * when the call sets none, response bodies read up to 32 MiB, and
 * **`maxRetries: 0`**: the router owns retries (set `maxRetries` to use the
 * SDK's own retries without it).
 *
 * Credentials are checked at call time, never here: without an API key (or
 * `ANTHROPIC_AUTH_TOKEN`) a call fails with a `ProviderError` of kind `auth`
 * (code `missing_credentials`) before any request, which the router records
 * and falls back from.
 *
 * @param settings see {@link AnthropicProviderSettings}; `settings.client` uses a client you built.
 * @returns the provider.
 * @throws TypeError naming a setting that is unknown or invalid (with the closest valid name), or an empty model id.
 * @example
 * ```ts
 * import { generateText } from 'ai';
 * const anthropic = createAnthropic({ apiKey: process.env.ANTHROPIC_API_KEY });
 * const { text } = await generateText({ model: anthropic('claude-sonnet-5'), prompt: 'Hello' });
 * ```
 */
export function createAnthropic(settings: AnthropicProviderSettings = {}): AnthropicProvider {
  const parsed = parseAdapterSettings({
    factory: 'createAnthropic',
    schema: anthropicProviderSettingsSchema,
    settings,
  });
  const name = parsed.name ?? 'anthropic';
  const defaultMaxTokens = parsed.defaultMaxTokens ?? 4096;
  const maxResponseBytes = parsed.maxResponseBytes ?? defaultMaxResponseBytes;
  const base = splitUrlCredentials(
    parsed.baseURL ?? process.env.ANTHROPIC_BASE_URL ?? 'https://api.anthropic.com',
  );
  const headers = {
    ...(base.authorization === undefined ? {} : { authorization: base.authorization }),
    ...parsed.headers,
  };
  const build = (apiKey: string | null) =>
    new Anthropic({
      apiKey,
      baseURL: base.url,
      maxRetries: parsed.maxRetries ?? 0,
      fetch: limitErrorBodies(parsed.fetch ?? ((input, init) => fetch(input, init)), maxResponseBytes),
      ...(parsed.timeout === undefined ? {} : { timeout: parsed.timeout }),
      ...(Object.keys(headers).length === 0 ? {} : { defaultHeaders: headers }),
    });
  /** The key, else null when an `ANTHROPIC_AUTH_TOKEN` stands in (the SDK reads it), else undefined. */
  const credentialNow = () =>
    parsed.apiKey || process.env.ANTHROPIC_API_KEY || (process.env.ANTHROPIC_AUTH_TOKEN ? null : undefined);
  const initial = credentialNow();
  let client: Anthropic | undefined = parsed.client ?? (initial === undefined ? undefined : build(initial));
  /** The client, built at the first call that finds a credential; without one, the call fails with `auth`. */
  const clientForCall = (modelId = '*'): Anthropic => {
    if (client) return client;
    const credential = credentialNow();
    if (credential === undefined) {
      throw new ProviderError({
        provider: name,
        model: modelId,
        failure: {
          kind: 'auth',
          code: 'missing_credentials',
          message: 'no Anthropic API key: give createAnthropic({ apiKey }) or set ANTHROPIC_API_KEY',
        },
      });
    }
    client = build(credential);
    return client;
  };
  const languageModel = (modelId: string) => {
    if (typeof modelId !== 'string' || modelId === '')
      throw new TypeError(
        `createAnthropic: the model id must be a non-empty string; got ${JSON.stringify(modelId)}.`,
      );
    return new AnthropicMessagesLanguageModel({
      modelId,
      client: client ?? (() => clientForCall(modelId)),
      provider: name,
      defaultMaxTokens,
      maxResponseBytes,
    });
  };
  const provider = (modelId: string) => languageModel(modelId);
  provider.languageModel = languageModel;
  Object.defineProperty(provider, 'client', { get: () => clientForCall(), enumerable: true });
  Object.defineProperty(provider, 'baseURL', { value: base.url, enumerable: true });
  return provider as AnthropicProvider;
}
