import { z } from 'zod';

/**
 * The Chat Completions shapes the adapter reads, as lenient zod schemas that
 * also take what OpenAI-compatible servers send (vLLM, llama.cpp's
 * `llama-server`, LM Studio, DeepSeek, Groq, xAI, Together, Azure, Qwen,
 * Perplexity): `null` for absent fields, reasoning in `reasoning_content` or
 * `reasoning`, usage in `x_groq.usage`, DeepSeek's cache counters, xAI's
 * reasoning outside `completion_tokens`. Every other field is allowed.
 */

const count = z.number().nullish();

/** `usage` of a completion or of a chunk. */
export const openAIUsageSchema = z.looseObject({
  /** Input tokens (cached ones included, except on some xAI answers). */
  prompt_tokens: count,
  /** Output tokens (reasoning included, except on xAI). */
  completion_tokens: count,
  /** Their sum as the server counts it: tells whether reasoning is inside `completion_tokens`. */
  total_tokens: count,
  /** `cached_tokens`: input read from the prompt cache; `cache_write_tokens`: input written to it (some servers). */
  prompt_tokens_details: z.looseObject({ cached_tokens: count, cache_write_tokens: count }).nullish(),
  /** `reasoning_tokens`: output spent on reasoning; the predicted output accepted and rejected. */
  completion_tokens_details: z
    .looseObject({
      reasoning_tokens: count,
      accepted_prediction_tokens: count,
      rejected_prediction_tokens: count,
    })
    .nullish(),
  /** DeepSeek's cache hits (its older name for cached tokens). */
  prompt_cache_hit_tokens: count,
  /** Reasoning tokens at the top level (some Azure-hosted models). */
  reasoning_tokens: count,
});

/** Usage as read. */
export type OpenAIUsage = z.infer<typeof openAIUsageSchema>;

/** One tool call of a message, or one fragment of a streamed one. */
export const openAIToolCallSchema = z.looseObject({
  /** Position of the call (streams; some servers leave it out). */
  index: z.number().nullish(),
  /** `call_...`; some servers send `""` on later fragments, or none at all. */
  id: z.string().nullish(),
  /** `function`, or `custom` (a custom tool's call: free text in `custom.input`). */
  type: z.string().nullish(),
  /** Name and arguments (a JSON string, streamed in fragments). */
  function: z.looseObject({ name: z.string().nullish(), arguments: z.string().nullish() }).nullish(),
  /** A custom tool's call: name and input (free text, streamed in fragments). */
  custom: z.looseObject({ name: z.string().nullish(), input: z.string().nullish() }).nullish(),
});

/** A tool call as read. */
export type OpenAIToolCall = z.infer<typeof openAIToolCallSchema>;

/** A URL citation of a search model. */
export const openAIAnnotationSchema = z.looseObject({
  /** `url_citation`. */
  type: z.string(),
  /** The cited URL and title, and where the citing text is in the answer's text (characters). */
  url_citation: z
    .looseObject({ url: z.string(), title: z.string().nullish(), start_index: count, end_index: count })
    .nullish(),
});

/** The text fields a message and a delta share. */
const messageFields = {
  /** The answer text (some servers send an array of text parts). */
  content: z
    .union([z.string(), z.array(z.looseObject({ type: z.string(), text: z.string().nullish() }))])
    .nullish(),
  /** The refusal text. */
  refusal: z.string().nullish(),
  /** Reasoning (DeepSeek, xAI, Qwen, vLLM, llama-server, Azure). */
  reasoning_content: z.string().nullish(),
  /** Reasoning (Groq, LM Studio, newer vLLM). */
  reasoning: z.string().nullish(),
  /** Tool calls. */
  tool_calls: z.array(openAIToolCallSchema).nullish(),
  /** URL citations. */
  annotations: z.array(openAIAnnotationSchema).nullish(),
  /** Spoken output (`modalities: ['audio']`): `{ id, data, transcript, expires_at }`, or a stream's pieces of it; read by hand. */
  audio: z.unknown().optional(),
};

/** The fields of a choice beside its message or delta. */
const choiceFields = {
  /** Position of the choice. */
  index: z.number().nullish(),
  /** `stop`, `length`, `tool_calls`, `content_filter`, or a server's own. */
  finish_reason: z.string().nullish(),
  /** Token log probabilities (`logprobs: true`): `{ content, refusal }` lists; read by hand. */
  logprobs: z.unknown().optional(),
};

/** A complete Chat Completion (`doGenerate`). */
export const openAICompletionSchema = z.looseObject({
  /** `chatcmpl-...`; `""` on some servers. */
  id: z.string().nullish(),
  /** The model that answered. */
  model: z.string().nullish(),
  /** Unix seconds; `0` or absent on some servers. */
  created: z.number().nullish(),
  /** The answers; the adapter asks for one. */
  choices: z.array(
    z.looseObject({
      ...choiceFields,
      /** The message. */
      message: z.looseObject(messageFields),
    }),
  ),
  /** The usage. */
  usage: openAIUsageSchema.nullish(),
  /** Groq's usage. */
  x_groq: z.looseObject({ usage: openAIUsageSchema.nullish() }).nullish(),
});

/** A completion as read. */
export type OpenAICompletion = z.infer<typeof openAICompletionSchema>;

/** One streamed chunk. */
export const openAIChunkSchema = z.looseObject({
  /** `chatcmpl-...`; `""` on Azure's content-filter preamble. */
  id: z.string().nullish(),
  /** The model; `""` on Azure's preamble. */
  model: z.string().nullish(),
  /** Unix seconds; `0` on Azure's preamble. */
  created: z.number().nullish(),
  /** The deltas (empty on usage-only and preamble chunks). */
  choices: z
    .array(
      z.looseObject({
        ...choiceFields,
        /** What this chunk adds (absent on some finish chunks). */
        delta: z.looseObject(messageFields).nullish(),
      }),
    )
    .nullish(),
  /** Usage: on the last chunk (`stream_options.include_usage`), or cumulative on every chunk (Perplexity). */
  usage: openAIUsageSchema.nullish(),
  /** Groq's usage, on the last chunk. */
  x_groq: z.looseObject({ usage: openAIUsageSchema.nullish() }).nullish(),
  /** An error inside a 200 stream. */
  error: z.unknown().optional(),
});

/** A chunk as read. */
export type OpenAIChunk = z.infer<typeof openAIChunkSchema>;
