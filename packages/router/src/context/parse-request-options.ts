import type { CompiledPolicy } from '@switchyard/core';
import { fastParseRequestOptions } from './fast-parse-request-options.js';
import type { ParsedRequestOptions } from './request-options-schema.js';
import { zodParseRequestOptions } from './zod-parse-request-options.js';

/**
 * Parses per-request options: {@link fastParseRequestOptions} for what it
 * can prove valid (the common case, without zod), else
 * {@link zodParseRequestOptions}, which accepts the rest of what is valid and
 * words every error. Both give the same result for every input. Nothing is
 * cached: a caller may change its options object between calls.
 *
 * @param input `providerOptions.switchyard`, or a `withContext` context.
 * @param policy the compiled policy (its jurisdictions and data classes).
 * @param callOptions whether `deadlineMs` and `midStream` are allowed (not in a `withContext` context).
 * @returns the context, deadline and mid-stream mode.
 * @throws {RequestOptionsError} with every problem when the input is invalid.
 *
 * @example
 * ```ts
 * parseRequestOptions({ jurisdiction: 'DE', midStream: 'error' }, policy, true);
 * // { context: { jurisdiction: 'DE' }, deadlineMs: undefined, midStream: 'error' }
 * ```
 */
export function parseRequestOptions(
  input: unknown,
  policy: CompiledPolicy,
  callOptions: boolean,
): ParsedRequestOptions {
  return (
    fastParseRequestOptions(input, policy, callOptions) ?? zodParseRequestOptions(input, policy, callOptions)
  );
}
