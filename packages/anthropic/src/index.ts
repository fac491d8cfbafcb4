export {
  AnthropicMessagesLanguageModel,
  mapAnthropicStopReason,
  mapAnthropicUsage,
} from './anthropic-messages-language-model.js';
export type { AnthropicProviderSettings } from './anthropic-provider-settings.js';
export { classifyAnthropicError } from './classify-anthropic-error.js';
export { convertToAnthropicMessages } from './convert-to-anthropic-messages.js';
export { type AnthropicProvider, createAnthropic } from './create-anthropic.js';
