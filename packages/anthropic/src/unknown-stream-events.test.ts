import { readFileSync } from 'node:fs';
import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { finishWarnings } from '@switchyard/core/adapter';
import { describe, expect, it } from 'vitest';
import { createAnthropic } from './create-anthropic.js';

/**
 * A stream of a newer Messages API than the adapter (written by us in the
 * documented wire shape: `__fixtures__/unknown-stream-events.sse`): a new
 * delta type on a text block (`emphasis_delta`), a new top-level event
 * (`message_progress`), a new block type that streams its own deltas
 * (`map_view`, `map_view_delta`) and a new `stop_reason`. The deltas and the
 * event were skipped without a word: the caller never learnt that part of
 * the answer was missing. Now the answer is still served, what went into no
 * part is kept as sent in the finish part's `providerMetadata.anthropic`, and
 * one warning per type (not per event) rides on the finish part.
 */
const sse = readFileSync(new URL('./__fixtures__/unknown-stream-events.sse', import.meta.url), 'utf8');

async function streamed(body: string): Promise<LanguageModelV4StreamPart[]> {
  const model = createAnthropic({
    apiKey: 'sk-ant-test',
    baseURL: 'http://anthropic.fixture.invalid',
    fetch: async () => new Response(body, { headers: { 'content-type': 'text/event-stream' } }),
  })('claude-sonnet-5');
  const { stream } = await model.doStream({
    prompt: [{ role: 'user', content: [{ type: 'text', text: 'The capital of France?' }] }],
  });
  const parts: LanguageModelV4StreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

const finishOf = (parts: LanguageModelV4StreamPart[]) =>
  parts.find(
    (part): part is Extract<LanguageModelV4StreamPart, { type: 'finish' }> => part.type === 'finish',
  );

describe('AnthropicMessagesLanguageModel: stream events of types newer than the adapter', () => {
  it('serves the text and keeps every unread delta and event as sent', async () => {
    const parts = await streamed(sse);
    const text = parts.flatMap((part) => (part.type === 'text-delta' ? [part.delta] : [])).join('');
    expect(text).toBe('Paris is the capital.');
    const anthropic = finishOf(parts)?.providerMetadata?.anthropic;
    expect(anthropic?.unknownDeltas).toEqual([
      { index: 0, delta: { type: 'emphasis_delta', span: { start: 0, end: 5 }, style: 'bold' } },
      { index: 0, delta: { type: 'emphasis_delta', span: { start: 9, end: 20 }, style: 'italic' } },
      { index: 1, delta: { type: 'map_view_delta', zoom: 12 } },
    ]);
    expect(anthropic?.unknownEvents).toEqual([{ type: 'message_progress', phase: 'verifying' }]);
    expect(anthropic?.unknownBlocks).toEqual([
      { index: 1, type: 'map_view', block: { type: 'map_view', lat: 48.8566, lon: 2.3522 } },
    ]);
  });

  it('warns once per type, naming how many, where and why', async () => {
    const finish = finishOf(await streamed(sse));
    expect(finishWarnings(finish?.providerMetadata)).toEqual([
      {
        type: 'other',
        message:
          'content[1] is a map_view block, a type this adapter does not know: left out of the content, kept whole in providerMetadata.anthropic.unknownBlocks',
      },
      {
        type: 'other',
        message:
          '2 content_block_delta events of type emphasis_delta (the first for content[0]: a delta type this adapter does not know) went into no part of the answer: kept whole in providerMetadata.anthropic.unknownDeltas',
      },
      {
        type: 'other',
        message:
          'a content_block_delta of type map_view_delta (the first for content[1]: no block this adapter reads is open there (an unknown block, or one already stopped)) went into no part of the answer: kept whole in providerMetadata.anthropic.unknownDeltas',
      },
      {
        type: 'other',
        message:
          'a stream event of type message_progress, a type this adapter does not know, went into no part of the answer: kept whole in providerMetadata.anthropic.unknownEvents',
      },
    ]);
  });

  it('maps a stop_reason newer than the adapter to other, keeping the raw value (as @ai-sdk/anthropic does)', async () => {
    expect(finishOf(await streamed(sse))?.finishReason).toEqual({ unified: 'other', raw: 'verified_turn' });
  });

  it('adds nothing to a stream of known events', async () => {
    const known = sse
      .split('\n\n')
      .filter((event) => !/emphasis_delta|message_progress|map_view|"index":1/.test(event))
      .join('\n\n');
    const finish = finishOf(await streamed(known));
    expect(Object.keys(finish?.providerMetadata?.anthropic ?? {}).sort()).toEqual([
      'container',
      'contextManagement',
      'iterations',
      'stopSequence',
      'usage',
    ]);
    expect(finishWarnings(finish?.providerMetadata)).toEqual([]);
  });
});
