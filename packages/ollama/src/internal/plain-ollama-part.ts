import type { OllamaChatResponse } from './ollama-wire.js';

const countFields = [
  'prompt_eval_count',
  'eval_count',
  'total_duration',
  'load_duration',
  'prompt_eval_duration',
  'eval_duration',
] as const;

const isOptionalString = (value: unknown) => value == null || typeof value === 'string';

/**
 * The stream part as it is, when it is the common shape the stream decoder
 * reads (every field of `ollamaChatResponseSchema` absent, `null` or of its
 * type, and no tool calls), else `undefined`: then the part goes through the
 * schema (`parseWire`), which also names what is wrong. A hand check of a
 * dozen fields costs a fraction of the schema's copy of the object, and
 * nearly every part of an answer is this shape. It never accepts what the
 * schema rejects (checked field by field in its tests).
 *
 * @param value a parsed NDJSON line.
 * @returns the part, typed, or `undefined`.
 */
export function plainOllamaPart(value: unknown): OllamaChatResponse | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const part = value as Record<string, unknown>;
  if (!isOptionalString(part.model) || !isOptionalString(part.created_at)) return undefined;
  if (!(part.done == null || typeof part.done === 'boolean') || !isOptionalString(part.done_reason))
    return undefined;
  for (const field of countFields) {
    const count = part[field];
    if (!(count == null || typeof count === 'number')) return undefined;
  }
  const message = part.message;
  if (message != null) {
    if (typeof message !== 'object' || Array.isArray(message)) return undefined;
    const { content, thinking, tool_calls: toolCalls } = message as Record<string, unknown>;
    if (!isOptionalString(content) || !isOptionalString(thinking) || toolCalls != null) return undefined;
  }
  return part as OllamaChatResponse;
}
