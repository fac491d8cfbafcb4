import type { z } from 'zod';
import type { AnthropicMessage, messageDeltaSchema } from './anthropic-wire.js';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Absent, `null` or a string: what `z.string().nullish()` accepts. */
const nullishString = (value: unknown): boolean => value == null || typeof value === 'string';

/** Absent, `null` or a finite number: what `z.number().nullish()` accepts. */
const nullishCount = (value: unknown): boolean => value == null || Number.isFinite(value);

/** Absent, `null`, or a usage with counts of their types, without `iterations` (those go to the schema). */
function plainUsage(usage: unknown): boolean {
  if (usage == null) return true;
  if (!isObject(usage) || usage.iterations != null) return false;
  const details = usage.output_tokens_details;
  return (
    nullishCount(usage.input_tokens) &&
    nullishCount(usage.output_tokens) &&
    nullishCount(usage.cache_read_input_tokens) &&
    nullishCount(usage.cache_creation_input_tokens) &&
    (details == null || (isObject(details) && nullishCount(details.thinking_tokens)))
  );
}

/**
 * The message as it is, when every field `anthropicMessageSchema` checks is
 * there with its type (or absent) and its usage has no `iterations`, else
 * `undefined`: then the message goes through the schema (`parseWire`), which
 * also names what is wrong. A hand check of a dozen fields costs a fraction
 * of the schema parse, which copies the whole message. It never accepts what
 * the schema rejects (checked field by field, and on generated messages, in
 * its tests).
 *
 * @param value a parsed Messages API response body.
 * @returns the message, typed, or `undefined`.
 */
export function plainAnthropicMessage(value: unknown): AnthropicMessage | undefined {
  if (!isObject(value)) return undefined;
  if (
    !nullishString(value.id) ||
    !nullishString(value.model) ||
    !nullishString(value.stop_reason) ||
    !nullishString(value.stop_sequence) ||
    !plainUsage(value.usage)
  )
    return undefined;
  const content = value.content;
  if (content != null) {
    if (!Array.isArray(content)) return undefined;
    for (const block of content) if (!isObject(block) || typeof block.type !== 'string') return undefined;
  }
  return value as AnthropicMessage;
}

/** A `message_delta` event as read. */
export type PlainMessageDelta = z.infer<typeof messageDeltaSchema>;

/**
 * The `message_delta` event as it is, when its `delta` (stop reason and stop
 * sequence) and `usage` have their types (or are absent) and its usage has no
 * `iterations`, else `undefined`: then it goes through `messageDeltaSchema`,
 * which also names what is wrong. Never accepts what the schema rejects
 * (tested like {@link plainAnthropicMessage}).
 *
 * @param value a parsed `message_delta` event.
 * @returns the event, typed, or `undefined`.
 */
export function plainMessageDelta(value: unknown): PlainMessageDelta | undefined {
  if (!isObject(value) || !plainUsage(value.usage)) return undefined;
  const delta = value.delta;
  if (
    delta != null &&
    !(isObject(delta) && nullishString(delta.stop_reason) && nullishString(delta.stop_sequence))
  )
    return undefined;
  return value as PlainMessageDelta;
}
