import type {
  LanguageModelV4FunctionTool,
  LanguageModelV4Prompt,
  SharedV4ProviderOptions,
  SharedV4Warning,
} from '@ai-sdk/provider';
import { thrownFailure } from '@switchyard/core/testing';
import { describe, expect, it } from 'vitest';
import { convertToAnthropicMessages } from './convert-to-anthropic-messages.js';
import { prepareAnthropicRequest } from './prepare-anthropic-request.js';

const modelId = 'claude-test';
const cached = { anthropic: { cacheControl: { type: 'ephemeral' } } } satisfies SharedV4ProviderOptions;
const hour = {
  anthropic: { cacheControl: { type: 'ephemeral', ttl: '1h' } },
} satisfies SharedV4ProviderOptions;
const user = (text: string, providerOptions?: SharedV4ProviderOptions): LanguageModelV4Prompt[number] => ({
  role: 'user',
  content: [{ type: 'text', text }],
  ...(providerOptions === undefined ? {} : { providerOptions }),
});

function convert(prompt: LanguageModelV4Prompt) {
  const warnings: SharedV4Warning[] = [];
  return { ...convertToAnthropicMessages({ modelId, prompt, warnings }), warnings };
}

function request(
  prompt: LanguageModelV4Prompt,
  extra: Partial<Parameters<typeof prepareAnthropicRequest>[0]['callOptions']> = {},
) {
  return prepareAnthropicRequest({
    call: { provider: 'anthropic', model: modelId },
    callOptions: { prompt, ...extra },
    defaultMaxTokens: 1024,
  });
}

const failureOf = thrownFailure;

const searchTool = (providerOptions?: SharedV4ProviderOptions): LanguageModelV4FunctionTool => ({
  type: 'function',
  name: 'search',
  inputSchema: { type: 'object', properties: {} },
  ...(providerOptions === undefined ? {} : { providerOptions }),
});

describe('CacheBreakpoints', () => {
  describe('placement', () => {
    it('sends the system prompt as text blocks, the marked one with cache_control, when a system message asks', () => {
      const { system, warnings } = convert([
        { role: 'system', content: 'Rules.', providerOptions: hour },
        { role: 'system', content: 'Today.' },
        user('Hi'),
      ]);
      expect(system).toEqual([
        { type: 'text', text: 'Rules.', cache_control: { type: 'ephemeral', ttl: '1h' } },
        { type: 'text', text: 'Today.' },
      ]);
      expect(warnings).toEqual([]);
    });

    it('keeps the system prompt one string, and sends no cache_control, for a prompt without options', () => {
      const { system, messages, warnings } = convert([
        { role: 'system', content: 'Rules.' },
        { role: 'system', content: 'Today.' },
        user('Hi'),
      ]);
      expect(system).toBe('Rules.\n\nToday.');
      expect(JSON.stringify(messages)).not.toContain('cache_control');
      expect(warnings).toEqual([]);
    });

    it("puts a message's breakpoint on its last block, and a part's on that part's block", () => {
      const { messages } = convert([
        {
          role: 'user',
          content: [
            {
              type: 'text',
              text: 'a',
              providerOptions: { anthropic: { cache_control: { type: 'ephemeral' } } },
            },
            { type: 'text', text: 'b' },
          ],
          providerOptions: hour,
        },
        { role: 'assistant', content: [{ type: 'text', text: 'c' }], providerOptions: cached },
      ]);
      expect(messages).toEqual([
        {
          role: 'user',
          content: [
            { type: 'text', text: 'a', cache_control: { type: 'ephemeral' } },
            { type: 'text', text: 'b', cache_control: { type: 'ephemeral', ttl: '1h' } },
          ],
        },
        { role: 'assistant', content: [{ type: 'text', text: 'c', cache_control: { type: 'ephemeral' } }] },
      ]);
    });

    it("lets a last part's own breakpoint win over its message's (one breakpoint, not two)", () => {
      const { messages } = convert([
        {
          role: 'user',
          content: [{ type: 'text', text: 'a', providerOptions: cached }],
          providerOptions: hour,
        },
      ]);
      expect(messages[0]?.content).toEqual([
        { type: 'text', text: 'a', cache_control: { type: 'ephemeral' } },
      ]);
    });

    it("marks tool results: the part's, the output's, then the message's on the last one", () => {
      const { messages } = convert([
        {
          role: 'tool',
          content: [
            {
              type: 'tool-result',
              toolCallId: 'a',
              toolName: 'f',
              output: { type: 'text', value: '1' },
              providerOptions: cached,
            },
            {
              type: 'tool-result',
              toolCallId: 'b',
              toolName: 'f',
              output: { type: 'text', value: '2', providerOptions: hour },
            },
            { type: 'tool-result', toolCallId: 'c', toolName: 'f', output: { type: 'text', value: '3' } },
          ],
          providerOptions: cached,
        },
      ]);
      expect(
        ((messages[0]?.content ?? []) as { cache_control?: unknown }[]).map((block) => block.cache_control),
      ).toEqual([{ type: 'ephemeral' }, { type: 'ephemeral', ttl: '1h' }, { type: 'ephemeral' }]);
    });

    it("marks a tool result from its content parts' options: the first part that asks, on the tool_result block", () => {
      const { messages, warnings } = convert([
        {
          role: 'tool',
          content: [
            {
              type: 'tool-result',
              toolCallId: 'a',
              toolName: 'f',
              output: {
                type: 'content',
                value: [
                  { type: 'text', text: 'one', providerOptions: { openai: { ignored: true } } },
                  { type: 'text', text: 'two', providerOptions: hour },
                  { type: 'text', text: 'three', providerOptions: cached },
                ],
              },
            },
            {
              type: 'tool-result',
              toolCallId: 'b',
              toolName: 'f',
              output: { type: 'content', value: [{ type: 'text', text: 'four', providerOptions: cached }] },
              providerOptions: hour,
            },
          ],
        },
      ]);
      expect(messages[0]?.content).toEqual([
        {
          type: 'tool_result',
          tool_use_id: 'a',
          content: [
            { type: 'text', text: 'one' },
            { type: 'text', text: 'two' },
            { type: 'text', text: 'three' },
          ],
          cache_control: { type: 'ephemeral', ttl: '1h' },
        },
        {
          type: 'tool_result',
          tool_use_id: 'b',
          content: [{ type: 'text', text: 'four' }],
          cache_control: { type: 'ephemeral', ttl: '1h' },
        },
      ]);
      expect(warnings).toEqual([]);
    });

    it('marks a function tool from its providerOptions', () => {
      const { body, warnings } = request([user('Hi')], { tools: [searchTool(cached)] });
      expect(body.tools).toEqual([
        {
          name: 'search',
          input_schema: { type: 'object', properties: {} },
          cache_control: { type: 'ephemeral' },
        },
      ]);
      expect(warnings).toEqual([]);
    });

    it('warns instead of marking a thinking block or a part that sends nothing', () => {
      const { messages, warnings } = convert([
        user('Hi'),
        {
          role: 'assistant',
          content: [
            {
              type: 'reasoning',
              text: 'hmm',
              providerOptions: { anthropic: { signature: 'sig', ...cached.anthropic } },
            },
            { type: 'text', text: '', providerOptions: cached },
            { type: 'text', text: 'Hello' },
          ],
        },
      ]);
      expect(JSON.stringify(messages)).not.toContain('cache_control');
      expect(warnings).toEqual([
        expect.objectContaining({
          feature: 'cacheControl on prompt[1].content[0]',
          details: expect.stringContaining('thinking block'),
        }),
        expect.objectContaining({
          feature: 'cacheControl on prompt[1].content[1]',
          details: expect.stringContaining('nothing is sent'),
        }),
      ]);
    });
  });

  describe('limit', () => {
    const six: LanguageModelV4Prompt = [
      { role: 'system', content: 'Rules.', providerOptions: cached },
      user('1', cached),
      { role: 'assistant', content: [{ type: 'text', text: '2' }], providerOptions: cached },
      user('3', cached),
      { role: 'assistant', content: [{ type: 'text', text: '4' }], providerOptions: cached },
    ];

    it('sends the first 4 breakpoints (system, messages, then tools) and names the count and the ones left out', () => {
      const { body, warnings } = request(six, { tools: [searchTool(cached)] });
      expect(JSON.stringify(body).split('cache_control').length - 1).toBe(4);
      expect(body.tools).toEqual([expect.not.objectContaining({ cache_control: expect.anything() })]);
      expect(warnings).toEqual([
        {
          type: 'unsupported',
          feature: 'cacheControl breakpoint limit',
          details:
            '6 cache breakpoints asked for; the Messages API takes at most 4: sent the first 4 (system, messages, then tools), left out those on prompt[4], tools[0] (search)',
        },
      ]);
    });

    it("counts a tool result's content-part breakpoint among the 4, naming it when it is left out", () => {
      const toolResult = (toolCallId: string): LanguageModelV4Prompt[number] => ({
        role: 'tool',
        content: [
          {
            type: 'tool-result',
            toolCallId,
            toolName: 'f',
            output: { type: 'content', value: [{ type: 'text', text: 'ok', providerOptions: cached }] },
          },
        ],
      });
      const { messages, warnings } = convert([...six.slice(0, 4), toolResult('a'), toolResult('b')]);
      expect(JSON.stringify(messages).split('cache_control').length - 1).toBe(3);
      expect(warnings).toEqual([
        expect.objectContaining({
          feature: 'cacheControl breakpoint limit',
          details: expect.stringMatching(
            /^6 cache breakpoints asked for;.*left out those on prompt\[4\]\.content\[0\]\.output\.value\[0\], prompt\[5\]\.content\[0\]\.output\.value\[0\]$/,
          ),
        }),
      ]);
    });

    it('counts the request-level cache_control as one of the 4', () => {
      const { body, warnings } = request(six.slice(0, 4), {
        providerOptions: { anthropic: { cache_control: { type: 'ephemeral' } } },
      });
      expect(JSON.stringify(body.messages).split('cache_control').length - 1).toBe(2);
      expect(warnings).toEqual([
        expect.objectContaining({
          details: expect.stringMatching(
            /^5 cache breakpoints asked for \(the request-level cache_control takes one\);.*sent the first 3.*left out those on prompt\[3\]$/,
          ),
        }),
      ]);
    });

    it('warns of a 1h breakpoint after a 5m one (tools come first in the cached prefix)', () => {
      const { warnings } = request([user('Hi', hour)], { tools: [searchTool(cached)] });
      expect(warnings).toEqual([
        {
          type: 'other',
          message:
            'the 1h cache breakpoint on prompt[0] comes after the 5m one on tools[0] (search): the Messages API takes 1h breakpoints only before 5m ones (in the order tools, system, messages) and refuses this request',
        },
      ]);
      expect(request([user('Hi', cached)], { tools: [searchTool(hour)] }).warnings).toEqual([]);
    });
    it('orders a late system message with the system prompt, before the messages, for the TTL check', () => {
      // Counted after the user message, but sent in the top-level system: the 1h breakpoint comes first
      // (the only warning is that the late system message was moved there).
      expect(
        convert([user('Hi', cached), { role: 'system', content: 'Late rules.', providerOptions: hour }])
          .warnings,
      ).toEqual([expect.objectContaining({ type: 'compatibility' })]);
      expect(
        convert([{ role: 'system', content: 'Rules.', providerOptions: cached }, user('Hi', hour)]).warnings,
      ).toEqual([
        expect.objectContaining({
          type: 'other',
          message: expect.stringMatching(
            /^the 1h cache breakpoint on prompt\[1\] comes after the 5m one on prompt\[0\]/,
          ),
        }),
      ]);
    });
  });

  describe('bad values', () => {
    it.each([
      [
        { cacheControl: { type: 'ephemeral', ttl: '2h' } },
        'prompt[0].providerOptions.anthropic.cacheControl.ttl: invalid value "2h"; expected one of "5m", "1h"',
      ],
      [
        { cacheControl: { type: 'persistent' } },
        'prompt[0].providerOptions.anthropic.cacheControl.type: invalid value "persistent"; expected one of "ephemeral"',
      ],
      [
        { cache_control: { type: 'ephemeral', tll: '1h' } },
        'prompt[0].providerOptions.anthropic.cache_control.tll: unknown key "tll"',
      ],
      [
        { cacheControl: true },
        'prompt[0].providerOptions.anthropic.cacheControl: wrong type: got boolean true; expected a map',
      ],
    ])('rejects %j on a message, naming where and what was expected', (anthropic, message) => {
      const failure = failureOf(() => convert([user('Hi', { anthropic } as SharedV4ProviderOptions)]));
      expect(failure).toMatchObject({ kind: 'invalid_request', code: 'invalid_provider_options' });
      expect(failure.message).toContain(message);
    });

    it('rejects a bad value on a part and on a tool, naming each', () => {
      const bad = {
        anthropic: { cacheControl: { type: 'ephemeral', ttl: 5 } },
      } as unknown as SharedV4ProviderOptions;
      expect(
        failureOf(() =>
          convert([
            {
              role: 'user',
              content: [
                { type: 'text', text: 'a' },
                { type: 'text', text: 'b', providerOptions: bad },
              ],
            },
          ]),
        ).message,
      ).toMatch(/^prompt\[0\]\.content\[1\]\.providerOptions\.anthropic\.cacheControl\.ttl: /);
      expect(failureOf(() => request([user('Hi')], { tools: [searchTool(bad)] })).message).toMatch(
        /^tools\[0\] \(search\)\.providerOptions\.anthropic\.cacheControl\.ttl: /,
      );
    });

    it("rejects a bad value on a tool result's content part, naming the part", () => {
      const failure = failureOf(() =>
        convert([
          {
            role: 'tool',
            content: [
              {
                type: 'tool-result',
                toolCallId: 'a',
                toolName: 'f',
                output: {
                  type: 'content',
                  value: [
                    { type: 'text', text: 'ok' },
                    {
                      type: 'text',
                      text: 'more',
                      providerOptions: { anthropic: { cacheControl: { type: 'ephemeral', ttl: '2h' } } },
                    },
                  ],
                },
              },
            ],
          },
        ]),
      );
      expect(failure).toMatchObject({ kind: 'invalid_request', code: 'invalid_provider_options' });
      expect(failure.message).toBe(
        'prompt[0].content[0].output.value[1].providerOptions.anthropic.cacheControl.ttl: invalid value "2h"; expected one of "5m", "1h"',
      );
    });

    it('rejects a request-level cache_control that is not a cache breakpoint', () => {
      const failure = failureOf(() =>
        request([user('Hi')], {
          providerOptions: { anthropic: { cache_control: { type: 'ephemeral', ttl: '1d' } } },
        }),
      );
      expect(failure.message).toContain('providerOptions.anthropic.cache_control.ttl: invalid value "1d"');
    });

    it('warns of the keys of a tool it does not send', () => {
      const { warnings } = request([user('Hi')], {
        tools: [searchTool({ anthropic: { deferLoading: true } })],
      });
      expect(warnings).toEqual([
        expect.objectContaining({
          type: 'unsupported',
          feature: 'providerOptions.anthropic.deferLoading on tool search',
        }),
      ]);
    });
  });
});
