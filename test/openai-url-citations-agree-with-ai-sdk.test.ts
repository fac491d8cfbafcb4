import { createOpenAI as createAISDKOpenAI } from '@ai-sdk/openai';
import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4Content,
  LanguageModelV4StreamPart,
} from '@ai-sdk/provider';
import { createOpenAI } from '@switchyard/openai';
import { fixtureFetch } from '@switchyard/simulators';
import { describe, expect, it } from 'vitest';

/**
 * Our OpenAI adapter and `@ai-sdk/openai`'s chat model, fed the same Chat
 * Completions bodies with `url_citation` annotations (the web search
 * models' shape: `message.annotations`, and in a stream `delta.annotations`),
 * give the same text and the same `url` source parts, in the same places
 * (their made-up ids aside), generated and streamed. Ours also keep where the
 * citing text is (`providerMetadata.openai.startIndex` / `endIndex`), which
 * `@ai-sdk/openai` leaves out: set aside here, checked on its own.
 */
const ask: LanguageModelV4CallOptions = {
  prompt: [{ role: 'user', content: [{ type: 'text', text: 'Any news on the notice period?' }] }],
};
const citation = (url: string, title: string, start: number, end: number) => ({
  type: 'url_citation',
  url_citation: { url, title, start_index: start, end_index: end },
});
const annotations = [
  citation('https://example.org/notice', 'Notice periods', 0, 12),
  // Seen on real answers: a citation without a page title.
  citation('https://example.org/annex?q=%C3%A9', '', 13, 20),
];
const completion = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1_764_000_000,
  model: 'gpt-test-search',
  choices: [
    {
      index: 0,
      message: { role: 'assistant', content: 'Ninety days. Annex 2.', refusal: null, annotations },
      finish_reason: 'stop',
    },
  ],
  usage: { prompt_tokens: 9, completion_tokens: 6, total_tokens: 15 },
};
const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  created: 1_764_000_000,
  model: 'gpt-test-search',
  choices: [{ index: 0, delta, finish_reason: finish }],
});
const sse = [
  chunk({ role: 'assistant', content: '' }),
  chunk({ content: 'Ninety days. ' }),
  chunk({ content: 'Annex 2.', annotations: annotations.slice(0, 1) }),
  chunk({ annotations: annotations.slice(1) }),
  chunk({}, 'stop'),
  { ...chunk({}), choices: [], usage: completion.usage },
]
  .map((data) => `data: ${JSON.stringify(data)}\n\n`)
  .join('')
  .concat('data: [DONE]\n\n');

function models(body: string): [LanguageModelV4, LanguageModelV4] {
  const contentType = body.startsWith('{') ? 'application/json' : 'text/event-stream';
  const fetch = () => fixtureFetch({ headers: { 'content-type': contentType }, body }).fetch;
  return [
    createOpenAI({ apiKey: 'sk-test', baseURL: 'http://fixture.invalid/v1', fetch: fetch() })('gpt-test'),
    createAISDKOpenAI({ apiKey: 'sk-test', baseURL: 'http://fixture.invalid/v1', fetch: fetch() }).chat(
      'gpt-test',
    ),
  ];
}

/** Where our sources say the citing text is (`@ai-sdk/openai` leaves it out). */
const indices: unknown[] = [];

/** Text and sources in order, a source's made-up id and our citation indices set aside. */
function generated(content: LanguageModelV4Content[]): unknown[] {
  return content.flatMap((part): unknown[] => {
    if (part.type === 'text') return [{ text: part.text }];
    if (part.type !== 'source') return [];
    const { id: _id, providerMetadata, ...source } = part;
    if (providerMetadata !== undefined) indices.push(providerMetadata);
    return [source];
  });
}

async function streamed(model: LanguageModelV4): Promise<unknown[]> {
  const { stream } = await model.doStream(ask);
  const items: unknown[] = [];
  for await (const part of stream as AsyncIterable<LanguageModelV4StreamPart>) {
    if (part.type === 'text-delta') {
      // Text in one item up to the next source (the AI SDK streams an empty first delta; we do not).
      const last = items.at(-1) as { text?: string } | undefined;
      if (last?.text !== undefined) last.text += part.delta;
      else if (part.delta !== '') items.push({ text: part.delta });
    } else if (part.type === 'source') {
      const { id: _id, providerMetadata, ...source } = part;
      if (providerMetadata !== undefined) indices.push(providerMetadata);
      items.push(source);
    } else if (part.type === 'error') throw part.error;
  }
  return items;
}

describe('our OpenAI adapter and @ai-sdk/openai agree on url citations', () => {
  it('give the same url sources after the same text (generate)', async () => {
    const [ours, theirs] = models(JSON.stringify(completion));
    const reference = generated((await theirs.doGenerate(ask)).content);
    indices.length = 0;
    expect(generated((await ours.doGenerate(ask)).content)).toEqual(reference);
    expect(reference.filter((item) => (item as { type?: string }).type === 'source')).toHaveLength(2);
    expect(indices).toEqual([
      { openai: { startIndex: 0, endIndex: 12 } },
      { openai: { startIndex: 13, endIndex: 20 } },
    ]);
  });

  it('give the same url sources where their annotations arrive (stream)', async () => {
    const [ours, theirs] = models(sse);
    const reference = await streamed(theirs);
    indices.length = 0;
    expect(await streamed(ours)).toEqual(reference);
    expect(reference.filter((item) => (item as { type?: string }).type === 'source')).toHaveLength(2);
    expect(indices).toHaveLength(2);
  });

  // Our sources came before the tool call parts of the chunk that brought both.
  it("stream a chunk's sources after its tool call parts", async () => {
    const withCall = [
      chunk({ role: 'assistant', content: 'See the notice.', annotations: annotations.slice(0, 1) }),
      chunk({
        tool_calls: [
          { index: 0, id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{}' } },
        ],
        annotations: annotations.slice(1),
      }),
      chunk({}, 'tool_calls'),
    ]
      .map((data) => `data: ${JSON.stringify(data)}\n\n`)
      .join('')
      .concat('data: [DONE]\n\n');
    const order = async (model: LanguageModelV4) => {
      const { stream } = await model.doStream(ask);
      const types: string[] = [];
      for await (const part of stream as AsyncIterable<LanguageModelV4StreamPart>)
        if (part.type === 'source' || part.type === 'tool-input-start' || part.type === 'text-start')
          types.push(part.type);
      return types;
    };
    const [ours, theirs] = models(withCall);
    const reference = await order(theirs);
    expect(reference).toEqual(['text-start', 'source', 'tool-input-start', 'source']);
    expect(await order(ours)).toEqual(reference);
  });
});
