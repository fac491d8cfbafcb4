import { readFileSync } from 'node:fs';
import type {
  LanguageModelV4CallOptions,
  LanguageModelV4Prompt,
  LanguageModelV4StreamPart,
} from '@ai-sdk/provider';
import { fixtureFetch } from '@switchyard/simulators';
import { generateText, streamText, type ToolSet } from 'ai';
import { describe, expect, it } from 'vitest';
import { createAnthropic } from './create-anthropic.js';

/**
 * Bodies written by us in the Messages API's documented wire shape (the
 * streaming and tool-use docs, the compaction and web-search docs), each the
 * shape of a recorded response the adapter once got wrong; every test names
 * the bug it guards.
 */
const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

/** A provider whose fetch answers every request with `body`; the request bodies it got are kept. */
function answering(
  body: string,
  contentType = body.trimStart().startsWith('{') ? 'application/json' : 'text/event-stream',
) {
  const requests: Record<string, unknown>[] = [];
  const provider = createAnthropic({
    apiKey: 'sk-ant-test',
    baseURL: 'http://anthropic.fixture.invalid',
    fetch: async (_input, init) => {
      requests.push(JSON.parse(String(init?.body)) as Record<string, unknown>);
      return new Response(body, { headers: { 'content-type': contentType } });
    },
  });
  return { model: provider('claude-sonnet-5'), requests };
}

/** The same stream as a gateway sends it: no `event:` lines, a `data: [DONE]` at the end. */
function withoutEventLines(sse: string): string {
  return `${sse
    .split('\n')
    .filter((line) => !line.startsWith('event:'))
    .join('\n')}data: [DONE]\n\n`;
}

const ask = (prompt: LanguageModelV4Prompt = [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }]) =>
  ({ prompt }) satisfies LanguageModelV4CallOptions;

async function parts(model: ReturnType<typeof answering>['model']): Promise<LanguageModelV4StreamPart[]> {
  const { stream } = await model.doStream(ask());
  const collected: LanguageModelV4StreamPart[] = [];
  for await (const part of stream) collected.push(part);
  return collected;
}

const ofType = <T extends LanguageModelV4StreamPart['type']>(list: LanguageModelV4StreamPart[], type: T) =>
  list.filter((part): part is Extract<LanguageModelV4StreamPart, { type: T }> => part.type === type);

describe('AnthropicMessagesLanguageModel on recorded wire shapes', () => {
  describe('a tool_use block whose input is complete in content_block_start (bug 1)', () => {
    it('calls the tool with that input, not {}', async () => {
      const streamed = await parts(answering(fixture('tool-input-in-block-start.sse')).model);
      expect(ofType(streamed, 'tool-call')).toEqual([
        {
          type: 'tool-call',
          toolCallId: 'toolu_01SwitchyardRoll',
          toolName: 'roll_dice',
          input: '{"player":"player1"}',
        },
      ]);
      expect(ofType(streamed, 'finish')[0]?.finishReason).toEqual({ unified: 'tool-calls', raw: 'tool_use' });
    });
  });

  describe('an answer that arrives whole inside message_start (bug 2)', () => {
    it('emits its tool call and finish reason instead of an empty "other"', async () => {
      const streamed = await parts(answering(fixture('answer-in-message-start.sse')).model);
      expect(ofType(streamed, 'tool-call')).toEqual([
        {
          type: 'tool-call',
          toolCallId: 'toolu_01SwitchyardLookup',
          toolName: 'lookup_customer',
          input: '{"id":"customer_123"}',
        },
      ]);
      expect(ofType(streamed, 'finish')[0]).toMatchObject({
        finishReason: { unified: 'tool-calls', raw: 'tool_use' },
        usage: { inputTokens: { total: 96 }, outputTokens: { total: 24 } },
      });
      expect(ofType(streamed, 'response-metadata')).toEqual([
        { type: 'response-metadata', id: 'msg_01SwitchyardWhole', modelId: 'claude-sonnet-5' },
      ]);
    });
  });

  describe('compaction (bug 3)', () => {
    it('keeps the compaction block as text marked for the next turn, and counts every billed step', async () => {
      const result = await answering(fixture('compaction.json')).model.doGenerate(ask());
      expect(result.content[0]).toEqual({
        type: 'text',
        text: expect.stringMatching(/^Summary of the conversation so far/),
        providerMetadata: { anthropic: { type: 'compaction' } },
      });
      // 682 uncached input tokens at the top level, 60,385 more in the compaction step: billed 61,067.
      expect(result.usage.inputTokens).toEqual({ total: 61067, noCache: 61067, cacheRead: 0, cacheWrite: 0 });
      expect(result.usage.outputTokens.total).toBe(1912);
    });

    it('does the same in a stream (compaction_delta, iterations in message_delta)', async () => {
      const streamed = await parts(answering(fixture('compaction.sse')).model);
      expect(ofType(streamed, 'text-start')[0]).toEqual({
        type: 'text-start',
        id: '0',
        providerMetadata: { anthropic: { type: 'compaction' } },
      });
      expect(ofType(streamed, 'finish')[0]?.usage.inputTokens.total).toBe(60385 + 612);
      expect(ofType(streamed, 'finish')[0]?.usage.outputTokens.total).toBe(522 + 2819);
    });

    it('sends the compaction block back on the next turn', async () => {
      const { model, requests } = answering(fixture('thinking.json'));
      await model.doGenerate(
        ask([
          { role: 'user', content: [{ type: 'text', text: 'Summarise the document' }] },
          {
            role: 'assistant',
            content: [
              {
                type: 'text',
                text: 'Summary so far',
                providerOptions: { anthropic: { type: 'compaction' } },
              },
              { type: 'text', text: 'The key structures are...' },
            ],
          },
          { role: 'user', content: [{ type: 'text', text: 'And the next?' }] },
        ]),
      );
      expect(requests[0]?.messages).toEqual([
        { role: 'user', content: [{ type: 'text', text: 'Summarise the document' }] },
        {
          role: 'assistant',
          content: [
            { type: 'compaction', content: 'Summary so far' },
            { type: 'text', text: 'The key structures are...' },
          ],
        },
        { role: 'user', content: [{ type: 'text', text: 'And the next?' }] },
      ]);
    });
  });

  describe('provider-executed (server) tools (bug 5)', () => {
    it('surfaces a web search call, its result and its sources', async () => {
      const result = await answering(fixture('web-search.json')).model.doGenerate(ask());
      expect(result.content.filter((part) => part.type !== 'text')).toEqual([
        {
          type: 'tool-call',
          toolCallId: 'srvtoolu_01SwitchyardSearch',
          toolName: 'web_search',
          input: '{"query":"switchyard railway interlocking"}',
          providerExecuted: true,
        },
        {
          type: 'tool-result',
          toolCallId: 'srvtoolu_01SwitchyardSearch',
          toolName: 'web_search',
          result: [
            {
              url: 'https://example.org/interlocking',
              title: 'Railway interlocking',
              pageAge: 'April 30, 2025',
              encryptedContent:
                'EqgfCioIARgBIiQ3YTAwMjY1Mi1mZjM5LTQ1NGUtODgxNC1kNjNjNTk1ZWI3Y2QSDIoNJfmGSnvW',
              type: 'web_search_result',
            },
          ],
        },
        {
          type: 'source',
          sourceType: 'url',
          id: 'source-0',
          url: 'https://example.org/interlocking',
          title: 'Railway interlocking',
          providerMetadata: { anthropic: { pageAge: 'April 30, 2025' } },
        },
      ]);
    });

    it('streams the call (its input from input_json_delta) and the result', async () => {
      const streamed = await parts(answering(fixture('web-search.sse')).model);
      expect(ofType(streamed, 'tool-call')).toEqual([
        {
          type: 'tool-call',
          toolCallId: 'srvtoolu_01SwitchyardStream',
          toolName: 'web_search',
          input: '{"query":"railway interlocking"}',
          providerExecuted: true,
        },
      ]);
      expect(ofType(streamed, 'tool-result').map((part) => part.toolCallId)).toEqual([
        'srvtoolu_01SwitchyardStream',
      ]);
      expect(ofType(streamed, 'source')).toHaveLength(1);
    });

    it("accepts them back on the next turn in the shape the API sent them, under the user's tool name", async () => {
      const first = await answering(fixture('web-search.json')).model.doGenerate({
        ...ask(),
        tools: [
          { type: 'provider', id: 'anthropic.web_search_20250305', name: 'search', args: { maxUses: 2 } },
        ],
      });
      const call = first.content.find((part) => part.type === 'tool-call');
      const result = first.content.find((part) => part.type === 'tool-result');
      if (call?.type !== 'tool-call' || result?.type !== 'tool-result')
        throw new Error('expected a call and a result');
      expect(call.toolName).toBe('search');
      const { model, requests } = answering(fixture('thinking.json'));
      await model.doGenerate({
        ...ask([
          { role: 'user', content: [{ type: 'text', text: 'Search it' }] },
          {
            role: 'assistant',
            content: [
              {
                type: 'tool-call',
                toolCallId: call.toolCallId,
                toolName: call.toolName,
                input: JSON.parse(call.input),
                providerExecuted: true,
              },
              {
                type: 'tool-result',
                toolCallId: result.toolCallId,
                toolName: result.toolName,
                output: { type: 'json', value: result.result },
              },
            ],
          },
          { role: 'user', content: [{ type: 'text', text: 'Thanks' }] },
        ]),
        tools: [
          { type: 'provider', id: 'anthropic.web_search_20250305', name: 'search', args: { maxUses: 2 } },
        ],
      });
      const wire = JSON.parse(fixture('web-search.json')) as { content: unknown[] };
      expect(requests[0]?.tools).toEqual([{ type: 'web_search_20250305', name: 'web_search', max_uses: 2 }]);
      const sent = (requests[0]?.messages ?? []) as { content: unknown[] }[];
      expect(sent[1]?.content).toEqual([wire.content[1], wire.content[2]]);
    });
  });

  describe('round trips through the AI SDK (streamText, then generateText with its response messages)', () => {
    it.each([
      ['web-search.sse', 'server_tool_use', 'web_search_tool_result'],
      ['compaction.sse', 'compaction', 'text'],
    ])('sends back what %s answered, as the API sent it', async (name, firstBlock, secondBlock) => {
      const { fetch, requests } = fixtureFetch(() =>
        requests.length === 1
          ? { headers: { 'content-type': 'text/event-stream' }, body: fixture(name) }
          : { headers: { 'content-type': 'application/json' }, body: fixture('thinking.json') },
      );
      const anthropic = createAnthropic({
        apiKey: 'sk-ant-test',
        baseURL: 'http://anthropic.fixture.invalid',
        fetch,
      });
      // A provider tool as `@ai-sdk/anthropic`'s `anthropic.tools.webSearch_20250305()` makes one.
      const tools = {
        search: { type: 'provider', id: 'anthropic.web_search_20250305', args: {} },
      } as unknown as ToolSet;
      const first = streamText({ model: anthropic('claude-sonnet-5'), prompt: 'Hi', tools });
      await first.consumeStream();
      const { messages } = await first.response;
      await generateText({
        model: anthropic('claude-sonnet-5'),
        messages: [{ role: 'user', content: 'Hi' }, ...messages, { role: 'user', content: 'Next' }],
        tools,
      });
      const body = (requests[1]?.body ?? { messages: [] }) as {
        messages: { role: string; content: { type: string }[] }[];
      };
      const sent = body.messages;
      expect(sent[1]?.role).toBe('assistant');
      expect(sent[1]?.content.map((block) => block.type).slice(0, 2)).toEqual([firstBlock, secondBlock]);
    });
  });

  describe('usage with thinking (bug 6)', () => {
    it('leaves the text/reasoning split unknown when the API does not report thinking tokens', async () => {
      const result = await answering(fixture('thinking.json')).model.doGenerate(ask());
      expect(result.content[0]).toMatchObject({
        type: 'reasoning',
        providerMetadata: { anthropic: { signature: expect.any(String) } },
      });
      expect(result.usage.outputTokens).toEqual({ total: 120, text: undefined, reasoning: undefined });
    });
  });

  describe('a stream without event: lines, ending in data: [DONE] (bug 8)', () => {
    it.each(['tool-input-in-block-start.sse', 'compaction.sse', 'web-search.sse'])(
      'reads %s by the type of each data line',
      async (name) => {
        const original = await parts(answering(fixture(name)).model);
        const gateway = await parts(answering(withoutEventLines(fixture(name)), 'text/event-stream').model);
        expect(gateway).toEqual(original);
        expect(gateway.at(-1)?.type).toBe('finish');
      },
    );
  });
});
