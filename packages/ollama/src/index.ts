export { classifyOllamaError } from './classify-ollama-error.js';
export { convertToOllamaMessages, type OllamaWireMessage } from './convert-to-ollama-messages.js';
export { createOllama, type OllamaProvider } from './create-ollama.js';
export {
  mapOllamaDoneReason,
  mapOllamaUsage,
  OllamaChatLanguageModel,
  type OllamaClientConfig,
} from './ollama-chat-language-model.js';
export type { OllamaProviderSettings } from './ollama-provider-settings.js';
