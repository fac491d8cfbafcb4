import { redactErrorPrompt } from '@switchyard/core/failure';
import { requestPromptTexts } from '../request/request-prompt-texts.js';
import type { RequestState } from '../request/request-state.js';
import type { RouterState } from '../router-state.js';

/**
 * The `cause` a request's error hands the caller: what the provider threw,
 * untouched when `recordPrompts` is on or when it is the caller's own abort
 * reason; otherwise without the prompt ({@link redactErrorPrompt}: a copy of
 * the same class whose request body is a marker and whose strings quote no
 * run of the prompt's text), so that `console.error(error)`, which prints the
 * cause, logs no prompt. Called on the failure path only.
 */
export function promptFreeCause(state: RouterState, request: RequestState, cause: unknown): unknown {
  if (cause === undefined || cause === null || state.options.recordPrompts) return cause;
  if (cause === request.callOptions.abortSignal?.reason) return cause;
  return redactErrorPrompt(cause, requestPromptTexts(request));
}
