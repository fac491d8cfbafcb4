import { z } from 'zod';

const count = z.number().nullish();

/** One tool call of an `/api/chat` message (whole, arguments as an object). */
export const ollamaToolCallSchema = z.looseObject({
  /** The call id (Ollama 0.12 and later). */
  id: z.string().nullish(),
  /** Name and arguments. */
  function: z.looseObject({ name: z.string(), arguments: z.unknown().optional() }),
});

/**
 * An `/api/chat` answer or stream part, as a lenient zod schema: the fields
 * the adapter reads, every other field allowed.
 */
export const ollamaChatResponseSchema = z.looseObject({
  /** The model that answered. */
  model: z.string().nullish(),
  /** When (RFC 3339). */
  created_at: z.string().nullish(),
  /** The message (or this part of it). */
  message: z
    .looseObject({
      /** Text. */
      content: z.string().nullish(),
      /** Reasoning. */
      thinking: z.string().nullish(),
      /** Tool calls, whole. */
      tool_calls: z.array(ollamaToolCallSchema).nullish(),
    })
    .nullish(),
  /** Whether this is the last part. */
  done: z.boolean().nullish(),
  /** `stop`, `length`, `load`, `unload`. */
  done_reason: z.string().nullish(),
  /** Input tokens. */
  prompt_eval_count: count,
  /** Output tokens (thinking included). */
  eval_count: count,
  /** Nanoseconds. */
  total_duration: count,
  /** Nanoseconds. */
  load_duration: count,
  /** Nanoseconds. */
  prompt_eval_duration: count,
  /** Nanoseconds. */
  eval_duration: count,
});

/** An answer or part, as read. */
export type OllamaChatResponse = z.infer<typeof ollamaChatResponseSchema>;
