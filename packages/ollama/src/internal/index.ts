export { ollamaSignals } from '../classify-ollama-error.js';
export { convertToOllamaMessages, type OllamaWireMessage } from './convert-to-ollama-messages.js';
export { jsonErrorResponse } from './json-error-response.js';
export { mapOllamaDoneReason } from './map-ollama-done-reason.js';
export { mapOllamaUsage } from './map-ollama-usage.js';
export { ndjsonEvents } from './ndjson-events.js';
export { OllamaStreamDecoder, ollamaToolCallId } from './ollama-stream-decoder.js';
export { type OllamaChatResponse, ollamaChatResponseSchema, ollamaToolCallSchema } from './ollama-wire.js';
export { type OllamaRequestBody, prepareOllamaRequest } from './prepare-ollama-request.js';
