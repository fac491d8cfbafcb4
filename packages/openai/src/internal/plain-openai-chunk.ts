import type { OpenAIChunk } from './openai-wire.js';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isOptionalString = (value: unknown) => value == null || typeof value === 'string';
const isOptionalNumber = (value: unknown) => value == null || Number.isFinite(value);

/** `fields` of `value` (absent, `null` or finite numbers). */
function hasOptionalNumbers(value: Record<string, unknown>, fields: readonly string[]): boolean {
  for (const field of fields) if (!isOptionalNumber(value[field])) return false;
  return true;
}

/** Absent, `null`, or an object whose `fields` are absent, `null` or finite numbers. */
function isOptionalCounts(value: unknown, fields: readonly string[]): boolean {
  return value == null || (isObject(value) && hasOptionalNumbers(value, fields));
}

/** Absent, `null`, or an object whose `fields` are absent, `null` or strings. */
function isOptionalTexts(value: unknown, first: string, second: string): boolean {
  return (
    value == null || (isObject(value) && isOptionalString(value[first]) && isOptionalString(value[second]))
  );
}

const usageCounts = [
  'prompt_tokens',
  'completion_tokens',
  'total_tokens',
  'prompt_cache_hit_tokens',
  'reasoning_tokens',
] as const;
const promptDetailCounts = ['cached_tokens', 'cache_write_tokens'] as const;
const completionDetailCounts = [
  'reasoning_tokens',
  'accepted_prediction_tokens',
  'rejected_prediction_tokens',
] as const;

/** A `usage` of the schema's shape: its counts absent, `null` or finite numbers, its details likewise. */
function isPlainUsage(value: unknown): boolean {
  if (value == null) return true;
  return (
    isObject(value) &&
    hasOptionalNumbers(value, usageCounts) &&
    isOptionalCounts(value.prompt_tokens_details, promptDetailCounts) &&
    isOptionalCounts(value.completion_tokens_details, completionDetailCounts)
  );
}

/** One tool-call fragment of the schema's shape: index, id, type, function and custom absent, `null` or of their type. */
function isPlainToolCall(value: unknown): boolean {
  return (
    isObject(value) &&
    isOptionalNumber(value.index) &&
    isOptionalString(value.id) &&
    isOptionalString(value.type) &&
    isOptionalTexts(value.function, 'name', 'arguments') &&
    isOptionalTexts(value.custom, 'name', 'input')
  );
}

/** Absent, `null`, or an array of plain tool-call fragments. */
function isPlainToolCalls(value: unknown): boolean {
  if (value == null) return true;
  if (!Array.isArray(value)) return false;
  for (const fragment of value) if (!isPlainToolCall(fragment)) return false;
  return true;
}

/** One choice of a common chunk: its fields absent, `null` or of their type; text and tool-call deltas only. */
function isPlainChoice(value: unknown): boolean {
  if (!isObject(value) || !isOptionalNumber(value.index) || !isOptionalString(value.finish_reason))
    return false;
  const delta = value.delta;
  if (delta == null) return true;
  if (!isObject(delta)) return false;
  return (
    isOptionalString(delta.content) &&
    isOptionalString(delta.refusal) &&
    isOptionalString(delta.reasoning_content) &&
    isOptionalString(delta.reasoning) &&
    isPlainToolCalls(delta.tool_calls) &&
    delta.annotations == null
  );
}

/**
 * The chunk as it is, when it is the common shape the stream decoder reads
 * (every field of `openAIChunkSchema` absent, `null` or of its type; text,
 * refusal and reasoning deltas as strings; tool-call fragments and the usage
 * of the schema's shape; no Groq usage, annotations or content parts), else
 * `undefined`: then the chunk goes through the schema (`parseWire`), which
 * also names what is wrong. A hand check of a dozen fields costs a fraction
 * of the schema's copy of the chunk, and nearly every chunk of an answer is
 * this shape (a stream's last chunk carries its usage, a tool call's chunks
 * its fragments). It never accepts what the schema rejects (checked field by
 * field, and on generated chunks, in its tests).
 *
 * @param value a parsed SSE `data:` payload.
 * @returns the chunk, typed, or `undefined`.
 */
export function plainOpenAIChunk(value: unknown): OpenAIChunk | undefined {
  if (!isObject(value)) return undefined;
  if (!isOptionalString(value.id) || !isOptionalString(value.model) || !isOptionalNumber(value.created))
    return undefined;
  if (value.x_groq != null || !isPlainUsage(value.usage)) return undefined;
  const choices = value.choices;
  if (choices != null) {
    if (!Array.isArray(choices)) return undefined;
    for (const choice of choices) if (!isPlainChoice(choice)) return undefined;
  }
  return value as OpenAIChunk;
}
