import { z } from 'zod';

/**
 * `providerOptions['llama-cpp']` of a call: node-llama-cpp generation options
 * the AI SDK call options have no field for, by node-llama-cpp's names.
 * Validated before any work by `parseProviderOptions`: an unknown key fails
 * as `invalid_request` (`invalid_provider_options`) naming the closest valid
 * one; `model`, `messages`, `prompt`, `system` and `stream` are never
 * accepted.
 *
 * @example
 * ```ts
 * await generateText({ model: llamaCpp('./tiny.gguf'), prompt, temperature: 0.8, providerOptions: { 'llama-cpp': { minP: 0.05 } } });
 * ```
 */
export const llamaCppProviderOptionsSchema = z.strictObject({
  /** Min-p sampling: drop tokens less likely than `minP` times the most likely one (0 to 1; 0 turns it off). */
  minP: z.number().min(0).max(1).optional(),
});

/** `providerOptions['llama-cpp']`, as validated. */
export type LlamaCppProviderOptions = z.infer<typeof llamaCppProviderOptionsSchema>;
