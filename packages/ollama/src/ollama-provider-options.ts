import { z } from 'zod';

/**
 * `providerOptions.ollama` of a call: `/api/chat` request-body fields by
 * their wire names. `options` is merged into the model options the adapter
 * maps from the call (e.g. `{ num_ctx: 8192 }`); the others are added to the
 * body, winning over the mapped ones. Unknown keys are rejected with the
 * closest valid one; `model`, `messages` and `stream` are never accepted.
 *
 * @example
 * ```ts
 * await generateText({ model: ollama('llama3.2'), prompt, providerOptions: { ollama: { keep_alive: '10m', options: { num_ctx: 8192 } } } });
 * ```
 */
export const ollamaProviderOptionsSchema = z.strictObject({
  /** How long the model stays loaded after the call: `5m`, `0`, seconds. */
  keep_alive: z.union([z.string(), z.number()]).optional(),
  /** Model options (`num_ctx`, `num_gpu`, `mirostat`, `repeat_penalty`, ...), merged into the mapped ones. */
  options: z.record(z.string(), z.unknown()).optional(),
  /** Thinking: `true`, `false` or a level (default: from the call's `reasoning`). */
  think: z.union([z.boolean(), z.enum(['low', 'medium', 'high'])]).optional(),
  /** Output format: `json` or a JSON schema (default: from the call's response format). */
  format: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
  /** Return log probabilities. */
  logprobs: z.boolean().optional(),
  /** Most likely tokens per position with `logprobs`. */
  top_logprobs: z.number().int().optional(),
});

/** `providerOptions.ollama`, as validated. */
export type OllamaProviderOptions = z.infer<typeof ollamaProviderOptionsSchema>;
