export { classifyOpenAIError } from './classify-openai-error.js';
export { createOpenAI, type OpenAIProvider } from './create-openai.js';
export { OpenAIChatLanguageModel, type OpenAIModelConfig } from './openai-chat-language-model.js';
export { type OpenAIProviderOptions, openAIProviderOptionsSchema } from './openai-provider-options.js';
export { type OpenAIProviderSettings, openAIProviderSettingsSchema } from './openai-provider-settings.js';
