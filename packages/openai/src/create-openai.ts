import { ProviderError } from '@switchyard/core';
import {
  defaultMaxResponseBytes,
  limitErrorBodies,
  parseAdapterSettings,
  splitUrlCredentials,
} from '@switchyard/core/adapter';
import OpenAI from 'openai';
import { OpenAIChatLanguageModel } from './openai-chat-language-model.js';
import { type OpenAIProviderSettings, openAIProviderSettingsSchema } from './openai-provider-settings.js';

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
  /** The API base URL every model calls, without any credentials it was given with. */
  readonly baseURL: string;
}

/**
 * Creates an OpenAI provider over the official `openai` client: OpenAI, or
 * any server that speaks Chat Completions (vLLM, llama.cpp's `llama-server`,
 * LM Studio, DeepSeek, Groq, xAI, Together, Azure OpenAI's `/openai/v1`). Its
 * models are AI SDK `LanguageModelV4`s whose failures are core
 * `ProviderError`s classified by `classifyOpenAIError`.
 *
 * Defaults: `apiKey` from `OPENAI_API_KEY`, `baseURL` from `OPENAI_BASE_URL`
 * (else `https://api.openai.com/v1`), `organization` from `OPENAI_ORG_ID`,
 * `project` from `OPENAI_PROJECT_ID`, response bodies read up to 32 MiB, and
 * **`maxRetries: 0`**: the router owns retries (set `maxRetries` to use the
 * SDK's own retries without it).
 *
 * Credentials are checked at call time, never here: without an API key a
 * call fails with a `ProviderError` of kind `auth` (code
 * `missing_credentials`), which the router records and falls back from, so an
 * application whose requests may go to local open weights starts without one.
 * A key set in `OPENAI_API_KEY` after `createOpenAI()` is picked up by the next call.
 *
 * @param settings see {@link OpenAIProviderSettings}; `settings.client` uses a client you built.
 * @returns the provider.
 * @throws TypeError naming a setting that is unknown or invalid (with the closest valid name), or an empty model id.
 * @example
 * ```ts
 * import { generateText } from 'ai';
 * const openai = createOpenAI({ apiKey: process.env.OPENAI_API_KEY });
 * const { text } = await generateText({ model: openai('gpt-5.4'), prompt: 'Hello' });
 * // A local vLLM server: createOpenAI({ baseURL: 'http://127.0.0.1:8000/v1', apiKey: 'none' })
 * ```
 */
export function createOpenAI(settings: OpenAIProviderSettings = {}): OpenAIProvider {
  const parsed = parseAdapterSettings({
    factory: 'createOpenAI',
    schema: openAIProviderSettingsSchema,
    settings,
  });
  const name = parsed.name ?? 'openai';
  const maxResponseBytes = parsed.maxResponseBytes ?? defaultMaxResponseBytes;
  const base = splitUrlCredentials(
    parsed.baseURL ?? process.env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1',
  );
  const headers = {
    ...(base.authorization === undefined ? {} : { authorization: base.authorization }),
    ...parsed.headers,
  };
  const build = (apiKey: string) =>
    new OpenAI({
      apiKey,
      baseURL: base.url,
      organization: parsed.organization ?? process.env.OPENAI_ORG_ID ?? null,
      project: parsed.project ?? process.env.OPENAI_PROJECT_ID ?? null,
      maxRetries: parsed.maxRetries ?? 0,
      fetch: limitErrorBodies(parsed.fetch ?? ((input, init) => fetch(input, init)), maxResponseBytes),
      ...(parsed.timeout === undefined ? {} : { timeout: parsed.timeout }),
      ...(Object.keys(headers).length === 0 ? {} : { defaultHeaders: headers }),
    });
  const keyNow = () => parsed.apiKey || process.env.OPENAI_API_KEY || undefined;
  const initialKey = keyNow();
  let client: OpenAI | undefined = parsed.client ?? (initialKey ? build(initialKey) : undefined);
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
  const languageModel = (modelId: string) => {
    if (typeof modelId !== 'string' || modelId === '')
      throw new TypeError(
        `createOpenAI: the model id must be a non-empty string; got ${JSON.stringify(modelId)}.`,
      );
    return new OpenAIChatLanguageModel({
      modelId,
      client: client ?? (() => clientForCall(modelId)),
      provider: name,
      maxResponseBytes,
    });
  };
  const provider = (modelId: string) => languageModel(modelId);
  provider.languageModel = languageModel;
  Object.defineProperty(provider, 'client', { get: () => clientForCall(), enumerable: true });
  Object.defineProperty(provider, 'baseURL', { value: base.url, enumerable: true });
  return provider as OpenAIProvider;
}
