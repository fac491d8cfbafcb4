import OpenAI from 'openai';
import { OpenAIChatLanguageModel } from './openai-chat-language-model.js';
import type { OpenAIProviderSettings } from './openai-provider-settings.js';

/** What {@link createOpenAI} returns: call it (or `.languageModel`) with a model id. */
export interface OpenAIProvider {
  (modelId: string): OpenAIChatLanguageModel;
  /** A Chat Completions model for `modelId`, e.g. `gpt-5.4`. */
  languageModel(modelId: string): OpenAIChatLanguageModel;
  /** The `openai` client every model of this provider uses. */
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
  const client =
    settings.client ??
    new OpenAI({
      apiKey: settings.apiKey ?? process.env.OPENAI_API_KEY,
      baseURL: settings.baseURL ?? process.env.OPENAI_BASE_URL,
      organization: settings.organization ?? process.env.OPENAI_ORG_ID ?? null,
      project: settings.project ?? process.env.OPENAI_PROJECT_ID ?? null,
      maxRetries: settings.maxRetries ?? 0,
      ...(settings.timeout === undefined ? {} : { timeout: settings.timeout }),
      ...(settings.fetch === undefined ? {} : { fetch: settings.fetch }),
      ...(settings.headers === undefined ? {} : { defaultHeaders: settings.headers }),
    });
  const name = settings.name ?? 'openai';
  const languageModel = (modelId: string) => new OpenAIChatLanguageModel({ modelId, client, provider: name });
  const provider = (modelId: string) => languageModel(modelId);
  provider.languageModel = languageModel;
  Object.defineProperty(provider, 'client', { value: client, enumerable: true });
  return provider as OpenAIProvider;
}
