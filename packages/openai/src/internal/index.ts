export { openAISignals } from '../classify-openai-error.js';
export { convertToOpenAIChatMessages } from './convert-to-openai-chat-messages.js';
export { mapOpenAIFinishReason } from './map-openai-finish-reason.js';
export { mapOpenAIUsage } from './map-openai-usage.js';
export { contentFiltered, openAIErrorInBody } from './openai-error-in-body.js';
export { contentText, hasResponseMetadata, openAIResponseMetadata } from './openai-response-metadata.js';
export { OpenAIStreamDecoder } from './openai-stream-decoder.js';
export {
  type OpenAIChunk,
  type OpenAICompletion,
  type OpenAIUsage,
  openAIChunkSchema,
  openAICompletionSchema,
  openAIUsageSchema,
} from './openai-wire.js';
export { type OpenAIRequestBody, prepareOpenAIRequest } from './prepare-openai-request.js';
