export { ollamaSignals } from '../classify-ollama-error.js';
export { checkNdjsonFraming, malformedLinePrefix } from './check-ndjson-framing.js';
export { convertToOllamaMessages, type OllamaWireMessage } from './convert-to-ollama-messages.js';
export { mapOllamaDoneReason } from './map-ollama-done-reason.js';
export { mapOllamaUsage } from './map-ollama-usage.js';
export { OllamaStreamDecoder, ollamaToolCallId } from './ollama-stream-decoder.js';
export { type OllamaChatResponse, ollamaChatResponseSchema, ollamaToolCallSchema } from './ollama-wire.js';
export { type OllamaRequestBody, prepareOllamaRequest } from './prepare-ollama-request.js';
