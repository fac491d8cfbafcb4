export {
  AnthropicMessagesLanguageModel,
  type AnthropicModelConfig,
} from './anthropic-messages-language-model.js';
export {
  type AnthropicCacheControl,
  type AnthropicDocumentOptions,
  anthropicCacheControlSchema,
  anthropicCacheOptionsSchema,
  anthropicDocumentOptionsSchema,
} from './anthropic-prompt-options.js';
export {
  type AnthropicProviderOptions,
  anthropicProviderOptionsSchema,
} from './anthropic-provider-options.js';
export {
  type AnthropicProviderSettings,
  anthropicProviderSettingsSchema,
} from './anthropic-provider-settings.js';
export { classifyAnthropicError } from './classify-anthropic-error.js';
export { type AnthropicProvider, createAnthropic } from './create-anthropic.js';
