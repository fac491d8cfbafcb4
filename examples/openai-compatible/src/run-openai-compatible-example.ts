import type { SwitchyardConfigInput } from '@switchyard/core';
import { createOpenAI } from '@switchyard/openai';
import { createRouter, memorySink } from '@switchyard/router';
import { createSimulator, fixtureFetch } from '@switchyard/simulators';
import { generateText, streamText } from 'ai';

const local = {
  hostedIn: 'self',
  origin: 'CN',
  weights: 'open',
  licence: 'Apache-2.0',
  contextWindow: 32_768,
} as const;

/** A hosted model behind a gateway, then two local servers of open weights. */
const config: SwitchyardConfigInput = {
  targets: [
    {
      id: 'grok',
      provider: 'xai',
      model: 'grok-3-mini',
      hostedIn: 'US',
      origin: 'US',
      weights: 'closed',
      contextWindow: 131_072,
      price: { input: 0.3, output: 0.5, cachedInput: 0.075 },
    },
    {
      id: 'gateway',
      provider: 'openai',
      model: 'gpt-4o-mini',
      hostedIn: 'US',
      origin: 'US',
      weights: 'closed',
      contextWindow: 128_000,
      price: { input: 0.15, output: 0.6 },
    },
    { id: 'vllm', provider: 'vllm', model: 'Qwen/Qwen3-8B', price: { input: 0, output: 0 }, ...local },
    {
      id: 'llama-server',
      provider: 'llama.cpp',
      model: 'qwen3-8b-q4_k_m',
      price: { input: 0, output: 0 },
      ...local,
    },
  ],
  routes: {
    chat: { targets: ['gateway', 'vllm'] },
    reasoning: { targets: ['grok'] },
    local: { targets: ['llama-server'] },
  },
  policy: { id: 'allow-all', defaultEffect: 'allow' },
};

/**
 * OpenAI-compatible servers as router targets, each one `createOpenAI({ baseURL })` away; the
 * simulator's flavours stand in for them here (no servers, no keys):
 * 1. xAI reports its reasoning tokens outside `completion_tokens`: the record still bills them;
 * 2. a gateway answers with an HTML page and status 200 (a captive portal): a classified
 *    `malformed_response`, and the route falls back to the local vLLM server;
 * 3. llama.cpp's `llama-server` streams its reasoning in `reasoning_content`.
 *
 * @returns the lines it printed.
 */
export async function runOpenAICompatibleExample(): Promise<{ lines: string[] }> {
  const lines: string[] = [];
  const xai = createSimulator({
    kind: 'openai',
    flavor: 'xai',
    models: [{ id: 'grok-3-mini', usage: { reasoningTokens: 200 } }],
  });
  const vllm = createSimulator({ kind: 'openai', flavor: 'vllm', models: ['Qwen/Qwen3-8B'] });
  const llama = createSimulator({
    kind: 'openai',
    flavor: 'llama.cpp',
    models: [{ id: 'qwen3-8b-q4_k_m', usage: { reasoningTokens: 12 } }],
  });
  const portal = fixtureFetch({
    headers: { 'content-type': 'text/html' },
    body: '<!DOCTYPE html><html><head><title>Sign in to continue</title></head><body></body></html>',
  });
  // Against real servers: createOpenAI({ name: 'vllm', baseURL: 'http://gpu-box:8000/v1', apiKey: 'none' }).
  const server = (name: string, simulator: { baseURL: string; fetch: typeof fetch }) =>
    createOpenAI({ name, apiKey: 'not-checked', baseURL: simulator.baseURL, fetch: simulator.fetch });
  const sink = memorySink();
  const router = createRouter({
    config,
    models: {
      grok: server('xai', xai)('grok-3-mini'),
      gateway: createOpenAI({ apiKey: 'sk-demo', baseURL: 'http://gateway.invalid/v1', fetch: portal.fetch })(
        'gpt-4o-mini',
      ),
      vllm: server('vllm', vllm)('Qwen/Qwen3-8B'),
      'llama-server': server('llama.cpp', llama)('qwen3-8b-q4_k_m'),
    },
    sinks: [sink],
  });
  try {
    const reasoned = await generateText({ model: router.languageModel('reasoning'), prompt: 'Say one word' });
    const grok = sink.records.at(-1);
    lines.push(
      `xAI: ${reasoned.text} (reasoning ${reasoned.reasoningText ? 'shown' : 'missing'}; billed output ${grok?.totals.usage.outputTokens} tokens, ${grok?.totals.usage.reasoningTokens} of them reasoning; cost $${grok?.totals.costUsd.toFixed(6)})`,
    );

    const routed = await generateText({ model: router.languageModel('chat'), prompt: 'Hello' });
    const record = sink.records.at(-1);
    const attempts = record?.attempts.map((attempt) =>
      attempt.failureKind === undefined
        ? `${attempt.targetId}: served`
        : `${attempt.targetId}: ${attempt.failureKind} ${attempt.code} (${attempt.message})`,
    );
    lines.push(`gateway: ${routed.text}`, ...(attempts ?? []).map((attempt) => `  ${attempt}`));

    const streamed = streamText({ model: router.languageModel('local'), prompt: 'Stream it' });
    await streamed.consumeStream();
    lines.push(`llama.cpp reasoning: ${(await streamed.reasoningText) ?? '(none)'}`);
    return { lines };
  } finally {
    await router.close();
    for (const simulator of [xai, vllm, llama]) await simulator.stop();
  }
}
