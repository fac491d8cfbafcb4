import { z } from 'zod';

/**
 * The Messages API shapes the adapter reads, as lenient zod schemas: the
 * fields it uses, with their types; every other field is allowed (the API
 * adds fields and block types all the time). A body or event that does not
 * fit is a `malformed_response`, never a `TypeError` later.
 */

const count = z.number().nullish();

/** One sampling step of a response (compaction, the message, an advisor or fallback call). */
export const anthropicIterationSchema = z.looseObject({
  /** `compaction`, `message`, `advisor_message`, `fallback_message`. */
  type: z.string(),
  /** Input tokens of the step. */
  input_tokens: count,
  /** Output tokens of the step. */
  output_tokens: count,
  /** Cache reads of the step. */
  cache_read_input_tokens: count,
  /** Cache writes of the step. */
  cache_creation_input_tokens: count,
});

/** `usage` of a message, or of a `message_delta` (cumulative). */
export const anthropicUsageSchema = z.looseObject({
  /** Input tokens not read from or written to the cache. */
  input_tokens: count,
  /** Output tokens, thinking included. */
  output_tokens: count,
  /** Input tokens read from the cache. */
  cache_read_input_tokens: count,
  /** Input tokens written to the cache. */
  cache_creation_input_tokens: count,
  /** The thinking share of the output, when the API reports it. */
  output_tokens_details: z.looseObject({ thinking_tokens: count }).nullish(),
  /** Each sampling step, when there were several (compaction, advisor): the top level counts the last only. */
  iterations: z.array(anthropicIterationSchema).nullish(),
});

/** Usage as read. */
export type AnthropicUsage = z.infer<typeof anthropicUsageSchema>;

/** A content block: its `type`; each type's fields are read by `mapAnthropicBlock`. */
export const anthropicBlockSchema = z.looseObject({
  /** `text`, `thinking`, `tool_use`, `server_tool_use`, `web_search_tool_result`, `compaction`, ... */
  type: z.string(),
});

/** A content block as read. */
export type AnthropicBlock = z.infer<typeof anthropicBlockSchema> & Record<string, unknown>;

/** A complete message (`doGenerate`, and `message_start` of a stream). */
export const anthropicMessageSchema = z.looseObject({
  /** `msg_...`. */
  id: z.string().nullish(),
  /** The model that answered. */
  model: z.string().nullish(),
  /** The content blocks (empty at `message_start`, unless the answer came whole). */
  content: z.array(anthropicBlockSchema).nullish(),
  /** Why the answer stopped (`end_turn`, `tool_use`, `max_tokens`, `refusal`, `pause_turn`, ...). */
  stop_reason: z.string().nullish(),
  /** The stop sequence that ended the answer. */
  stop_sequence: z.string().nullish(),
  /** The usage. */
  usage: anthropicUsageSchema.nullish(),
});

/** A message as read. */
export type AnthropicMessage = z.infer<typeof anthropicMessageSchema>;

/** One stream event: its `type`; each type's fields are read by the stream decoder. */
export const anthropicEventSchema = z.looseObject({
  /** `message_start`, `content_block_start`, `content_block_delta`, `content_block_stop`, `message_delta`, `message_stop`, `ping`, `error`. */
  type: z.string(),
});

/** `content_block_start`. */
export const contentBlockStartSchema = z.looseObject({
  /** The block's position in the message. */
  index: z.number(),
  /** The block, complete for result blocks, empty for streamed ones. */
  content_block: anthropicBlockSchema,
});

/** `content_block_delta`. */
export const contentBlockDeltaSchema = z.looseObject({
  /** The block's position. */
  index: z.number(),
  /** `text_delta`, `thinking_delta`, `signature_delta`, `input_json_delta`, `citations_delta`, `compaction_delta`. */
  delta: z.looseObject({ type: z.string() }),
});

/** `text_delta` of a `content_block_delta`. */
export const textDeltaSchema = z.looseObject({
  /** The next piece of the text block. */
  text: z.string(),
});

/** `thinking_delta` of a `content_block_delta`. */
export const thinkingDeltaSchema = z.looseObject({
  /** The next piece of the thinking block. */
  thinking: z.string(),
});

/** `input_json_delta` of a `content_block_delta`. */
export const inputJsonDeltaSchema = z.looseObject({
  /** The next piece of the tool call's input, a fragment of JSON text. */
  partial_json: z.string(),
});

/** `content_block_stop`. */
export const contentBlockStopSchema = z.looseObject({
  /** The block's position. */
  index: z.number(),
});

/** `message_delta`. */
export const messageDeltaSchema = z.looseObject({
  /** The top-level changes. */
  delta: z.looseObject({ stop_reason: z.string().nullish(), stop_sequence: z.string().nullish() }).nullish(),
  /** Cumulative usage. */
  usage: anthropicUsageSchema.nullish(),
});

/** `message_start`. */
export const messageStartSchema = z.looseObject({
  /** The message, usually without content yet. */
  message: anthropicMessageSchema,
});
