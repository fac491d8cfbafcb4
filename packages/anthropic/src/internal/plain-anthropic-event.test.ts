import { tallyHandCheck } from '@switchyard/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  anthropicEventSchema,
  contentBlockDeltaSchema,
  contentBlockStopSchema,
  inputJsonDeltaSchema,
  textDeltaSchema,
  thinkingDeltaSchema,
} from './anthropic-wire.js';
import { plainAnthropicEvent } from './plain-anthropic-event.js';

/** The schemas the stream decoder parses an event with, in its order, when it is not plain. */
function schemasOf(event: Record<string, unknown>): z.ZodType[] {
  if (event.type === 'content_block_stop') return [anthropicEventSchema, contentBlockStopSchema];
  if (event.type !== 'content_block_delta') return [anthropicEventSchema];
  const delta = (event.delta as Record<string, unknown> | undefined)?.type;
  const field =
    delta === 'text_delta'
      ? textDeltaSchema
      : delta === 'thinking_delta'
        ? thinkingDeltaSchema
        : delta === 'input_json_delta'
          ? inputJsonDeltaSchema
          : undefined;
  return [anthropicEventSchema, contentBlockDeltaSchema, ...(field === undefined ? [] : [field])];
}

/** Whether every schema the decoder would parse `value` with accepts it, each part the way the decoder hands it on. */
function schemasAccept(value: unknown): boolean {
  if (!anthropicEventSchema.safeParse(value).success) return false;
  const event = value as Record<string, unknown>;
  const [, ...rest] = schemasOf(event);
  for (const schema of rest) {
    const part =
      schema === contentBlockDeltaSchema || schema === contentBlockStopSchema ? event : event.delta;
    if (!schema.safeParse(part).success) return false;
  }
  return true;
}

const events: Record<string, unknown>[] = [
  { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hello' } },
  { type: 'content_block_delta', index: 1, delta: { type: 'thinking_delta', thinking: 'hm' } },
  { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '{"a"' } },
  { type: 'content_block_stop', index: 0 },
  { type: 'message_stop' },
  { type: 'ping' },
];

/** Values of every kind JSON can bring, for each field. */
const kinds: unknown[] = [
  undefined,
  null,
  'text',
  '',
  'text_delta',
  'ping',
  0,
  -1,
  1.5,
  Number.POSITIVE_INFINITY,
  Number.NaN,
  true,
  false,
  {},
  [],
  { type: 'text_delta' },
  ['x'],
];

describe('plainAnthropicEvent', () => {
  it('accepts the common events as they are (no copy)', () => {
    for (const event of events) expect(plainAnthropicEvent(event)).toBe(event);
  });

  it('never accepts what the schemas reject, whatever kind of value any field holds', () => {
    const tally = tallyHandCheck({
      samples: events,
      kinds,
      handCheck: plainAnthropicEvent,
      schemaAccepts: schemasAccept,
    });
    expect(tally.wronglyAccepted).toEqual([]);
    expect(tally.accepted).toBeGreaterThan(events.length * 2);
    expect(tally.rejected).toBeGreaterThan(events.length * 2);
  });

  it('never accepts what the schemas reject, on generated events', () => {
    const anything = fc.oneof(
      fc.constant(undefined),
      fc.string(),
      fc.integer(),
      fc.jsonValue({ maxDepth: 1 }),
      fc.constantFrom(Number.POSITIVE_INFINITY, Number.NaN, -0),
    );
    const type = fc.oneof(
      {
        arbitrary: fc.constantFrom(
          'content_block_delta',
          'content_block_stop',
          'message_stop',
          'ping',
          'error',
        ),
        weight: 3,
      },
      anything,
    );
    const deltaType = fc.oneof(
      {
        arbitrary: fc.constantFrom('text_delta', 'thinking_delta', 'input_json_delta', 'signature_delta'),
        weight: 3,
      },
      anything,
    );
    const deltaFields = { type: deltaType, text: anything, thinking: anything, partial_json: anything };
    const delta = fc.oneof(
      { arbitrary: fc.record(deltaFields), weight: 3 },
      fc.record(deltaFields, { requiredKeys: [] }),
      anything,
    );
    const eventFields = { type, index: anything, delta };
    const event = fc.oneof(
      { arbitrary: fc.record(eventFields), weight: 3 },
      fc.record(eventFields, { requiredKeys: [] }),
      anything,
    );
    fc.assert(
      fc.property(event, (candidate) => {
        if (plainAnthropicEvent(candidate) !== undefined) expect(schemasAccept(candidate)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves every other event, and what is not an object, to the schemas', () => {
    for (const value of [
      { type: 'message_start', message: {} },
      { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 's' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'citations_delta', citation: {} } },
      { type: 'content_block_delta', index: 0, delta: { type: 'toString', toString: 'x' } },
      { type: 'error', error: { type: 'overloaded_error' } },
      null,
      'ping',
      [{ type: 'ping' }],
    ])
      expect(plainAnthropicEvent(value)).toBeUndefined();
  });
});
