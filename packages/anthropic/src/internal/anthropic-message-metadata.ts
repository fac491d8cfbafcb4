import type { JSONValue } from '@ai-sdk/provider';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** What a message says about itself beside its content, as sent (snake_case). */
interface MessageFacts {
  service_tier?: unknown;
  stop_details?: unknown;
  container?: unknown;
  context_management?: unknown;
  input_transformations?: unknown;
  safeguard_results?: unknown;
}

/** The fields of {@link MessageFacts}, read from a message or a `message_delta`. */
const factKeys = [
  'service_tier',
  'stop_details',
  'container',
  'context_management',
  'input_transformations',
  'safeguard_results',
] as const;

/** Copies the facts `source` holds (not absent, not `null`) over `into`. */
function takeFacts(into: MessageFacts, source: unknown): void {
  if (!isObject(source)) return;
  for (const key of factKeys) if (source[key] != null) into[key] = source[key];
}

/**
 * What a stream's messages say about themselves beside content, stop reason
 * and usage, gathered as it comes (once per message event, never per part):
 * from `message_start`'s message, then each `message_delta`'s `delta`
 * (`container`, `stop_details`, `safeguard_results`) and the event itself
 * (`context_management`, `input_transformations`); a later value replaces an
 * earlier one, as in `@ai-sdk/anthropic`.
 */
export class StreamMessageFacts {
  readonly #facts: MessageFacts = {};

  /** The facts of a `message_start`'s message. */
  message(message: unknown): void {
    takeFacts(this.#facts, message);
  }

  /** The facts of a `message_delta` event: on the event and in its `delta`. */
  delta(event: Record<string, unknown>): void {
    takeFacts(this.#facts, event);
    takeFacts(this.#facts, event.delta);
  }

  /** The `stop_details` gathered, as sent. */
  get stopDetails(): unknown {
    return this.#facts.stop_details;
  }

  /** The metadata of the facts gathered, with the usage's (see {@link anthropicMessageMetadata}). */
  metadata(usage: unknown): Record<string, JSONValue> {
    return anthropicMessageMetadata(this.#facts, usage);
  }
}

/**
 * The `providerMetadata.anthropic` fields of a message's facts, under the keys
 * `@ai-sdk/anthropic` gives them: `iterations`, `container` and
 * `contextManagement` always (`null` when the message has none, as there),
 * the others only when the message has them:
 *
 * - `serviceTier`: `usage.service_tier`, else the message's `service_tier`;
 * - `stopDetails`: `stop_details` (`{ type, category?, explanation?, recommendedModel? }`);
 * - `iterations`: `usage.iterations`, each `{ type, model?, inputTokens, outputTokens,
 *   cacheCreationInputTokens?, cacheReadInputTokens? }`;
 * - `container`: `{ expiresAt, id, skills }` (`skills`: `[{ type, skillId, version }]` or `null`);
 * - `contextManagement`: `{ appliedEdits }`, each edit of a known type under
 *   `@ai-sdk/anthropic`'s names, an edit of another type as sent
 *   (`@ai-sdk/anthropic` drops it);
 * - `inputTransformations`, `safeguardResults`: as sent.
 *
 * @param facts the message's facts, as sent.
 * @param usage the message's usage (of the message, or the merged stream usage).
 * @returns the fields.
 */
export function anthropicMessageMetadata(facts: MessageFacts, usage: unknown): Record<string, JSONValue> {
  const metadata: Record<string, JSONValue> = {};
  const serviceTier = (isObject(usage) ? usage.service_tier : undefined) ?? facts.service_tier;
  if (typeof serviceTier === 'string') metadata.serviceTier = serviceTier;
  const stopDetails = facts.stop_details;
  if (isObject(stopDetails)) {
    metadata.stopDetails = {
      type: stopDetails.type as JSONValue,
      ...(stopDetails.category == null ? {} : { category: stopDetails.category as JSONValue }),
      ...(stopDetails.explanation == null ? {} : { explanation: stopDetails.explanation as JSONValue }),
      ...(stopDetails.recommended_model == null
        ? {}
        : { recommendedModel: stopDetails.recommended_model as JSONValue }),
    };
  }
  const iterations = isObject(usage) ? usage.iterations : undefined;
  metadata.iterations = Array.isArray(iterations)
    ? iterations.map((step) => (isObject(step) ? iterationOf(step) : (step as JSONValue)))
    : null;
  const container = facts.container;
  metadata.container = null;
  if (isObject(container)) {
    metadata.container = {
      expiresAt: container.expires_at as JSONValue,
      id: container.id as JSONValue,
      skills: Array.isArray(container.skills)
        ? container.skills.map((skill) =>
            isObject(skill)
              ? {
                  type: skill.type as JSONValue,
                  skillId: skill.skill_id as JSONValue,
                  version: skill.version as JSONValue,
                }
              : (skill as JSONValue),
          )
        : null,
    };
  }
  const contextManagement = facts.context_management;
  metadata.contextManagement = null;
  if (isObject(contextManagement) && Array.isArray(contextManagement.applied_edits))
    metadata.contextManagement = {
      appliedEdits: contextManagement.applied_edits.map((edit) =>
        isObject(edit) ? appliedEditOf(edit) : (edit as JSONValue),
      ),
    };
  if (Array.isArray(facts.input_transformations))
    metadata.inputTransformations = facts.input_transformations as JSONValue;
  if (Array.isArray(facts.safeguard_results))
    metadata.safeguardResults = facts.safeguard_results as JSONValue;
  return metadata;
}

/** A generated message's facts: its own fields. */
export function messageFactsOf(message: unknown): MessageFacts {
  const facts: MessageFacts = {};
  takeFacts(facts, message);
  return facts;
}

function iterationOf(step: Record<string, unknown>): JSONValue {
  return {
    type: step.type as JSONValue,
    ...(step.model == null ? {} : { model: step.model as JSONValue }),
    inputTokens: step.input_tokens as JSONValue,
    outputTokens: step.output_tokens as JSONValue,
    ...(step.cache_creation_input_tokens
      ? { cacheCreationInputTokens: step.cache_creation_input_tokens as JSONValue }
      : {}),
    ...(step.cache_read_input_tokens
      ? { cacheReadInputTokens: step.cache_read_input_tokens as JSONValue }
      : {}),
  };
}

function appliedEditOf(edit: Record<string, unknown>): JSONValue {
  switch (edit.type) {
    case 'clear_tool_uses_20250919':
      return {
        type: edit.type,
        clearedToolUses: edit.cleared_tool_uses as JSONValue,
        clearedInputTokens: edit.cleared_input_tokens as JSONValue,
      };
    case 'clear_thinking_20251015':
      return {
        type: edit.type,
        clearedThinkingTurns: edit.cleared_thinking_turns as JSONValue,
        clearedInputTokens: edit.cleared_input_tokens as JSONValue,
      };
    case 'compact_20260112':
      return { type: edit.type };
    default:
      // An edit type newer than @ai-sdk/anthropic's (which drops it): kept as sent.
      return edit as JSONValue;
  }
}
