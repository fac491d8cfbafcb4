import type { ClassifiedFailure, ProviderError } from '@switchyard/core';
import { callFailure, type ProviderCall } from '@switchyard/core/adapter';
import { classifyResponseFailure, readableMessage, readErrorEnvelope } from '@switchyard/core/failure';
import { openAISignals } from '../classify-openai-error.js';

/** An answer withheld by the content filter: `finish_reason: content_filter` with no content. */
export const contentFiltered: ClassifiedFailure = {
  kind: 'content_filtered',
  code: 'content_filter',
  message: 'the answer was withheld by the content filter (finish_reason content_filter, no content)',
};

/**
 * The classified error of a body or chunk that is an error envelope
 * (`{"error": {...}}`, or `{"error": "..."}` from some servers) served with
 * status 200 or inside a stream; `undefined` for anything else.
 *
 * @param value a parsed body or chunk.
 * @param call the call.
 * @returns the error, or `undefined`.
 */
export function openAIErrorInBody(value: unknown, call: ProviderCall): ProviderError | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const error = (value as { error?: unknown }).error;
  if (error === undefined || error === null || error === false) return undefined;
  const envelope = readErrorEnvelope(value);
  return callFailure(
    call,
    classifyResponseFailure({
      signal: {
        status: undefined,
        code: envelope.code,
        type: envelope.type,
        message: readableMessage(envelope.message ?? JSON.stringify(error)),
      },
      signals: openAISignals,
    }),
  );
}
