/** A `content_block_delta` of one of the three kinds nearly every event of an answer is. */
export type PlainAnthropicDelta = {
  type: 'content_block_delta';
  index: number;
  delta:
    | { type: 'text_delta'; text: string }
    | { type: 'thinking_delta'; thinking: string }
    | { type: 'input_json_delta'; partial_json: string };
};

/** A stream event the stream decoder reads without its schemas: `ping`, `content_block_stop`, `message_stop` and the common deltas. */
export type PlainAnthropicEvent =
  | PlainAnthropicDelta
  | { type: 'ping' }
  | { type: 'message_stop' }
  | { type: 'content_block_stop'; index: number };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The delta field each common delta type carries, as a string. */
const deltaText: Readonly<Record<string, string>> = {
  text_delta: 'text',
  thinking_delta: 'thinking',
  input_json_delta: 'partial_json',
};

/**
 * The event as it is, when it is one of the shapes nearly every event of an
 * answer has and every field the decoder's schemas check for it is there
 * and of its type (`anthropicEventSchema`, then `contentBlockDeltaSchema`
 * and `textDeltaSchema`, `thinkingDeltaSchema` or `inputJsonDeltaSchema`;
 * `contentBlockStopSchema`), else `undefined`: then the event goes through
 * the schemas (`parseWire`), which also name what is wrong. A hand check of
 * three fields costs a fraction of three schema parses, and an answer is
 * mostly deltas. It never accepts what the schemas reject (checked field by
 * field, and on generated events, in its tests).
 *
 * @param value a parsed SSE `data:` payload.
 * @returns the event, typed, or `undefined`.
 */
export function plainAnthropicEvent(value: unknown): PlainAnthropicEvent | undefined {
  if (!isObject(value)) return undefined;
  switch (value.type) {
    case 'content_block_delta': {
      const delta = value.delta;
      if (!Number.isFinite(value.index) || !isObject(delta) || typeof delta.type !== 'string')
        return undefined;
      const field = Object.hasOwn(deltaText, delta.type) ? deltaText[delta.type] : undefined;
      return field !== undefined && typeof delta[field] === 'string'
        ? (value as PlainAnthropicDelta)
        : undefined;
    }
    case 'content_block_stop':
      return Number.isFinite(value.index) ? (value as PlainAnthropicEvent) : undefined;
    case 'ping':
    case 'message_stop':
      return value as PlainAnthropicEvent;
    default:
      return undefined;
  }
}
