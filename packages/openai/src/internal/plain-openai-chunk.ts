import type { OpenAIChunk } from './openai-wire.js';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isOptionalString = (value: unknown) => value == null || typeof value === 'string';
const isOptionalNumber = (value: unknown) => value == null || Number.isFinite(value);

/** One choice of a common chunk: its fields absent, `null` or of their type; text deltas only. */
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
    delta.tool_calls == null &&
    delta.annotations == null
  );
}

/**
 * The chunk as it is, when it is the common shape the stream decoder reads
 * (every field of `openAIChunkSchema` absent, `null` or of its type; text,
 * refusal and reasoning deltas as strings; no usage, tool calls or
 * annotations), else `undefined`: then the chunk goes through the schema
 * (`parseWire`), which also names what is wrong. A hand check of a dozen
 * fields costs a fraction of the schema's copy of the chunk, and nearly
 * every chunk of an answer is this shape. It never accepts what the schema
 * rejects (checked field by field, and on generated chunks, in its tests).
 *
 * @param value a parsed SSE `data:` payload.
 * @returns the chunk, typed, or `undefined`.
 */
export function plainOpenAIChunk(value: unknown): OpenAIChunk | undefined {
  if (!isObject(value)) return undefined;
  if (!isOptionalString(value.id) || !isOptionalString(value.model) || !isOptionalNumber(value.created))
    return undefined;
  if (value.usage != null || value.x_groq != null) return undefined;
  const choices = value.choices;
  if (choices != null) {
    if (!Array.isArray(choices)) return undefined;
    for (const choice of choices) if (!isPlainChoice(choice)) return undefined;
  }
  return value as OpenAIChunk;
}
