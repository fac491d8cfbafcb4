export { classifyOpenAIError } from './classify-openai-error.js';
export { convertToOpenAIChatMessages } from './convert-to-openai-chat-messages.js';
export { createOpenAI, type OpenAIProvider } from './create-openai.js';
export {
  mapOpenAIFinishReason,
  mapOpenAIUsage,
  OpenAIChatLanguageModel,
} from './openai-chat-language-model.js';
export type { OpenAIProviderSettings } from './openai-provider-settings.js';
