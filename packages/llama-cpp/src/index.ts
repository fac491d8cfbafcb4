export { checkGgufFile, type GgufCheck, requiredGgufKeys } from './check-gguf-file.js';
export { classifyLlamaCppError } from './classify-llama-cpp-error.js';
export { convertToGbnfJsonSchema } from './convert-to-gbnf-json-schema.js';
export { convertToLlamaChatHistory } from './convert-to-llama-chat-history.js';
export { createLlamaCpp, type LlamaCppProvider } from './create-llama-cpp.js';
export { LlamaCppLanguageModel } from './llama-cpp-language-model.js';
export type { LlamaCppProviderSettings } from './llama-cpp-provider-settings.js';
export { llamaLoadOptions, loadLlama } from './load-llama.js';
export type { LlamaModelLoad } from './loaded-llama-model.js';
export { mapLlamaStopReason } from './map-llama-stop-reason.js';
export { type ModelFileCode, modelFileCodes, modelFileFailure } from './model-file-failure.js';
export {
  type LlamaGeneration,
  type LlamaOutputMode,
  prepareLlamaGeneration,
} from './prepare-llama-generation.js';
