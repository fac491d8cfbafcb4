import type { ClassifiedFailure } from '@switchyard/core';
import { redactQuotedText, redactSecrets } from '@switchyard/core/failure';
import { classifyError } from '../classify/classify-error.js';
import type { PreparedTarget } from '../prepare/prepared-target.js';
import { requestPromptTexts } from '../request/request-prompt-texts.js';
import type { RequestState } from '../request/request-state.js';
import type { RouterState } from '../router-state.js';

/**
 * The failure of an attempt, classified once: the router's `classify` option
 * first, then the built-in classifiers. A `model_not_found` on a target that
 * served before becomes `model_withdrawn`: the model was there and is gone.
 * What the `classify` option says has its secrets removed (`redactSecrets`)
 * like every message the router keeps. Unless `recordPrompts` is on, any run
 * of the prompt's text the message quotes (12 characters or more; a
 * continuation's prompt too: {@link requestPromptTexts}) becomes
 * `[prompt text]` (`redactQuotedText`), after classification: the records,
 * the caller's error, the stream's `error` part, events and health keep none.
 */
export function classifyAttemptError(
  state: RouterState,
  request: RequestState,
  entry: PreparedTarget,
  error: unknown,
): ClassifiedFailure {
  const failure = classified(state, entry, error);
  if (state.options.recordPrompts) return failure;
  const message = redactQuotedText(failure.message, requestPromptTexts(request));
  return message === failure.message ? failure : { ...failure, message };
}

function classified(state: RouterState, entry: PreparedTarget, error: unknown): ClassifiedFailure {
  const custom = state.options.classify?.(error, {
    id: entry.target.id,
    provider: entry.target.provider,
    model: entry.target.model,
  });
  const failure =
    custom === undefined ? classifyError(error) : { ...custom, message: redactSecrets(custom.message) };
  if (failure.kind === 'cutoff' && failure.cutoffReason === 'model_not_found' && entry.health.record.served) {
    return {
      ...failure,
      cutoffReason: 'model_withdrawn',
      message: `${failure.message} (${entry.target.id} served before: the model was withdrawn)`,
    };
  }
  return failure;
}
