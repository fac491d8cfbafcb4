import { fieldPaths, tallyHandCheck, withField } from '@switchyard/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openAIChunkSchema } from './openai-wire.js';
import { plainOpenAIChunk } from './plain-openai-chunk.js';

/** What every chunk of one stream repeats. */
const chunkHead = {
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  created: 1_750_000_000,
  model: 'gpt-4o',
};

const chunk = {
  ...chunkHead,
  choices: [
    {
      index: 0,
      delta: { role: 'assistant', content: 'Hello', refusal: null, reasoning_content: 'hm', reasoning: 'hm' },
      finish_reason: null,
    },
  ],
};

/** The last chunk of a stream with `stream_options.include_usage`, as OpenAI sends it. */
const usageChunk = {
  ...chunkHead,
  choices: [],
  usage: {
    prompt_tokens: 12,
    completion_tokens: 3,
    total_tokens: 15,
    prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
    prompt_cache_hit_tokens: 0,
    reasoning_tokens: 0,
  },
};

/** A chunk with the first fragment of a function call and of a custom tool call. */
const toolCallChunk = {
  ...chunkHead,
  choices: [
    {
      index: 0,
      delta: {
        tool_calls: [
          { index: 0, id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"ci' } },
          { index: 1, id: 'call_2', type: 'custom', custom: { name: 'shell', input: 'ls' } },
        ],
      },
      finish_reason: null,
    },
  ],
};

/** Values of every kind JSON can bring (and the numbers it cannot), for each field. */
const kinds: unknown[] = [
  undefined,
  null,
  'text',
  '',
  0,
  1.5,
  Number.POSITIVE_INFINITY,
  Number.NaN,
  true,
  false,
  {},
  [],
  { content: 'x' },
  ['x'],
  [{ type: 'text', text: 'x' }],
];

const paths: (string | number)[][] = [
  ...Object.keys(chunk).map((key) => [key]),
  ['usage'],
  ['x_groq'],
  ['error'],
  ['choices', 0],
  ...['index', 'delta', 'finish_reason'].map((key) => ['choices', 0, key]),
  ...['content', 'refusal', 'reasoning_content', 'reasoning', 'tool_calls', 'annotations'].map((key) => [
    'choices',
    0,
    'delta',
    key,
  ]),
];

describe('plainOpenAIChunk', () => {
  it('accepts the common chunk as it is (no copy)', () => {
    expect(plainOpenAIChunk(chunk)).toBe(chunk);
    expect(plainOpenAIChunk(usageChunk)).toBe(usageChunk);
    expect(plainOpenAIChunk(toolCallChunk)).toBe(toolCallChunk);
    const finish = { id: 'c', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] };
    expect(plainOpenAIChunk(finish)).toBe(finish);
  });

  it('never accepts what the schema rejects, whatever kind of value any field holds', () => {
    const tally = tallyHandCheck({
      samples: [chunk, usageChunk, toolCallChunk],
      kinds,
      paths: (sample) => (sample === chunk ? paths : [...fieldPaths(sample), ['x_groq'], ['error']]),
      handCheck: plainOpenAIChunk,
      schemaAccepts: (candidate, fast) => {
        const schema = openAIChunkSchema.safeParse(candidate);
        if (schema.success) expect(schema.data).toEqual(fast);
        return schema.success;
      },
    });
    expect(tally.wronglyAccepted).toEqual([]);
    expect(tally.accepted).toBeGreaterThan(paths.length * 6);
    expect(tally.rejected).toBeGreaterThan(paths.length * 6);
  });

  it('never accepts what the schema rejects, on generated chunks', () => {
    const anything = fc.oneof(
      fc.constant(undefined),
      fc.string(),
      fc.integer(),
      fc.jsonValue({ maxDepth: 1 }),
      fc.constantFrom(Number.POSITIVE_INFINITY, Number.NaN),
    );
    const deltaFields = {
      content: anything,
      refusal: anything,
      reasoning_content: anything,
      reasoning: anything,
      tool_calls: fc.oneof(
        fc.constant(null),
        fc.array(
          fc.oneof(
            fc.record(
              {
                index: anything,
                id: anything,
                type: anything,
                function: fc.oneof(
                  fc.record({ name: anything, arguments: anything }, { requiredKeys: [] }),
                  anything,
                ),
                custom: fc.oneof(
                  fc.record({ name: anything, input: anything }, { requiredKeys: [] }),
                  anything,
                ),
              },
              { requiredKeys: [] },
            ),
            anything,
          ),
          { maxLength: 2 },
        ),
        anything,
      ),
      annotations: fc.oneof(fc.constant(null), anything),
    };
    const delta = fc.oneof(fc.record(deltaFields, { requiredKeys: [] }), anything);
    const choice = fc.oneof(
      {
        arbitrary: fc.record({ index: anything, delta, finish_reason: anything }, { requiredKeys: [] }),
        weight: 3,
      },
      anything,
    );
    const generated = fc.oneof(
      {
        arbitrary: fc.record(
          {
            id: anything,
            model: anything,
            created: anything,
            choices: fc.oneof({ arbitrary: fc.array(choice, { maxLength: 2 }), weight: 3 }, anything),
            usage: fc.oneof(
              fc.constant(null),
              fc.record(
                {
                  prompt_tokens: anything,
                  completion_tokens: anything,
                  total_tokens: anything,
                  prompt_tokens_details: fc.oneof(
                    fc.record(
                      { cached_tokens: anything, cache_write_tokens: anything },
                      { requiredKeys: [] },
                    ),
                    anything,
                  ),
                  completion_tokens_details: fc.oneof(
                    fc.record(
                      {
                        reasoning_tokens: anything,
                        accepted_prediction_tokens: anything,
                        rejected_prediction_tokens: anything,
                      },
                      { requiredKeys: [] },
                    ),
                    anything,
                  ),
                  prompt_cache_hit_tokens: anything,
                  reasoning_tokens: anything,
                },
                { requiredKeys: [] },
              ),
              anything,
            ),
            x_groq: fc.oneof(fc.constant(undefined), fc.constant(null), anything),
          },
          { requiredKeys: [] },
        ),
        weight: 3,
      },
      anything,
    );
    let accepted = 0;
    fc.assert(
      fc.property(generated, (candidate) => {
        if (plainOpenAIChunk(candidate) === undefined) return;
        accepted++;
        const schema = openAIChunkSchema.safeParse(candidate);
        expect(schema.success).toBe(true);
        expect(schema.data).toEqual(candidate);
      }),
      { numRuns: 2000 },
    );
    expect(accepted).toBeGreaterThan(0);
  });

  it('leaves Groq usage, annotations, content parts, and what is not an object, to the schema', () => {
    for (const value of [
      { ...chunk, x_groq: { usage: { prompt_tokens: 1 } } },
      withField(usageChunk, ['usage', 'prompt_tokens'], '12'),
      withField(toolCallChunk, ['choices', 0, 'delta', 'tool_calls', 0, 'function'], ['weather']),
      withField(chunk, ['choices', 0, 'delta', 'annotations'], []),
      withField(chunk, ['choices', 0, 'delta', 'content'], [{ type: 'text', text: 'x' }]),
      null,
      'x',
      [chunk],
    ])
      expect(plainOpenAIChunk(value)).toBeUndefined();
  });
});
