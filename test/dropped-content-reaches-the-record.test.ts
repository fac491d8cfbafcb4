import type { LanguageModelV4, LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { createAnthropic } from '@switchyard/anthropic';
import { createRouter, memorySink } from '@switchyard/router';
import { fixtureFetch } from '@switchyard/simulators';
import { describe, expect, it } from 'vitest';

/**
 * A content block of a type the Anthropic adapter does not know is left out
 * of the answer; through the router the caller is still served, still told
 * (a generate answer's warning, the finish part's
 * `providerMetadata.anthropic.unknownBlocks`), and the decision record's
 * attempt says so in `warnings` (never the block's content), however the
 * answer came: `doGenerate`, a generate call sent as a stream, a stream.
 * Before, the block was dropped without a word and the record never knew.
 */
const future = { type: 'future_block', payload: { secret: 'answer text' } };
const message = {
  id: 'msg_1',
  type: 'message',
  role: 'assistant',
  model: 'claude-test',
  content: [{ type: 'text', text: 'Forty-two.' }, future],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: { input_tokens: 5, output_tokens: 3 },
};
const sse = [
  { type: 'message_start', message: { ...message, content: [], stop_reason: null } },
  { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
  { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Forty-two.' } },
  { type: 'content_block_stop', index: 0 },
  { type: 'content_block_start', index: 1, content_block: future },
  { type: 'content_block_stop', index: 1 },
  { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 3 } },
  { type: 'message_stop' },
]
  .map((event) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`)
  .join('');
const line =
  'other: content[1] is a future_block block, a type this adapter does not know: left out of the content, kept whole in providerMetadata.anthropic.unknownBlocks';

function routed(body: string, streaming: boolean) {
  const contentType = body.startsWith('{') ? 'application/json' : 'text/event-stream';
  const model = createAnthropic({
    apiKey: 'sk-ant-test',
    baseURL: 'http://fixture.invalid',
    fetch: fixtureFetch({ headers: { 'content-type': contentType }, body }).fetch,
  })('claude-test');
  const sink = memorySink();
  const router = createRouter({
    config: {
      targets: [
        {
          id: 'claude',
          provider: model.provider,
          model: model.modelId,
          hostedIn: 'US',
          origin: 'US',
          weights: 'closed',
          contextWindow: 100_000,
          capabilities: streaming ? ['streaming'] : [],
          tags: [],
        },
      ],
      routes: { chat: { targets: ['claude'] } },
      defaults: { context: { jurisdiction: 'US', dataClass: 'internal' } },
    },
    models: { claude: model },
    sinks: [sink],
    health: { maxRetries: 0 },
  });
  return { model: router.languageModel('chat') as LanguageModelV4, sink };
}

const ask = {
  prompt: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'The answer?' }] }],
};

describe('a content block the adapter left out, through the router', () => {
  it.each([
    ['doGenerate', JSON.stringify(message), false],
    ['a generate call sent as a stream', sse, true],
  ] as const)('is warned to the caller and recorded with the attempt (%s)', async (_how, body, streaming) => {
    const { model, sink } = routed(body, streaming);
    const result = await model.doGenerate(ask);
    expect(result.content).toEqual([expect.objectContaining({ type: 'text', text: 'Forty-two.' })]);
    expect(result.warnings).toContainEqual({ type: 'other', message: line.slice('other: '.length) });
    expect(result.providerMetadata?.anthropic?.unknownBlocks).toEqual([
      { index: 1, type: 'future_block', block: future },
    ]);
    expect(sink.records[0]?.attempts[0]?.warnings).toEqual([line]);
    expect(JSON.stringify(sink.records[0])).not.toContain('answer text');
  });

  it('is in the finish part of a stream and recorded with the attempt', async () => {
    const { model, sink } = routed(sse, true);
    const { stream } = await model.doStream(ask);
    const parts: LanguageModelV4StreamPart[] = [];
    for await (const part of stream) parts.push(part);
    const finish = parts.find((part) => part.type === 'finish');
    expect(finish?.providerMetadata?.anthropic?.unknownBlocks).toEqual([
      { index: 1, type: 'future_block', block: future },
    ]);
    expect(sink.records[0]?.attempts[0]?.warnings).toEqual([line]);
    expect(JSON.stringify(sink.records[0])).not.toContain('answer text');
  });
});
