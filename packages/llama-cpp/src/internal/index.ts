export { llamaCppSignals } from '../classify-llama-cpp-error.js';
export { convertToGbnfJsonSchema } from './convert-to-gbnf-json-schema.js';
export { convertToLlamaChatHistory } from './convert-to-llama-chat-history.js';
export { llamaResponseContent, llamaToolCallId } from './llama-response-content.js';
export { type LlamaEvent, llamaRunEvents } from './llama-run-events.js';
export { LlamaStreamDecoder } from './llama-stream-decoder.js';
export { mapLlamaStopReason } from './map-llama-stop-reason.js';
export { type LlamaTokenCounts, mapLlamaUsage } from './map-llama-usage.js';
export {
  type LlamaGeneration,
  type LlamaOutputMode,
  prepareLlamaGeneration,
} from './prepare-llama-generation.js';
export { type LlamaRun, runLlamaGeneration } from './run-llama-generation.js';
