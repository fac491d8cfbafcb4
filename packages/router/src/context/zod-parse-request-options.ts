import { type CompiledPolicy, RequestContextSchema, safeParseRequestContext } from '@switchyard/core';
import { RequestOptionsError } from '../errors/request-options-error.js';
import { type ParsedRequestOptions, RequestOptionsSchema } from './request-options-schema.js';

/**
 * Parses per-request options with zod ({@link safeParseRequestContext}, the
 * validator `switchyard explain` shares): the reference for what is valid
 * and the source of every error message. {@link parseRequestOptions} takes
 * this path for every input its fast path cannot prove valid.
 *
 * @param input `providerOptions.switchyard`, or a `withContext` context.
 * @param policy the compiled policy (its jurisdictions and data classes).
 * @param callOptions whether `deadlineMs` and `midStream` are allowed
 *   ({@link RequestOptionsSchema}) or only a context's fields (`withContext`).
 * @returns the context, deadline and mid-stream mode.
 * @throws {RequestOptionsError} with every problem when the input is invalid.
 *
 * @example
 * ```ts
 * zodParseRequestOptions({ jurisdiction: 'DE', deadlineMs: 500 }, policy, true);
 * // { context: { jurisdiction: 'DE' }, deadlineMs: 500, midStream: undefined }
 * ```
 */
export function zodParseRequestOptions(
  input: unknown,
  policy: CompiledPolicy,
  callOptions: boolean,
): ParsedRequestOptions {
  const parsed = safeParseRequestContext({
    input,
    policy,
    schema: callOptions ? RequestOptionsSchema : RequestContextSchema,
  });
  if (!parsed.success) throw new RequestOptionsError({ issues: parsed.issues });
  const { deadlineMs, midStream, ...context } = parsed.data as typeof parsed.data &
    Partial<ParsedRequestOptions>;
  return { context, deadlineMs, midStream };
}
