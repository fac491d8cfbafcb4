export { anthropicSignals } from '../classify-anthropic-error.js';
export { AnthropicStreamDecoder, refusalFailure, refusedWithoutContent } from './anthropic-stream-decoder.js';
export {
  anthropicProviderTools,
  prepareAnthropicTools,
  snakeCaseKeys,
  type ToolNames,
  toolNamesOf,
} from './anthropic-tools.js';
export {
  type AnthropicBlock,
  type AnthropicMessage,
  type AnthropicUsage,
  anthropicBlockSchema,
  anthropicEventSchema,
  anthropicMessageSchema,
  anthropicUsageSchema,
} from './anthropic-wire.js';
export { CacheBreakpoints, maxCacheBreakpoints } from './cache-breakpoints.js';
export { convertToAnthropicMessages } from './convert-to-anthropic-messages.js';
export { BlockContext, mapAnthropicBlock, serverToolCall } from './map-anthropic-block.js';
export { mapAnthropicStopReason } from './map-anthropic-stop-reason.js';
export { mapAnthropicUsage } from './map-anthropic-usage.js';
export { type AnthropicRequestBody, prepareAnthropicRequest } from './prepare-anthropic-request.js';
