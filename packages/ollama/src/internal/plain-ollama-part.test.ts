import { tallyHandCheck, withField } from '@switchyard/core/testing';
import { describe, expect, it } from 'vitest';
import { ollamaChatResponseSchema } from './ollama-wire.js';
import { plainOllamaPart } from './plain-ollama-part.js';

const part = {
  model: 'llama3.2',
  created_at: '2025-07-07T20:22:19.184Z',
  message: { role: 'assistant', content: 'Hello', thinking: 'hm' },
  done: true,
  done_reason: 'stop',
  prompt_eval_count: 12,
  eval_count: 3,
  total_duration: 1,
  load_duration: 1,
  prompt_eval_duration: 1,
  eval_duration: 1,
};

/** Values of every kind JSON can bring, for each field. */
const kinds: unknown[] = [undefined, null, 'text', '', 0, 1.5, true, false, {}, [], { content: 'x' }, ['x']];

const paths = [
  ...Object.keys(part).map((key) => [key]),
  ['message', 'content'],
  ['message', 'thinking'],
  ['message', 'tool_calls'],
];

describe('plainOllamaPart', () => {
  it('accepts the common part as it is (no copy)', () => {
    expect(plainOllamaPart(part)).toBe(part);
    expect(plainOllamaPart({ message: { content: 'a' }, done: false })).toEqual({
      message: { content: 'a' },
      done: false,
    });
  });

  it('never accepts what the schema rejects, whatever kind of value any field holds', () => {
    const tally = tallyHandCheck({
      samples: [part],
      kinds,
      paths: () => paths,
      handCheck: plainOllamaPart,
      schemaAccepts: (candidate, fast) => {
        const schema = ollamaChatResponseSchema.safeParse(candidate);
        if (schema.success) expect(schema.data).toEqual(fast);
        return schema.success;
      },
    });
    expect(tally.wronglyAccepted).toEqual([]);
    expect(tally.accepted).toBeGreaterThan(paths.length * 2);
  });

  it('leaves tool calls, and what is not an object, to the schema', () => {
    expect(plainOllamaPart(withField(part, ['message', 'tool_calls'], []))).toBeUndefined();
    for (const value of [null, 'x', 1, [], [part]]) expect(plainOllamaPart(value)).toBeUndefined();
  });
});
