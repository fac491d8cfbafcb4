import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { finishWarnings } from '@switchyard/core/adapter';
import { describe, expect, it } from 'vitest';
import { answering, ask as askHi, finishOf, fixture, streamed } from './test-fixtures/fixture-answers.js';

/**
 * Tool calls whose `type` is not `function`, on bodies written by us in the
 * documented shapes (`__fixtures__/custom-tool-call.*`,
 * `tool-call-of-unknown-type.*`): they were skipped without a word. A custom
 * tool's call (`type: custom`, `custom: { name, input }`) is a tool call with
 * its free text input as a JSON string, as `@ai-sdk/openai`'s Responses model
 * gives it (its chat model rejects the whole answer); a call of a type the
 * adapter does not know is warned of.
 */
const ask = askHi();

const toolParts = (parts: LanguageModelV4StreamPart[]) =>
  parts.filter((part) => part.type.startsWith('tool-'));

describe('OpenAIChatLanguageModel: tool calls whose type is not function', () => {
  it("keeps a custom tool's call generated: its name, and its free text input as a JSON string", async () => {
    const result = await answering(fixture('custom-tool-call.json')).doGenerate(ask);
    expect(result.content).toEqual([
      {
        type: 'tool-call',
        toolCallId: 'call_SwitchyardCustomA',
        toolName: 'code_exec',
        input: JSON.stringify('print("hello world")'),
      },
      {
        type: 'tool-call',
        toolCallId: 'call_SwitchyardCustomB',
        toolName: 'get_weather',
        input: '{"city":"Paris"}',
      },
    ]);
    expect(result.finishReason).toEqual({ unified: 'tool-calls', raw: 'tool_calls' });
    expect(result.warnings).toEqual([]);
  });

  it("keeps a custom tool's call streamed: its input fragments as deltas, the whole as a JSON string", async () => {
    const parts = await streamed(fixture('custom-tool-call.sse'));
    expect(toolParts(parts)).toEqual([
      { type: 'tool-input-start', id: 'call_SwitchyardCustomC', toolName: 'code_exec' },
      { type: 'tool-input-delta', id: 'call_SwitchyardCustomC', delta: 'print("hello' },
      { type: 'tool-input-delta', id: 'call_SwitchyardCustomC', delta: ' world")' },
      { type: 'tool-input-end', id: 'call_SwitchyardCustomC' },
      {
        type: 'tool-call',
        toolCallId: 'call_SwitchyardCustomC',
        toolName: 'code_exec',
        input: JSON.stringify('print("hello world")'),
      },
    ]);
    expect(finishOf(parts)?.finishReason).toEqual({ unified: 'tool-calls', raw: 'tool_calls' });
    expect(finishOf(parts)?.providerMetadata).toBeUndefined();
  });

  it('warns of a tool call of a type it does not read, generated, and keeps the rest', async () => {
    const result = await answering(fixture('tool-call-of-unknown-type.json')).doGenerate(ask);
    expect(result.content).toEqual([
      { type: 'text', text: 'Checking both.' },
      {
        type: 'tool-call',
        toolCallId: 'call_SwitchyardFnA',
        toolName: 'get_weather',
        input: '{"city":"Oslo"}',
      },
    ]);
    expect(result.warnings).toEqual([
      {
        type: 'other',
        message:
          'the server sent a tool call of a type the adapter does not read (tool call 1 (type "connector")): not in the answer\'s parts; see response.body',
      },
    ]);
  });

  it('warns of a tool call of a type it does not read, streamed, on the finish, and emits no part of it', async () => {
    const parts = await streamed(fixture('tool-call-of-unknown-type.sse'));
    expect(
      toolParts(parts).map((part) =>
        'id' in part ? part.id : part.type === 'tool-call' ? part.toolCallId : part.type,
      ),
    ).toEqual(['call_SwitchyardFnC', 'call_SwitchyardFnC', 'call_SwitchyardFnC', 'call_SwitchyardFnC']);
    expect(finishWarnings(finishOf(parts)?.providerMetadata)).toEqual([
      {
        type: 'other',
        message:
          'the server sent a tool call of a type the adapter does not read (tool call 1 (type "connector")): not in the answer\'s parts; see the raw chunks (includeRawChunks)',
      },
    ]);
  });
});
