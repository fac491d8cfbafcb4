import { createAnthropic as createAISDKAnthropic } from '@ai-sdk/anthropic';
import type { LanguageModelV4, LanguageModelV4CallOptions, SharedV4Warning } from '@ai-sdk/provider';
import { createAnthropic } from '@switchyard/anthropic';
import { fixtureFetch } from '@switchyard/simulators';
import { describe, expect, it } from 'vitest';

/**
 * Our Anthropic adapter and `@ai-sdk/anthropic`, given the same prompt with
 * prompt-caching and document options, send the same `cache_control`,
 * `citations`, `title` and `context` on the same blocks (tools, system,
 * messages), leave out the same breakpoint beyond the API's 4, and read the
 * same cache usage back, generated and streamed.
 */
const usage = {
  input_tokens: 12,
  cache_creation_input_tokens: 300,
  cache_read_input_tokens: 2000,
  output_tokens: 5,
};
const message = {
  id: 'msg_01',
  type: 'message',
  role: 'assistant',
  model: 'claude-test',
  content: [{ type: 'text', text: 'Ninety days.' }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage,
};
const sse = [
  {
    type: 'message_start',
    message: { ...message, content: [], stop_reason: null, usage: { ...usage, output_tokens: 1 } },
  },
  { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
  { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Ninety days.' } },
  { type: 'content_block_stop', index: 0 },
  { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage },
  { type: 'message_stop' },
]
  .map((event) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`)
  .join('');

const cached = { anthropic: { cacheControl: { type: 'ephemeral' } } } as const;
const call: LanguageModelV4CallOptions = {
  prompt: [
    {
      role: 'system',
      content: 'Answer from the contract.',
      providerOptions: { anthropic: { cacheControl: { type: 'ephemeral', ttl: '1h' } } },
    },
    {
      role: 'user',
      content: [
        {
          type: 'file',
          mediaType: 'application/pdf',
          filename: 'contract.pdf',
          data: { type: 'data', data: 'JVBERi0xLjQ=' },
          providerOptions: { anthropic: { citations: { enabled: true }, context: 'signed 2026' } },
        },
        {
          type: 'file',
          mediaType: 'text/plain',
          data: { type: 'text', text: 'Annex: 90 days.' },
          providerOptions: { anthropic: { citations: { enabled: true }, title: 'Annex' } },
        },
        {
          type: 'file',
          mediaType: 'image/png',
          data: { type: 'data', data: 'iVBORw0KGgo=' },
          providerOptions: cached,
        },
        { type: 'text', text: 'What is the notice period?' },
      ],
    },
    {
      role: 'assistant',
      content: [
        { type: 'text', text: 'Let me look.' },
        { type: 'tool-call', toolCallId: 'toolu_1', toolName: 'lookup', input: { clause: 'notice' } },
      ],
      providerOptions: { anthropic: { cache_control: { type: 'ephemeral' } } },
    },
    {
      role: 'tool',
      content: [
        {
          type: 'tool-result',
          toolCallId: 'toolu_1',
          toolName: 'lookup',
          output: { type: 'text', value: '90 days' },
          providerOptions: cached,
        },
      ],
    },
  ],
  // The fifth breakpoint: both leave it out (tools are counted last).
  tools: [
    {
      type: 'function',
      name: 'lookup',
      inputSchema: { type: 'object', properties: {} },
      providerOptions: cached,
    },
  ],
};

/** The cache and document fields of a request body, by where they are. */
function optionsOf(body: Record<string, unknown>): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  const pick = (where: string, block: Record<string, unknown>) => {
    for (const key of ['cache_control', 'citations', 'title', 'context'])
      if (block[key] !== undefined) picked[`${where}.${key}`] = block[key];
  };
  for (const [index, tool] of ((body.tools ?? []) as Record<string, unknown>[]).entries())
    pick(`tools[${index}]`, tool);
  if (Array.isArray(body.system))
    for (const [index, block] of body.system.entries()) pick(`system[${index}]`, block);
  for (const [index, turn] of (body.messages as { content: Record<string, unknown>[] }[]).entries())
    for (const [position, block] of turn.content.entries())
      pick(`messages[${index}].content[${position}]`, block);
  return picked;
}

function models(body: string) {
  const contentType = body.startsWith('{') ? 'application/json' : 'text/event-stream';
  const fetches = [0, 1].map(() => fixtureFetch({ headers: { 'content-type': contentType }, body }));
  const [ours, theirs] = fetches as [ReturnType<typeof fixtureFetch>, ReturnType<typeof fixtureFetch>];
  const models: [LanguageModelV4, LanguageModelV4] = [
    createAnthropic({ apiKey: 'sk-ant-test', baseURL: 'http://fixture.invalid', fetch: ours.fetch })(
      'claude-test',
    ),
    createAISDKAnthropic({
      apiKey: 'sk-ant-test',
      baseURL: 'http://fixture.invalid/v1',
      fetch: theirs.fetch,
    })('claude-test'),
  ];
  return {
    models,
    bodies: () => [ours, theirs].map((fetch) => fetch.requests.at(-1)?.body as Record<string, unknown>),
  };
}

const limitWarnings = (warnings: SharedV4Warning[]) =>
  warnings.filter(
    (warning) => warning.type === 'unsupported' && warning.feature === 'cacheControl breakpoint limit',
  ).length;

describe('our Anthropic adapter and @ai-sdk/anthropic agree on prompt caching and documents', () => {
  it('send the same cache_control, citations, title and context, and read the same cache usage (generate)', async () => {
    const {
      models: [ours, theirs],
      bodies,
    } = models(JSON.stringify(message));
    const [mine, reference] = [await ours.doGenerate(call), await theirs.doGenerate(call)];
    const [ourBody, theirBody] = bodies() as [Record<string, unknown>, Record<string, unknown>];
    expect(optionsOf(ourBody)).toEqual(optionsOf(theirBody));
    expect(Object.keys(optionsOf(ourBody)).filter((key) => key.endsWith('cache_control'))).toHaveLength(4);
    expect(ourBody.tools).toEqual([expect.not.objectContaining({ cache_control: expect.anything() })]);
    expect([limitWarnings(mine.warnings), limitWarnings(reference.warnings)]).toEqual([1, 1]);
    expect(mine.usage.inputTokens).toEqual(reference.usage.inputTokens);
    expect(mine.usage.inputTokens).toEqual({ total: 2312, noCache: 12, cacheRead: 2000, cacheWrite: 300 });
  });

  it("send a tool result's content parts as the same blocks, its breakpoint on the same tool_result block", async () => {
    const toolResults: LanguageModelV4CallOptions = {
      prompt: [
        { role: 'user', content: [{ type: 'text', text: 'Look up the notice clause.' }] },
        {
          role: 'assistant',
          content: [{ type: 'tool-call', toolCallId: 'toolu_1', toolName: 'lookup', input: {} }],
        },
        {
          role: 'tool',
          content: [
            {
              type: 'tool-result',
              toolCallId: 'toolu_1',
              toolName: 'lookup',
              output: {
                type: 'content',
                value: [
                  { type: 'text', text: 'Clause 9: 90 days.', providerOptions: cached },
                  { type: 'file', mediaType: 'image/png', data: { type: 'data', data: 'iVBORw0KGgo=' } },
                ],
              },
            },
          ],
        },
      ],
    };
    const {
      models: [ours, theirs],
      bodies,
    } = models(JSON.stringify(message));
    const [mine, reference] = [await ours.doGenerate(toolResults), await theirs.doGenerate(toolResults)];
    const [ourBody, theirBody] = bodies() as [Record<string, unknown>, Record<string, unknown>];
    expect(optionsOf(ourBody)).toEqual(optionsOf(theirBody));
    expect(optionsOf(ourBody)).toEqual({ 'messages[2].content[0].cache_control': { type: 'ephemeral' } });
    // The result's text and image go as blocks in the tool_result, as @ai-sdk/anthropic sends them.
    const toolResultOf = (body: Record<string, unknown>) =>
      (body.messages as { content: unknown[] }[])[2]?.content[0];
    expect(toolResultOf(ourBody)).toEqual(toolResultOf(theirBody));
    expect(mine.warnings).toEqual([]);
    expect(JSON.stringify(reference.warnings)).not.toContain('cache');
  });

  it('read the same cache usage from a stream', async () => {
    const { models: pair } = models(sse);
    const usages = await Promise.all(
      pair.map(async (model) => {
        const { stream } = await model.doStream(call);
        let usage: unknown;
        for await (const part of stream) if (part.type === 'finish') usage = part.usage.inputTokens;
        return usage;
      }),
    );
    expect(usages[0]).toEqual(usages[1]);
    expect(usages[0]).toEqual({ total: 2312, noCache: 12, cacheRead: 2000, cacheWrite: 300 });
  });
});
