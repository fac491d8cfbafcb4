import { ProviderError } from '@switchyard/core';
import OpenAI from 'openai';
import { tapEventStreams } from './event-stream-tap.js';
import { OpenAIChatLanguageModel } from './openai-chat-language-model.js';
import type { OpenAIProviderSettings } from './openai-provider-settings.js';

/** What {@link createOpenAI} returns: call it (or `.languageModel`) with a model id. */
export interface OpenAIProvider {
  (modelId: string): OpenAIChatLanguageModel;
  /** A Chat Completions model for `modelId`, e.g. `gpt-5.4`. */
  languageModel(modelId: string): OpenAIChatLanguageModel;
  /**
   * The `openai` client every model of this provider uses. Without an API key
   * (none given, `OPENAI_API_KEY` unset) there is none yet: reading it throws
   * the `ProviderError` (kind `auth`) a call would fail with.
   */
  readonly client: OpenAI;
}

/**
 * Creates an OpenAI provider over the official `openai` client. Its models
 * are AI SDK `LanguageModelV4`s (Chat Completions) whose failures are core
 * `ProviderError`s classified by `classifyOpenAIError`.
 *
 * Defaults: `apiKey` from `OPENAI_API_KEY`, `baseURL` from `OPENAI_BASE_URL`
 * (else `https://api.openai.com/v1`), `organization` from `OPENAI_ORG_ID`,
 * `project` from `OPENAI_PROJECT_ID`, and **`maxRetries: 0`**: the router
 * owns retries (set `maxRetries` to use the SDK's own retries without it).
 *
 * Credentials are checked at call time, never here: without an API key a
 * call fails with a `ProviderError` of kind `auth` (code
 * `missing_credentials`), which the router records and falls back from, so an
 * application whose requests may go to local open weights starts without one.
 * A key set in `OPENAI_API_KEY` after `createOpenAI()` is picked up by the next call.
 *
 * @param settings see {@link OpenAIProviderSettings}; `settings.client` uses a client you built.
 * @returns the provider.
 * @example
 * ```ts
 * import { generateText } from 'ai';
 * const openai = createOpenAI({ apiKey: process.env.OPENAI_API_KEY });
 * const { text } = await generateText({ model: openai('gpt-5.4'), prompt: 'Hello' });
 * ```
 */
export function createOpenAI(settings: OpenAIProviderSettings = {}): OpenAIProvider {
  const name = settings.name ?? 'openai';
  const build = (apiKey: string) =>
    new OpenAI({
      apiKey,
      baseURL: settings.baseURL ?? process.env.OPENAI_BASE_URL,
      organization: settings.organization ?? process.env.OPENAI_ORG_ID ?? null,
      project: settings.project ?? process.env.OPENAI_PROJECT_ID ?? null,
      maxRetries: settings.maxRetries ?? 0,
      ...(settings.timeout === undefined ? {} : { timeout: settings.timeout }),
      // Event streams keep their last chunks, so a chunk the SDK cannot parse is named in the failure.
      fetch: tapEventStreams(settings.fetch),
      ...(settings.headers === undefined ? {} : { defaultHeaders: settings.headers }),
    });
  const keyNow = () => settings.apiKey || process.env.OPENAI_API_KEY || undefined;
  const initialKey = keyNow();
  let client: OpenAI | undefined = settings.client ?? (initialKey ? build(initialKey) : undefined);
  /** The client, built at the first call that finds a key; without one, the call fails with `auth`. */
  const clientForCall = (modelId = '*'): OpenAI => {
    if (client) return client;
    const apiKey = keyNow();
    if (!apiKey) {
      throw new ProviderError({
        provider: name,
        model: modelId,
        failure: {
          kind: 'auth',
          code: 'missing_credentials',
          message: 'no OpenAI API key: give createOpenAI({ apiKey }) or set OPENAI_API_KEY',
        },
      });
    }
    client = build(apiKey);
    return client;
  };
  const languageModel = (modelId: string) =>
    new OpenAIChatLanguageModel({
      modelId,
      client: client ?? (() => clientForCall(modelId)),
      provider: name,
    });
  const provider = (modelId: string) => languageModel(modelId);
  provider.languageModel = languageModel;
  Object.defineProperty(provider, 'client', { get: () => clientForCall(), enumerable: true });
  return provider as OpenAIProvider;
}
