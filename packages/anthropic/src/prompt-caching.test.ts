import type { LanguageModelV4CallOptions } from '@ai-sdk/provider';
import { type SimulatorHandle, startSimulator } from '@switchyard/simulators';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAnthropic } from './create-anthropic.js';

const model = 'claude-usage';
let simulator: SimulatorHandle;
let anthropic: ReturnType<typeof createAnthropic>;

beforeAll(async () => {
  simulator = await startSimulator({
    kind: 'anthropic',
    models: [{ id: model, usage: { cachedInputTokens: 40, cacheWriteInputTokens: 12 } }],
  });
  anthropic = createAnthropic({ apiKey: 'sk-ant-test-secret-1234', baseURL: simulator.baseURL });
});
afterAll(async () => {
  await simulator.stop();
});
beforeEach(() => {
  simulator.clearRequests();
});

const cached = { anthropic: { cacheControl: { type: 'ephemeral' } } } as const;

/** A cached system prompt, a cited PDF, a cached tool: what a demanding `@ai-sdk/anthropic` user sends. */
const call: LanguageModelV4CallOptions = {
  prompt: [
    {
      role: 'system',
      content: 'You answer from the contract.',
      providerOptions: { anthropic: { cacheControl: { type: 'ephemeral', ttl: '1h' } } },
    },
    {
      role: 'user',
      content: [
        {
          type: 'file',
          mediaType: 'application/pdf',
          filename: 'contract.pdf',
          data: { type: 'data', data: new Uint8Array([37, 80, 68, 70]) },
          providerOptions: { anthropic: { citations: { enabled: true }, context: 'signed 2026' } },
        },
        { type: 'text', text: 'What is the notice period?' },
      ],
      providerOptions: cached,
    },
  ],
  tools: [
    {
      type: 'function',
      name: 'lookup',
      inputSchema: { type: 'object', properties: {} },
      providerOptions: { anthropic: { cacheControl: { type: 'ephemeral', ttl: '1h' } } },
    },
  ],
};

describe('prompt caching and document options over the wire', () => {
  it('sends cache_control, citations, title and context as Anthropic takes them, and reads the cache usage back', async () => {
    const result = await anthropic(model).doGenerate(call);
    const body = simulator.requests.at(-1)?.body as Record<string, unknown>;
    expect(body.tools).toEqual([
      {
        name: 'lookup',
        input_schema: { type: 'object', properties: {} },
        cache_control: { type: 'ephemeral', ttl: '1h' },
      },
    ]);
    expect(body.system).toEqual([
      {
        type: 'text',
        text: 'You answer from the contract.',
        cache_control: { type: 'ephemeral', ttl: '1h' },
      },
    ]);
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [
          {
            type: 'document',
            source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERg==' },
            title: 'contract.pdf',
            context: 'signed 2026',
            citations: { enabled: true },
          },
          { type: 'text', text: 'What is the notice period?', cache_control: { type: 'ephemeral' } },
        ],
      },
    ]);
    expect(result.usage.inputTokens).toMatchObject({ cacheRead: 40, cacheWrite: 12 });
    expect(result.warnings).toEqual([]);
  });

  it('streams the same request, and the cache usage in finish', async () => {
    await anthropic(model).doGenerate(call);
    const generated = simulator.requests.at(-1)?.body;
    const { stream } = await anthropic(model).doStream(call);
    let usage: unknown;
    for await (const part of stream) if (part.type === 'finish') usage = part.usage.inputTokens;
    expect(simulator.requests.at(-1)?.body).toEqual({ ...(generated as object), stream: true });
    expect(usage).toMatchObject({ cacheRead: 40, cacheWrite: 12 });
  });
});
