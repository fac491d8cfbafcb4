import { promptTexts } from '@switchyard/core/failure';
import type { RequestState } from './request-state.js';

/**
 * The texts of a request's prompts that a provider's error could quote, kept
 * out of records and errors unless `recordPrompts` is on: the caller's
 * prompt ({@link promptTexts}) and, once its stream is being continued, the
 * answer the caller already had, which each continuation's prompt carries
 * (as an assistant prefill or before the request to continue). Called on the
 * failure path only.
 *
 * @param request the request whose attempt failed.
 * @returns the texts, in order.
 * @example
 * ```ts
 * redactQuotedText(failure.message, requestPromptTexts(request));
 * ```
 */
export function requestPromptTexts(request: RequestState): string[] {
  const texts = promptTexts(request.callOptions.prompt);
  if (request.continuedAnswer) texts.push(request.continuedAnswer);
  return texts;
}
