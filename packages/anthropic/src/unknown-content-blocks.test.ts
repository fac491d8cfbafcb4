import type { LanguageModelV4CallOptions, LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { createAnthropic } from './create-anthropic.js';

/**
 * A content block of a type newer than the adapter (here `future_block`) was
 * dropped without a word, generated and streamed: the caller never learnt
 * that part of the answer was missing. The answer is still served; the block
 * is kept whole in `providerMetadata.anthropic.unknownBlocks`, a generated
 * answer warns naming its type and index, a stream's raw chunks carry it.
 */
const future = { type: 'future_block', payload: { answer: 42 } };
const message = {
  id: 'msg_1',
  type: 'message',
  role: 'assistant',
  model: 'claude-test',
  content: [{ type: 'text', text: 'Forty' }, future, { type: 'text', text: '-two.' }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: { input_tokens: 5, output_tokens: 3 },
};
const events = [
  { type: 'message_start', message: { ...message, content: [], stop_reason: null } },
  { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
  { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Forty' } },
  { type: 'content_block_stop', index: 0 },
  { type: 'content_block_start', index: 1, content_block: future },
  { type: 'content_block_stop', index: 1 },
  { type: 'content_block_start', index: 2, content_block: { type: 'text', text: '-two.' } },
  { type: 'content_block_stop', index: 2 },
  { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 3 } },
  { type: 'message_stop' },
];
const sse = events.map((event) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`).join('');

function answering(body: string, contentType: string) {
  return createAnthropic({
    apiKey: 'sk-ant-test',
    baseURL: 'http://anthropic.fixture.invalid',
    fetch: async () => new Response(body, { headers: { 'content-type': contentType } }),
  })('claude-test');
}

const call: LanguageModelV4CallOptions = {
  prompt: [{ role: 'user', content: [{ type: 'text', text: 'The answer?' }] }],
};
const kept = [{ index: 1, type: 'future_block', block: future }];

describe('AnthropicMessagesLanguageModel: a content block of an unknown type', () => {
  it('serves the rest of a generated answer, warns naming the block, and keeps it in provider metadata', async () => {
    const result = await answering(JSON.stringify(message), 'application/json').doGenerate(call);
    expect(result.content).toEqual([
      { type: 'text', text: 'Forty' },
      { type: 'text', text: '-two.' },
    ]);
    expect(result.warnings).toEqual([
      {
        type: 'other',
        message:
          'content[1] is a future_block block, a type this adapter does not know: left out of the content, kept whole in providerMetadata.anthropic.unknownBlocks',
      },
    ]);
    expect(result.providerMetadata?.anthropic?.unknownBlocks).toEqual(kept);
  });

  it('serves the rest of a streamed answer, keeps the block in the finish part, and in its raw chunk', async () => {
    const { stream } = await answering(sse, 'text/event-stream').doStream({
      ...call,
      includeRawChunks: true,
    });
    const parts: LanguageModelV4StreamPart[] = [];
    for await (const part of stream) parts.push(part);
    const text = parts.flatMap((part) => (part.type === 'text-delta' ? [part.delta] : [])).join('');
    expect(text).toBe('Forty-two.');
    const finish = parts.find((part) => part.type === 'finish');
    expect(finish?.providerMetadata?.anthropic?.unknownBlocks).toEqual(kept);
    expect(parts).toContainEqual({ type: 'raw', rawValue: events[4] });
  });

  it('adds nothing to an answer without unknown blocks', async () => {
    const plain = { ...message, content: [{ type: 'text', text: 'Hi' }] };
    const result = await answering(JSON.stringify(plain), 'application/json').doGenerate(call);
    expect(result.warnings).toEqual([]);
    expect(result.providerMetadata?.anthropic).not.toHaveProperty('unknownBlocks');
  });
});
