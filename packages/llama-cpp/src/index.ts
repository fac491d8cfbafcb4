export { checkGgufFile, type GgufCheck, requiredGgufKeys } from './check-gguf-file.js';
export { classifyLlamaCppError } from './classify-llama-cpp-error.js';
export { createLlamaCpp, type LlamaCppProvider } from './create-llama-cpp.js';
export { LlamaCppChatLanguageModel } from './llama-cpp-chat-language-model.js';
export { type LlamaCppProviderOptions, llamaCppProviderOptionsSchema } from './llama-cpp-provider-options.js';
export {
  type LlamaCppProviderSettings,
  llamaCppProviderSettingsSchema,
} from './llama-cpp-provider-settings.js';
export { llamaLoadOptions, loadLlama } from './load-llama.js';
export type { LlamaModelLoad } from './loaded-llama-model.js';
export { type ModelFileCode, modelFileCodes, modelFileFailure } from './model-file-failure.js';
