import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { OpenAIStreamDecoder } from './openai-stream-decoder.js';

const call = { provider: 'openai', model: 'gpt-test' };

/** The tool parts of `chunks` pushed in order (their deltas joined per call), and the failure `end` returns. */
function toolParts(chunks: unknown[]) {
  const decoder = new OpenAIStreamDecoder(call);
  const parts: LanguageModelV4StreamPart[] = [];
  const emit = (part: LanguageModelV4StreamPart) => parts.push(part);
  for (const data of chunks) decoder.push({ event: undefined, data }, emit);
  const failure = decoder.end(emit);
  return { parts: parts.filter((part) => part.type.startsWith('tool')), failure };
}

const chunk = (toolCalls: unknown[], finish: string | null = null) => ({
  id: 'chatcmpl-1',
  model: 'gpt-test',
  choices: [{ index: 0, delta: { content: null, tool_calls: toolCalls }, finish_reason: finish }],
});

describe('OpenAIStreamDecoder: tool calls', () => {
  // Found by test/adapters-agree-with-provider-sdks.property.test.ts: `function.name` is optional on every delta.
  it('waits for the name that comes on a later fragment before it starts the tool input', () => {
    const { parts } = toolParts([
      chunk([{ index: 0, id: 'call_a', type: 'function', function: { arguments: '{"city":' } }]),
      chunk([{ index: 0, function: { name: 'get_weather' } }]),
      chunk([{ index: 0, function: { arguments: '"Oslo"}' } }], 'tool_calls'),
    ]);
    expect(parts).toEqual([
      { type: 'tool-input-start', id: 'call_a', toolName: 'get_weather' },
      { type: 'tool-input-delta', id: 'call_a', delta: '{"city":' },
      { type: 'tool-input-delta', id: 'call_a', delta: '"Oslo"}' },
      { type: 'tool-input-end', id: 'call_a' },
      { type: 'tool-call', toolCallId: 'call_a', toolName: 'get_weather', input: '{"city":"Oslo"}' },
    ]);
  });

  it('still reports a call whose name never came, with its arguments', () => {
    const { parts } = toolParts([
      chunk([{ index: 0, id: 'call_a', type: 'function', function: { arguments: '{}' } }], 'tool_calls'),
    ]);
    expect(parts).toEqual([
      { type: 'tool-input-start', id: 'call_a', toolName: '' },
      { type: 'tool-input-delta', id: 'call_a', delta: '{}' },
      { type: 'tool-input-end', id: 'call_a' },
      { type: 'tool-call', toolCallId: 'call_a', toolName: '', input: '{}' },
    ]);
  });

  // Found by test/hostile-traffic.property.test.ts: a fragment without index at position 1 took the call of index 1.
  it('never mixes a fragment without index into the call whose index equals its position', () => {
    const { parts } = toolParts([
      chunk([
        { index: 0, id: 'call_a', type: 'function', function: { name: 'lookup', arguments: '{}' } },
        { index: null, function: { arguments: '{"orphan":1}' } },
      ]),
      chunk(
        [{ index: 1, id: 'call_b', type: 'function', function: { name: 'get_weather', arguments: '{}' } }],
        'tool_calls',
      ),
    ]);
    const calls = parts.filter((part) => part.type === 'tool-call');
    expect(calls).toContainEqual({
      type: 'tool-call',
      toolCallId: 'call_b',
      toolName: 'get_weather',
      input: '{}',
    });
    expect(calls).toContainEqual({
      type: 'tool-call',
      toolCallId: 'call_a',
      toolName: 'lookup',
      input: '{}',
    });
  });

  it('takes the id that comes with the name on a later fragment', () => {
    const { parts } = toolParts([
      chunk([{ index: 0, type: 'function', function: { arguments: '' } }]),
      chunk([{ index: 0, id: 'call_a', function: { name: 'lookup', arguments: '{}' } }], 'tool_calls'),
    ]);
    expect(parts.at(-1)).toEqual({
      type: 'tool-call',
      toolCallId: 'call_a',
      toolName: 'lookup',
      input: '{}',
    });
  });

  // Found by test/hostile-traffic.property.test.ts: a made-up `call_0` met the made-up id of another call.
  it('never gives two calls one id', () => {
    const { parts } = toolParts([
      chunk([{}, { index: 0, function: { name: 'lookup', arguments: '{}' } }]),
      chunk([{ index: 1, id: 'call_0', function: { name: 'lookup', arguments: '{}' } }], 'tool_calls'),
    ]);
    const ids = parts.filter((part) => part.type === 'tool-input-start').map((part) => part.id);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
  });
});
