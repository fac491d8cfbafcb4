import { describe, expect, it } from 'vitest';
import { createSimulator } from '../../create-simulator.js';
import type { OpenAIFlavor } from './openai-flavor.js';

const model = 'served-model';

/** The raw chunks a flavoured simulator streams for one prompt. */
async function chunks(
  flavor: OpenAIFlavor,
  extra: Record<string, unknown> = {},
): Promise<Record<string, unknown>[]> {
  const simulator = createSimulator({
    kind: 'openai',
    flavor,
    models: [{ id: model, usage: { cachedInputTokens: 2, reasoningTokens: 5 } }],
  });
  const response = await simulator.fetch(`${simulator.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test' },
    body: JSON.stringify({
      model,
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'Hello there' }],
      ...extra,
    }),
  });
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((event) => event.startsWith('data: {'))
    .map((event) => JSON.parse(event.slice('data: '.length)) as Record<string, unknown>);
}

async function json(flavor: OpenAIFlavor): Promise<Record<string, unknown>> {
  const simulator = createSimulator({
    kind: 'openai',
    flavor,
    models: [{ id: model, usage: { cachedInputTokens: 2, reasoningTokens: 5 } }],
  });
  const response = await simulator.fetch(`${simulator.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Hello there' }] }),
  });
  return (await response.json()) as Record<string, unknown>;
}

const choice = (chunk: Record<string, unknown> | undefined) =>
  ((chunk?.choices as Record<string, unknown>[] | undefined) ?? [])[0] ?? {};

describe('flavorOpenAIProtocol', () => {
  it('azure: a preamble chunk without id, model or time, content-filter results on every choice', async () => {
    const streamed = await chunks('azure');
    expect(streamed[0]).toMatchObject({ id: '', model: '', created: 0, choices: [] });
    expect(streamed[0]).toHaveProperty('prompt_filter_results');
    expect(choice(streamed[1])).toHaveProperty('content_filter_results');
    expect(await json('azure')).toHaveProperty('prompt_filter_results');
  });

  it('xai: completion_tokens without the reasoning, total_tokens with it, reasoning_content', async () => {
    const body = await json('xai');
    const usage = body.usage as Record<string, number>;
    expect(usage.total_tokens).toBe((usage.prompt_tokens ?? 0) + (usage.completion_tokens ?? 0) + 5);
    expect((choice(body).message as Record<string, unknown>).reasoning_content).toMatch(/^Thinking about/);
  });

  it('groq: reasoning in delta.reasoning, usage in x_groq on the finish chunk and no usage chunk', async () => {
    const streamed = await chunks('groq');
    expect(
      streamed.some((chunk) => (choice(chunk).delta as Record<string, unknown> | undefined)?.reasoning),
    ).toBe(true);
    const last = streamed.at(-1);
    expect(choice(last).finish_reason).toBe('stop');
    expect(last).toHaveProperty('x_groq.usage.completion_tokens');
    expect(streamed.every((chunk) => chunk.usage === undefined)).toBe(true);
  });

  it('deepseek: cache hits and misses, usage on the finish chunk', async () => {
    const last = (await chunks('deepseek')).at(-1);
    expect(choice(last).finish_reason).toBe('stop');
    expect(last?.usage).toMatchObject({
      prompt_cache_hit_tokens: 2,
      prompt_cache_miss_tokens: expect.any(Number),
    });
  });

  it('llama.cpp: usage and timings on the finish chunk', async () => {
    const last = (await chunks('llama.cpp')).at(-1);
    expect(choice(last).finish_reason).toBe('stop');
    expect(last).toHaveProperty('timings');
    expect(last).toHaveProperty('usage.prompt_tokens');
  });

  it('lmstudio: reasoning in delta.reasoning and no usage', async () => {
    const streamed = await chunks('lmstudio');
    expect(
      streamed.some((chunk) => (choice(chunk).delta as Record<string, unknown> | undefined)?.reasoning),
    ).toBe(true);
    expect(streamed.every((chunk) => chunk.usage === undefined || chunk.usage === null)).toBe(true);
  });

  it('together: finish reason eos, usage on the last content chunk', async () => {
    const last = (await chunks('together')).at(-1);
    expect(choice(last).finish_reason).toBe('eos');
    expect(last).toHaveProperty('usage.completion_tokens');
  });

  it('vllm: tool-call ids chatcmpl-tool-..., reasoning_content', async () => {
    const streamed = await chunks('vllm', {
      tools: [{ type: 'function', function: { name: 'get_time', parameters: { type: 'object' } } }],
      messages: [{ role: 'user', content: 'Call get_time' }],
    });
    const ids = streamed.flatMap((chunk) =>
      (
        ((choice(chunk).delta as Record<string, unknown> | undefined)?.tool_calls as
          | { id?: string }[]
          | undefined) ?? []
      ).map((call) => call.id),
    );
    expect(ids.filter(Boolean)[0]).toMatch(/^chatcmpl-tool-/);
  });

  it('refuses a flavor for another kind, or one it does not know', () => {
    expect(() => createSimulator({ kind: 'anthropic', flavor: 'vllm', models: [model] })).toThrow(
      'flavor is for kind "openai"',
    );
    expect(() =>
      createSimulator({ kind: 'openai', flavor: 'vLLM' as OpenAIFlavor, models: [model] }),
    ).toThrow(
      'flavor must be one of vllm, llama.cpp, lmstudio, deepseek, groq, xai, together, azure; got "vLLM"',
    );
  });
});
