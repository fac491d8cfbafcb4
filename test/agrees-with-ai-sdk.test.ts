import { readFileSync } from 'node:fs';
import { createAnthropic as createAISDKAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI as createAISDKOpenAI } from '@ai-sdk/openai';
import type { LanguageModelV4, LanguageModelV4CallOptions, LanguageModelV4Content } from '@ai-sdk/provider';
import { createAnthropic } from '@switchyard/anthropic';
import { createOpenAI } from '@switchyard/openai';
import { fixtureFetch } from '@switchyard/simulators';
import { describe, expect, it } from 'vitest';

/**
 * Our adapters and the AI SDK's own providers (`@ai-sdk/anthropic`,
 * `@ai-sdk/openai`), fed the same wire fixtures (written by us in the
 * providers' documented shapes), agree in substance: text, reasoning, tool
 * calls (name, input, provider-executed), tool results, sources, finish
 * reason, usage and response metadata. Where we differ on purpose (reasoning
 * and usage fields the AI SDK's OpenAI provider does not read) the fixture is
 * not listed here: its own test says what we do.
 */
const fixture = (adapter: string, name: string) =>
  readFileSync(new URL(`../packages/${adapter}/src/__fixtures__/${name}`, import.meta.url), 'utf8');

const ask: LanguageModelV4CallOptions = {
  prompt: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
};

interface Summary {
  text: string;
  reasoning: string;
  toolCalls: string[];
  toolResults: string[];
  sources: number;
  finish: string | undefined;
  usage: (number | undefined)[];
  id: string | undefined;
  modelId: string | undefined;
}

function summaryOf(content: LanguageModelV4Content[]): Omit<Summary, 'finish' | 'usage' | 'id' | 'modelId'> {
  const summary = {
    text: '',
    reasoning: '',
    toolCalls: [] as string[],
    toolResults: [] as string[],
    sources: 0,
  };
  for (const part of content) {
    if (part.type === 'text') summary.text += part.text;
    else if (part.type === 'reasoning') summary.reasoning += part.text;
    else if (part.type === 'tool-call')
      summary.toolCalls.push(
        `${part.toolName}${part.providerExecuted ? ' (provider)' : ''} ${JSON.stringify(JSON.parse(part.input))}`,
      );
    else if (part.type === 'tool-result') summary.toolResults.push(`${part.toolName} ${part.toolCallId}`);
    else if (part.type === 'source') summary.sources++;
  }
  return summary;
}

async function generate(model: LanguageModelV4): Promise<Summary> {
  const result = await model.doGenerate(ask);
  return {
    ...summaryOf(result.content),
    finish: result.finishReason.unified,
    usage: [
      result.usage.inputTokens.total,
      result.usage.inputTokens.cacheRead,
      result.usage.outputTokens.total,
    ],
    id: result.response?.id,
    modelId: result.response?.modelId,
  };
}

async function stream(model: LanguageModelV4): Promise<Summary> {
  const { stream } = await model.doStream(ask);
  const content: LanguageModelV4Content[] = [];
  const summary: Pick<Summary, 'finish' | 'usage' | 'id' | 'modelId'> = {
    finish: undefined,
    usage: [],
    id: undefined,
    modelId: undefined,
  };
  let text = '';
  let reasoning = '';
  for await (const part of stream) {
    if (part.type === 'text-delta') text += part.delta;
    else if (part.type === 'reasoning-delta') reasoning += part.delta;
    else if (part.type === 'tool-call' || part.type === 'tool-result' || part.type === 'source')
      content.push(part);
    else if (part.type === 'response-metadata' && summary.id === undefined) {
      summary.id = part.id;
      summary.modelId = part.modelId;
    } else if (part.type === 'finish') {
      summary.finish = part.finishReason.unified;
      summary.usage = [
        part.usage.inputTokens.total,
        part.usage.inputTokens.cacheRead,
        part.usage.outputTokens.total,
      ];
    } else if (part.type === 'error') throw part.error;
  }
  return { ...summaryOf(content), text, reasoning, ...summary };
}

function models(adapter: 'anthropic' | 'openai', body: string): [LanguageModelV4, LanguageModelV4] {
  const contentType = body.trimStart().startsWith('{') ? 'application/json' : 'text/event-stream';
  const { fetch } = fixtureFetch({ headers: { 'content-type': contentType }, body });
  if (adapter === 'anthropic') {
    return [
      createAnthropic({ apiKey: 'sk-ant-test', baseURL: 'http://fixture.invalid', fetch })('claude-test'),
      createAISDKAnthropic({ apiKey: 'sk-ant-test', baseURL: 'http://fixture.invalid/v1', fetch })(
        'claude-test',
      ),
    ];
  }
  return [
    createOpenAI({ apiKey: 'sk-test', baseURL: 'http://fixture.invalid/v1', fetch })('gpt-test'),
    createAISDKOpenAI({ apiKey: 'sk-test', baseURL: 'http://fixture.invalid/v1', fetch }).chat('gpt-test'),
  ];
}

describe('our adapters and the AI SDK providers agree on the same wire bodies', () => {
  it.each([
    ['anthropic', 'tool-input-in-block-start.sse'],
    ['anthropic', 'web-search.json'],
    ['anthropic', 'web-search.sse'],
    ['anthropic', 'compaction.json'],
    ['anthropic', 'compaction.sse'],
    ['anthropic', 'thinking.json'],
    ['openai', 'azure-preamble.sse'],
    ['openai', 'vllm-tool-call.sse'],
  ] as const)('%s %s', async (adapter, name) => {
    const body = fixture(adapter, name);
    const run = name.endsWith('.json') ? generate : stream;
    const [ours, theirs] = models(adapter, body);
    const [mine, reference] = [await run(ours), await run(theirs)];
    // The AI SDK's OpenAI provider reads no reasoning_content; ours does (see openai-wire-fixtures.test.ts).
    if (adapter === 'openai') mine.reasoning = reference.reasoning;
    expect(mine).toEqual(reference);
  });
});
