import { createAnthropic as createAISDKAnthropic } from '@ai-sdk/anthropic';
import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4Content,
  LanguageModelV4StreamPart,
} from '@ai-sdk/provider';
import { createAnthropic } from '@switchyard/anthropic';
import { type FixtureBody, fixtureFetch } from '@switchyard/simulators';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anthropicEvents } from './wire-traffic/anthropic-events.js';
import { anthropicSdkMessage } from './wire-traffic/anthropic-oracle.js';
import { anthropicAnswer } from './wire-traffic/anthropic-traffic.js';
import { byteChunks, byteCuts } from './wire-traffic/byte-chunks.js';
import { propertyRuns, propertyTimeout } from './wire-traffic/property-runs.js';
import { sseFraming, sseText } from './wire-traffic/sse-framing.js';

/**
 * Differential property: a generated Messages API answer whose text carries
 * citations of every documented type (documents' `char_location`,
 * `page_location`, `content_block_location`, search results, web searches,
 * with and without web search results in the same answer), to a prompt that
 * sends two documents with citations enabled, read by our adapter and by
 * `@ai-sdk/anthropic` from the same bytes, gives the same `source` parts
 * (their made-up ids aside), in the same places, and the same `citations`
 * on the same texts, generated and streamed.
 */
const cite = { anthropic: { citations: { enabled: true } } } as const;
const call: LanguageModelV4CallOptions = {
  prompt: [
    {
      role: 'user',
      content: [
        {
          type: 'file',
          mediaType: 'application/pdf',
          filename: 'contract.pdf',
          data: { type: 'data', data: 'JVBERi0xLjQ=' },
          providerOptions: cite,
        },
        {
          type: 'file',
          mediaType: 'text/plain',
          data: { type: 'text', text: 'Annex: 90 days.' },
          providerOptions: cite,
        },
        { type: 'text', text: 'What is the notice period?' },
      ],
    },
  ],
};

/** A source or the citations of a text, in the order the answer gives them; a source's made-up id set aside. */
type CitationItem = { source: Record<string, unknown> } | { citations: unknown };

function generatedItems(content: LanguageModelV4Content[]): CitationItem[] {
  const items: CitationItem[] = [];
  for (const part of content) {
    if (part.type === 'source') {
      const { id: _id, ...source } = part;
      items.push({ source });
    } else if (part.type === 'text' && part.citations !== undefined)
      items.push({ citations: part.citations });
  }
  return items;
}

async function streamedItems(model: LanguageModelV4): Promise<CitationItem[]> {
  const { stream } = await model.doStream(call);
  const items: CitationItem[] = [];
  for await (const part of stream as AsyncIterable<LanguageModelV4StreamPart>) {
    if (part.type === 'source') {
      const { id: _id, ...source } = part;
      items.push({ source });
    } else if (part.type === 'text-end' && part.citations !== undefined)
      items.push({ citations: part.citations });
    else if (part.type === 'error') throw part.error;
  }
  return items;
}

function models(contentType: string, body: FixtureBody): [LanguageModelV4, LanguageModelV4] {
  const fetch = () => fixtureFetch({ headers: { 'content-type': contentType }, body }).fetch;
  return [
    createAnthropic({ apiKey: 'sk-ant-test', baseURL: 'http://fixture.invalid', fetch: fetch() })(
      'claude-test',
    ),
    createAISDKAnthropic({ apiKey: 'sk-ant-test', baseURL: 'http://fixture.invalid/v1', fetch: fetch() })(
      'claude-test',
    ),
  ];
}

/** Answers with a cited text in them (the AI SDK does not read an answer whole inside `message_start`). */
const citedAnswer = anthropicAnswer
  .filter((answer) => answer.blocks.some((block) => block.type === 'text' && block.citations.length > 0))
  .map((answer) => ({ ...answer, wholeInMessageStart: false }));

/**
 * Framings the AI SDK reads to the end: with lone `\r` line endings its SSE parser leaves the
 * body's last event (`message_stop`) unread, so it emits no finish (and no late sources); ours
 * reads it (`adapters-agree-with-provider-sdks` checks that against `@anthropic-ai/sdk`).
 */
const framing = sseFraming({ done: false }).filter((framing) => framing.lineEnding !== '\r');

describe('our Anthropic adapter and @ai-sdk/anthropic agree on citations', () => {
  it(
    'give the same sources and text citations for every cited answer, streamed and generated',
    async () => {
      await fc.assert(
        fc.asyncProperty(citedAnswer, framing, byteCuts, async (answer, framed, cuts) => {
          const chunks = () => byteChunks(sseText(anthropicEvents(answer), framed), cuts);
          const [ours, theirs] = models('text/event-stream', chunks());
          const streamed = await streamedItems(theirs);
          expect(await streamedItems(ours)).toEqual(streamed);
          const message = await anthropicSdkMessage(
            fixtureFetch({ headers: { 'content-type': 'text/event-stream' }, body: chunks() }).fetch,
          );
          const [ourGenerate, theirGenerate] = models('application/json', JSON.stringify(message));
          const generated = generatedItems((await theirGenerate.doGenerate(call)).content);
          expect(generatedItems((await ourGenerate.doGenerate(call)).content)).toEqual(generated);
        }),
        propertyRuns(40),
      );
    },
    propertyTimeout(40),
  );
});
