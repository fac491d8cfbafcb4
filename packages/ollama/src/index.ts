export { classifyOllamaError } from './classify-ollama-error.js';
export { createOllama, type OllamaProvider } from './create-ollama.js';
export { OllamaChatLanguageModel, type OllamaModelConfig } from './ollama-chat-language-model.js';
export { type OllamaProviderOptions, ollamaProviderOptionsSchema } from './ollama-provider-options.js';
export { type OllamaProviderSettings, ollamaProviderSettingsSchema } from './ollama-provider-settings.js';
