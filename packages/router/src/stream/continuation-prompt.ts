import type { LanguageModelV4Prompt } from '@ai-sdk/provider';
import type { StreamContinuation } from '@switchyard/core';

/** What the router asks a model after an explicit continuation (the answer so far precedes it, as an assistant message). */
export const continueInstruction =
  'Your previous answer was cut off. Continue it exactly where it stops, starting with the very next characters. Do not repeat any of it, do not restart, and add nothing before the continuation.';

/**
 * The prompt of a continuation attempt: the original prompt plus the text the
 * caller already received, handed over as
 *
 * - `prefill`: an assistant message the model continues;
 * - `explicit`: an assistant message, then a user message asking to continue
 *   it ({@link continueInstruction}), for targets that reject a prefill;
 * - `restart`: nothing was delivered but reasoning: the original prompt.
 *
 * A prompt that already ends with an assistant message (the caller's own
 * prefill) gets the delivered text appended to that message.
 *
 * @param options.prompt the request's prompt.
 * @param options.delivered the text the caller received so far.
 * @param options.mode how to hand it over.
 * @returns the prompt to send (the original when `mode` is `restart`).
 * @example
 * ```ts
 * continuationPrompt({ prompt, delivered: 'The answer is', mode: 'prefill' }).at(-1);
 * // { role: 'assistant', content: [{ type: 'text', text: 'The answer is' }] }
 * ```
 */
export function continuationPrompt(options: {
  prompt: LanguageModelV4Prompt;
  delivered: string;
  mode: StreamContinuation['mode'];
}): LanguageModelV4Prompt {
  const { prompt, delivered, mode } = options;
  if (mode === 'restart') return prompt;
  const last = prompt.at(-1);
  // A prompt that ends with the caller's own prefill: what was delivered continues that message.
  const answered: LanguageModelV4Prompt =
    last?.role === 'assistant'
      ? [...prompt.slice(0, -1), { ...last, content: [...last.content, { type: 'text', text: delivered }] }]
      : [...prompt, { role: 'assistant', content: [{ type: 'text', text: delivered }] }];
  if (mode === 'prefill') return answered;
  return [...answered, { role: 'user', content: [{ type: 'text', text: continueInstruction }] }];
}
