import {
  type CompiledPolicy,
  type MidStreamMode,
  midStreamModes,
  type RequestContext,
  requestContextProblems,
} from '@switchyard/core';
import type { ParsedRequestOptions } from './request-options-schema.js';

/** A non-empty string: what `z.string().min(1)` accepts unchanged. */
const isNonEmptyString = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

/** A copy of `value` when it is an array of non-empty strings (as `z.array(...)` returns it), else `undefined`. */
function copyTags(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const length = value.length;
  const tags = new Array<string>(length);
  for (let index = 0; index < length; index++) {
    const tag: unknown = value[index];
    if (!isNonEmptyString(tag)) return undefined;
    tags[index] = tag;
  }
  return tags;
}

/**
 * Reads per-request options without zod, for the inputs it can prove valid:
 * a non-array object whose every enumerable key (own or inherited, as
 * `for...in` lists them and zod's `.strict()` checks them) is a known field,
 * each field absent, `undefined` or of the right type (non-empty strings,
 * an array of non-empty strings, a positive safe integer, a known mode),
 * and a jurisdiction and data class the policy knows. Its result is then
 * exactly {@link zodParseRequestOptions}'s: the same fields in the schema's
 * order, a field given as `undefined` kept as `undefined`, the tags copied.
 * For anything else it returns `undefined` and the caller takes the zod
 * path, which says what is wrong (property-tested against it).
 *
 * @param input `providerOptions.switchyard`, or a `withContext` context.
 * @param policy the compiled policy (its jurisdictions and data classes).
 * @param callOptions whether `deadlineMs` and `midStream` are allowed.
 * @returns the parsed options, or `undefined` when only zod can tell.
 *
 * @example
 * ```ts
 * fastParseRequestOptions({ jurisdiction: 'DE', tenant: 'acme' }, policy, true);
 * // { context: { jurisdiction: 'DE', tenant: 'acme' }, deadlineMs: undefined, midStream: undefined }
 * fastParseRequestOptions({ jurisdiction: '' }, policy, true); // undefined: zod words the error
 * ```
 */
export function fastParseRequestOptions(
  input: unknown,
  policy: CompiledPolicy,
  callOptions: boolean,
): ParsedRequestOptions | undefined {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return undefined;
  const given = input as Record<string, unknown>;
  for (const key in given) {
    if (
      key !== 'jurisdiction' &&
      key !== 'dataClass' &&
      key !== 'tenant' &&
      key !== 'tags' &&
      !(callOptions && (key === 'deadlineMs' || key === 'midStream'))
    ) {
      return undefined;
    }
  }
  // The fields in the schema's order, as zod writes them; `in` (not own keys) as zod tests presence.
  const context: RequestContext = {};
  const jurisdiction = given.jurisdiction;
  if (jurisdiction !== undefined) {
    if (!isNonEmptyString(jurisdiction)) return undefined;
    context.jurisdiction = jurisdiction;
  } else if ('jurisdiction' in given) context.jurisdiction = undefined;
  const dataClass = given.dataClass;
  if (dataClass !== undefined) {
    if (!isNonEmptyString(dataClass)) return undefined;
    context.dataClass = dataClass;
  } else if ('dataClass' in given) context.dataClass = undefined;
  const tenant = given.tenant;
  if (tenant !== undefined) {
    if (!isNonEmptyString(tenant)) return undefined;
    context.tenant = tenant;
  } else if ('tenant' in given) context.tenant = undefined;
  const givenTags = given.tags;
  if (givenTags !== undefined) {
    const tags = copyTags(givenTags);
    if (tags === undefined) return undefined;
    context.tags = tags;
  } else if ('tags' in given) context.tags = undefined;
  let deadlineMs: number | undefined;
  let midStream: MidStreamMode | undefined;
  if (callOptions) {
    const givenDeadline = given.deadlineMs;
    if (givenDeadline !== undefined) {
      if (!(typeof givenDeadline === 'number' && Number.isSafeInteger(givenDeadline) && givenDeadline > 0)) {
        return undefined;
      }
      deadlineMs = givenDeadline;
    }
    const givenMode = given.midStream;
    if (givenMode !== undefined) {
      if (!(midStreamModes as readonly unknown[]).includes(givenMode)) return undefined;
      midStream = givenMode as MidStreamMode;
    }
  }
  const problems = requestContextProblems({
    context,
    jurisdictions: policy.jurisdictions,
    callers: policy.callers,
  });
  if (problems.length !== 0) return undefined;
  return { context, deadlineMs, midStream };
}
