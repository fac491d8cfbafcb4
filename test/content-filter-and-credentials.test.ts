import { createAnthropic } from '@switchyard/anthropic';
import { errorCodes, type SwitchyardConfigInput } from '@switchyard/core';
import { createOllama } from '@switchyard/ollama';
import { createOpenAI } from '@switchyard/openai';
import { createRouter, memorySink, RequestFailedError } from '@switchyard/router';
import { type SimulatorHandle, startSimulator } from '@switchyard/simulators';
import { generateText } from 'ai';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

const target = (id: string, provider: string, model: string, hostedIn = 'US') => ({
  id,
  provider,
  model,
  hostedIn,
  origin: 'US',
  weights: 'closed' as const,
  contextWindow: 100_000,
});
const config: SwitchyardConfigInput = {
  targets: [
    target('openai-gpt', 'openai', 'gpt-4o'),
    target('anthropic-claude', 'anthropic', 'claude-test'),
    target('local-llama', 'ollama', 'llama3.2', 'self'),
  ],
  routes: { chat: { targets: ['openai-gpt', 'anthropic-claude'], lastResort: ['local-llama'] } },
  defaults: { context: { jurisdiction: 'US', dataClass: 'internal' } },
};

let openai: SimulatorHandle;
let anthropic: SimulatorHandle;
let ollama: SimulatorHandle;

beforeAll(async () => {
  [openai, anthropic, ollama] = await Promise.all([
    startSimulator({ kind: 'openai', models: ['gpt-4o'] }),
    startSimulator({ kind: 'anthropic', models: ['claude-test'] }),
    startSimulator({ kind: 'ollama', models: ['llama3.2'] }),
  ]);
});
afterAll(async () => {
  await Promise.all([openai.stop(), anthropic.stop(), ollama.stop()]);
});
beforeEach(() => {
  for (const simulator of [openai, anthropic, ollama]) {
    simulator.clearFaults();
    simulator.clearRequests();
  }
});
afterEach(() => {
  vi.unstubAllEnvs();
});

/** An OpenAI 400 `content_policy_violation`, as the safety system answers (no simulator fault for it). */
const policyViolation: typeof fetch = async () =>
  new Response(
    JSON.stringify({
      error: {
        message: 'Your request was rejected as a result of our safety system.',
        type: 'invalid_request_error',
        param: null,
        code: 'content_policy_violation',
      },
    }),
    { status: 400, headers: { 'content-type': 'application/json' } },
  );

function build(options: {
  contentFiltered?: 'fail' | 'fallback';
  openaiFetch?: typeof fetch;
  openaiKey?: string;
}) {
  const sink = memorySink();
  const router = createRouter({
    config,
    models: {
      'openai-gpt': createOpenAI({
        baseURL: openai.baseURL,
        ...(options.openaiKey === undefined ? { apiKey: 'sk-test' } : {}),
        ...(options.openaiFetch ? { fetch: options.openaiFetch } : {}),
      })('gpt-4o'),
      'anthropic-claude': createAnthropic({ apiKey: 'sk-ant-test', baseURL: anthropic.baseURL })(
        'claude-test',
      ),
      'local-llama': createOllama({ baseURL: ollama.baseURL })('llama3.2'),
    },
    sinks: [sink],
    health: { maxRetries: 0 },
    ...(options.contentFiltered ? { contentFiltered: options.contentFiltered } : {}),
  });
  return { router, sink, model: router.languageModel('chat') };
}

describe('content filters of every provider', () => {
  it('classifies an OpenAI content_policy_violation as content_filtered, and falls back when asked', async () => {
    const failing = build({ openaiFetch: policyViolation });
    const error = await generateText({ model: failing.model, prompt: 'Hi', maxRetries: 0 }).catch(
      (e: unknown) => e,
    );
    expect(RequestFailedError.isInstance(error)).toBe(true);
    expect((error as RequestFailedError).code).toBe(errorCodes.CONTENT_FILTERED);
    const falling = build({ openaiFetch: policyViolation, contentFiltered: 'fallback' });
    const result = await generateText({ model: falling.model, prompt: 'Hi' });
    expect(result.providerMetadata?.switchyard?.servedBy).toBe('anthropic-claude');
    expect(falling.sink.records[0]?.attempts[0]).toMatchObject({
      targetId: 'openai-gpt',
      failureKind: 'content_filtered',
      code: 'content_policy_violation',
    });
  });

  it('classifies an OpenAI finish_reason content_filter with no content as content_filtered', async () => {
    openai.addFault({ fault: { type: 'content_filter' } });
    const { model, sink } = build({ contentFiltered: 'fallback' });
    const result = await generateText({ model, prompt: 'Hi' });
    expect(result.providerMetadata?.switchyard?.servedBy).toBe('anthropic-claude');
    expect(sink.records[0]?.attempts[0]).toMatchObject({ failureKind: 'content_filtered' });
  });

  it('classifies an Anthropic refusal as content_filtered, and falls back when asked', async () => {
    openai.addFault({ fault: { type: 'server_error', status: 503 } });
    anthropic.addFault({ fault: { type: 'content_filter' } });
    const { model, sink } = build({ contentFiltered: 'fallback' });
    const result = await generateText({ model, prompt: 'Hi' });
    expect(result.providerMetadata?.switchyard?.servedBy).toBe('local-llama');
    expect(sink.records[0]?.attempts[1]).toMatchObject({
      targetId: 'anthropic-claude',
      failureKind: 'content_filtered',
      code: 'refusal',
    });
  });

  it('leaves an Ollama refusal in text: Ollama has no content filter', async () => {
    openai.addFault({ fault: { type: 'server_error', status: 503 } });
    anthropic.addFault({ fault: { type: 'server_error', status: 503 } });
    ollama.addFault({ fault: { type: 'content_filter' } });
    const { model } = build({});
    const result = await generateText({ model, prompt: 'Hi' });
    expect(result.providerMetadata?.switchyard?.servedBy).toBe('local-llama');
    expect(result.text).toContain("can't help");
  });
});

describe('credentials at call time', () => {
  it('builds without an OpenAI key; the call fails that target with auth, recorded, and falls back', async () => {
    vi.stubEnv('OPENAI_API_KEY', '');
    const { model, sink } = build({ openaiKey: 'none' });
    const result = await generateText({ model, prompt: 'Hi' });
    expect(result.providerMetadata?.switchyard?.servedBy).toBe('anthropic-claude');
    expect(sink.records[0]?.attempts[0]).toMatchObject({
      targetId: 'openai-gpt',
      outcome: 'failure',
      failureKind: 'auth',
      code: 'missing_credentials',
    });
    expect(openai.requests).toHaveLength(0);
  });
});
