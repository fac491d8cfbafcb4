import { fieldPaths, tallyHandCheck } from '@switchyard/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anthropicMessageSchema, messageDeltaSchema } from './anthropic-wire.js';
import { plainAnthropicMessage, plainMessageDelta } from './plain-anthropic-message.js';

const messages: Record<string, unknown>[] = [
  {
    id: 'msg_1',
    type: 'message',
    role: 'assistant',
    model: 'claude-sonnet-5',
    content: [
      { type: 'text', text: 'Hello' },
      { type: 'tool_use', id: 'toolu_1', name: 'weather', input: { city: 'Oslo' } },
    ],
    stop_reason: 'tool_use',
    stop_sequence: null,
    usage: {
      input_tokens: 8,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 2,
      output_tokens: 16,
      output_tokens_details: { thinking_tokens: 4 },
      service_tier: 'standard',
    },
  },
  { id: 'msg_2', content: [], stop_reason: 'end_turn', usage: { input_tokens: 1, output_tokens: 1 } },
];

/** Values of every kind JSON can bring, for each field. */
const kinds: unknown[] = [
  undefined,
  null,
  'text',
  '',
  0,
  -1,
  1.5,
  Number.POSITIVE_INFINITY,
  Number.NaN,
  true,
  false,
  {},
  [],
  { type: 'text' },
  ['x'],
  [{ type: 'message' }],
];

const schemaAccepts = (value: unknown): boolean => anthropicMessageSchema.safeParse(value).success;

describe('plainAnthropicMessage', () => {
  it('accepts common messages as they are (no copy)', () => {
    for (const message of messages) expect(plainAnthropicMessage(message)).toBe(message);
  });

  it('never accepts what the schema rejects, whatever kind of value any field holds', () => {
    const tally = tallyHandCheck({
      samples: messages,
      kinds,
      paths: (message) => [[], ...fieldPaths(message)],
      handCheck: plainAnthropicMessage,
      schemaAccepts,
    });
    expect(tally.wronglyAccepted).toEqual([]);
    expect(tally.accepted).toBeGreaterThan(messages.length * 10);
    expect(tally.rejected).toBeGreaterThan(messages.length * 10);
  });

  it('never accepts what the schema rejects, on generated messages', () => {
    const anything = fc.oneof(
      fc.constant(undefined),
      fc.constant(null),
      fc.string(),
      fc.integer(),
      fc.jsonValue({ maxDepth: 1 }),
      fc.constantFrom(Number.POSITIVE_INFINITY, Number.NaN, -0),
    );
    const count = fc.oneof({ arbitrary: fc.nat(), weight: 3 }, anything);
    const text = fc.oneof({ arbitrary: fc.string(), weight: 3 }, anything);
    const block = fc.oneof(
      { arbitrary: fc.record({ type: text, text: anything }, { requiredKeys: [] }), weight: 3 },
      anything,
    );
    const usage = fc.oneof(
      {
        arbitrary: fc.record(
          {
            input_tokens: count,
            output_tokens: count,
            cache_read_input_tokens: count,
            cache_creation_input_tokens: count,
            output_tokens_details: fc.oneof(
              fc.record({ thinking_tokens: count }, { requiredKeys: [] }),
              anything,
            ),
            iterations: fc.oneof(
              fc.constant(undefined),
              fc.constant(null),
              fc.array(anything, { maxLength: 2 }),
            ),
          },
          { requiredKeys: [] },
        ),
        weight: 3,
      },
      anything,
    );
    const fields = {
      id: text,
      model: text,
      content: fc.oneof({ arbitrary: fc.array(block, { maxLength: 3 }), weight: 3 }, anything),
      stop_reason: text,
      stop_sequence: text,
      usage,
    };
    const message = fc.oneof(
      { arbitrary: fc.record(fields, { requiredKeys: [] }), weight: 4 },
      fc.record(fields),
      anything,
    );
    fc.assert(
      fc.property(message, (candidate) => {
        if (plainAnthropicMessage(candidate) !== undefined) expect(schemaAccepts(candidate)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves usage with iterations, and what is not an object, to the schema', () => {
    for (const value of [
      { content: [], usage: { input_tokens: 1, iterations: [{ type: 'message', input_tokens: 1 }] } },
      { content: [], usage: { input_tokens: 1, iterations: [] } },
      null,
      'message',
      [{ content: [] }],
    ])
      expect(plainAnthropicMessage(value)).toBeUndefined();
  });
});

const deltas: Record<string, unknown>[] = [
  {
    type: 'message_delta',
    delta: { stop_reason: 'end_turn', stop_sequence: null },
    usage: { output_tokens: 16, output_tokens_details: { thinking_tokens: 3 } },
  },
  { type: 'message_delta', delta: { stop_reason: 'stop_sequence', stop_sequence: 'END' } },
];

describe('plainMessageDelta', () => {
  it('accepts common message_delta events as they are (no copy)', () => {
    for (const delta of deltas) expect(plainMessageDelta(delta)).toBe(delta);
  });

  it('never accepts what the schema rejects, whatever kind of value any field holds', () => {
    const tally = tallyHandCheck({
      samples: deltas,
      kinds,
      paths: (delta) => [[], ...fieldPaths(delta)],
      handCheck: plainMessageDelta,
      schemaAccepts: (candidate) => messageDeltaSchema.safeParse(candidate).success,
    });
    expect(tally.wronglyAccepted).toEqual([]);
    expect(tally.accepted).toBeGreaterThan(deltas.length * 5);
    expect(tally.rejected).toBeGreaterThan(deltas.length * 5);
  });

  it('leaves usage with iterations, and what is not an object, to the schema', () => {
    for (const value of [{ delta: {}, usage: { output_tokens: 1, iterations: [] } }, null, [{ delta: {} }]])
      expect(plainMessageDelta(value)).toBeUndefined();
  });
});
