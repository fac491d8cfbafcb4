import { createAnthropic } from '@switchyard/anthropic';
import { type DecisionRecord, DecisionRecordSchema, type SwitchyardConfigInput } from '@switchyard/core';
import { createOllama } from '@switchyard/ollama';
import { createOpenAI } from '@switchyard/openai';
import { createRouter, memorySink, type Router } from '@switchyard/router';
import { type SimulatorHandle, startSimulator } from '@switchyard/simulators';
import { generateText, streamText } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** The header the simulators read the caller's country from (their default). */
const callerHeader = 'x-switchyard-caller-country';

const config: SwitchyardConfigInput = {
  targets: [
    {
      id: 'anthropic-claude',
      provider: 'anthropic',
      model: 'claude-sonnet-5-5',
      hostedIn: 'US',
      origin: 'US',
      weights: 'closed',
      contextWindow: 200_000,
      price: { input: 3, output: 15 },
    },
    {
      id: 'openai-gpt',
      provider: 'openai',
      model: 'gpt-4o',
      hostedIn: 'US',
      origin: 'US',
      weights: 'closed',
      contextWindow: 128_000,
      price: { input: 2.5, output: 10 },
    },
    {
      id: 'local-llama',
      provider: 'ollama',
      model: 'llama3.2',
      hostedIn: 'self',
      origin: 'US',
      weights: 'open',
      licence: 'Llama-3.2-Community',
      contextWindow: 128_000,
      price: { input: 0, output: 0 },
    },
  ],
  routes: { chat: { targets: ['anthropic-claude', 'openai-gpt'], lastResort: ['local-llama'] } },
  policy: { id: 'allow-all', defaultEffect: 'allow' },
  defaults: { context: { jurisdiction: 'US', dataClass: 'internal' } },
};

interface Stack {
  router: Router;
  records: readonly DecisionRecord[];
  anthropic: SimulatorHandle;
  openai: SimulatorHandle;
  ollama: SimulatorHandle;
}

let stack: Stack;

beforeAll(async () => {
  // Zero latency (the simulators' default): nothing in this file waits on a timer but the
  // router's 1 ms retry backoff.
  const [anthropic, openai, ollama] = await Promise.all([
    startSimulator({ kind: 'anthropic', models: ['claude-sonnet-5-5'] }),
    startSimulator({ kind: 'openai', models: ['gpt-4o'] }),
    startSimulator({ kind: 'ollama', models: ['llama3.2'] }),
  ]);
  const sink = memorySink();
  const router = createRouter({
    config,
    models: {
      'anthropic-claude': createAnthropic({ apiKey: 'sk-ant-test', baseURL: anthropic.baseURL })(
        'claude-sonnet-5-5',
      ),
      'openai-gpt': createOpenAI({ apiKey: 'sk-test', baseURL: openai.baseURL })('gpt-4o'),
      'local-llama': createOllama({ baseURL: ollama.baseURL })('llama3.2'),
    },
    sinks: [sink],
    health: { maxRetries: 1, initialBackoffMs: 1, maxBackoffMs: 1, breakerThreshold: 10 },
  });
  stack = { router, records: sink.records, anthropic, openai, ollama };
});

afterAll(async () => {
  await stack?.router.close();
  await Promise.all([stack?.anthropic.stop(), stack?.openai.stop(), stack?.ollama.stop()]);
});

/**
 * The request an app makes for a caller in `country`: the jurisdiction goes to the
 * router in `providerOptions.switchyard`, and the same country goes to the provider in
 * the header the simulators scope their faults by (a real provider sees the caller's IP).
 */
function callFrom(country: string, prompt: string) {
  return {
    model: stack.router.languageModel('chat'),
    prompt,
    headers: { [callerHeader]: country },
    providerOptions: { switchyard: { jurisdiction: country, dataClass: 'internal' } },
  };
}

async function streamFrom(country: string, prompt: string) {
  const result = streamText(callFrom(country, prompt));
  let text = '';
  for await (const delta of result.textStream) text += delta;
  return { text, servedBy: (await result.providerMetadata)?.switchyard?.servedBy };
}

function lastRecord(): DecisionRecord {
  const record = stack.records.at(-1);
  if (!record) throw new Error('no decision record was written');
  return DecisionRecordSchema.parse(record);
}

function attemptsOf(record: DecisionRecord) {
  return record.attempts.map((attempt) => ({
    targetId: attempt.targetId,
    outcome: attempt.outcome,
    failureKind: attempt.failureKind,
    cutoffReason: attempt.cutoffReason,
    status: attempt.status,
    retry: attempt.retry,
  }));
}

function costOf(usage: DecisionRecord['totals']['usage'], price: { input: number; output: number }) {
  return (usage.inputTokens * price.input + usage.outputTokens * price.output) / 1_000_000;
}

function chatRequests(simulator: SimulatorHandle, caller: string) {
  return simulator.requests.filter((request) => request.caller === caller && request.method === 'POST');
}

describe('fallback end to end (router, three adapters, three simulators over loopback HTTP)', () => {
  describe('before any fault', () => {
    it('serves a SG caller from Anthropic, the first candidate, through generateText and streamText', async () => {
      const generated = await generateText(callFrom('SG', 'Plan a launch'));
      expect(generated.text).toBe('This is claude-sonnet-5-5 answering: "Plan a launch".');
      expect(generated.providerMetadata?.switchyard?.servedBy).toBe('anthropic-claude');
      const record = lastRecord();
      expect(record.verdicts.map((verdict) => [verdict.targetId, verdict.allowed])).toEqual([
        ['anthropic-claude', true],
        ['openai-gpt', true],
        ['local-llama', true],
      ]);
      expect(attemptsOf(record)).toEqual([
        expect.objectContaining({ targetId: 'anthropic-claude', outcome: 'success', failureKind: undefined }),
      ]);
      expect(record.totals.costUsd).toBeCloseTo(costOf(record.totals.usage, { input: 3, output: 15 }), 12);
      expect(record.totals.costUsd).toBeGreaterThan(0);
      expect(record.totals.wastedCostUsd).toBe(0);

      const streamed = await streamFrom('SG', 'Stream a launch plan');
      expect(streamed).toEqual({
        text: 'This is claude-sonnet-5-5 answering: "Stream a launch plan".',
        servedBy: 'anthropic-claude',
      });
      expect(lastRecord()).toMatchObject({ operation: 'stream', servedBy: 'anthropic-claude' });
    });
  });

  describe('when Anthropic region-blocks SG mid-run', () => {
    it('falls back to OpenAI, records the cut-off, and quarantines Anthropic for SG only', async () => {
      const blockedBefore = chatRequests(stack.anthropic, 'SG').length;
      stack.anthropic.addFault({ id: 'sg-block', fault: { type: 'region_block' }, callers: ['SG'] });

      const generated = await generateText(callFrom('SG', 'Summarise the memo'));
      expect(generated.text).toBe('This is gpt-4o answering: "Summarise the memo".');
      expect(generated.providerMetadata?.switchyard?.servedBy).toBe('openai-gpt');
      const record = lastRecord();
      expect(attemptsOf(record)).toEqual([
        {
          targetId: 'anthropic-claude',
          outcome: 'failure',
          failureKind: 'cutoff',
          cutoffReason: 'region_blocked',
          status: 403,
          retry: 0,
        },
        {
          targetId: 'openai-gpt',
          outcome: 'success',
          failureKind: undefined,
          cutoffReason: undefined,
          status: undefined,
          retry: 0,
        },
      ]);
      expect(record.totals.fallbackDepth).toBe(1);
      // The refused request used no tokens: nothing was wasted, OpenAI's answer is all the cost.
      expect(record.totals.wastedCostUsd).toBe(0);
      expect(record.totals.costUsd).toBeCloseTo(costOf(record.totals.usage, { input: 2.5, output: 10 }), 12);
      expect(stack.router.health.state('anthropic-claude')).toMatchObject({
        cutoffs: [expect.objectContaining({ jurisdiction: 'SG', reason: 'region_blocked' })],
      });

      const streamed = await streamFrom('SG', 'Stream the memo');
      expect(streamed).toEqual({
        text: 'This is gpt-4o answering: "Stream the memo".',
        servedBy: 'openai-gpt',
      });
      const streamRecord = lastRecord();
      expect(streamRecord.skipped).toEqual([
        expect.objectContaining({ targetId: 'anthropic-claude', reason: 'cutoff' }),
      ]);
      expect(attemptsOf(streamRecord).map((attempt) => attempt.targetId)).toEqual(['openai-gpt']);

      // Anthropic saw exactly one SG request after the block: the one it refused.
      const blocked = chatRequests(stack.anthropic, 'SG').slice(blockedBefore);
      expect(blocked.map((request) => [request.status, request.fault?.type])).toEqual([
        [403, 'region_block'],
      ]);

      // The quarantine is per jurisdiction: a DE caller is still served by Anthropic.
      const german = await generateText(callFrom('DE', 'Guten Tag'));
      expect(german.text).toBe('This is claude-sonnet-5-5 answering: "Guten Tag".');
      expect(german.providerMetadata?.switchyard?.servedBy).toBe('anthropic-claude');
    });
  });

  describe('when OpenAI then returns 503s', () => {
    it('keeps answering SG from Ollama (local open weights), after retrying OpenAI once, never trying Anthropic again', async () => {
      const anthropicSgBefore = chatRequests(stack.anthropic, 'SG').length;
      const openaiSgBefore = chatRequests(stack.openai, 'SG').length;
      stack.openai.addFault({ id: 'outage', fault: { type: 'server_error', status: 503 } });

      const generated = await generateText(callFrom('SG', 'Keep going'));
      expect(generated.text).toBe('This is llama3.2 answering: "Keep going".');
      expect(generated.providerMetadata?.switchyard?.servedBy).toBe('local-llama');
      const record = lastRecord();
      expect(record.skipped).toEqual([
        expect.objectContaining({ targetId: 'anthropic-claude', reason: 'cutoff' }),
      ]);
      expect(attemptsOf(record)).toEqual([
        expect.objectContaining({ targetId: 'openai-gpt', failureKind: 'transient', status: 503, retry: 0 }),
        expect.objectContaining({ targetId: 'openai-gpt', failureKind: 'transient', status: 503, retry: 1 }),
        expect.objectContaining({ targetId: 'local-llama', outcome: 'success', failureKind: undefined }),
      ]);
      expect(record.totals).toMatchObject({ attempts: 3, fallbackDepth: 1, costUsd: 0, wastedCostUsd: 0 });

      const streamed = await streamFrom('SG', 'Keep streaming');
      expect(streamed).toEqual({
        text: 'This is llama3.2 answering: "Keep streaming".',
        servedBy: 'local-llama',
      });
      const streamRecord = lastRecord();
      expect(streamRecord.operation).toBe('stream');
      expect(attemptsOf(streamRecord).map((attempt) => [attempt.targetId, attempt.failureKind])).toEqual([
        ['openai-gpt', 'transient'],
        ['openai-gpt', 'transient'],
        ['local-llama', undefined],
      ]);

      // OpenAI answered four 503s; Anthropic was never asked for SG again after its cut-off.
      const outage = chatRequests(stack.openai, 'SG').slice(openaiSgBefore);
      expect(outage.map((request) => request.status)).toEqual([503, 503, 503, 503]);
      expect(chatRequests(stack.anthropic, 'SG').length).toBe(anthropicSgBefore);
      expect(
        chatRequests(stack.ollama, 'SG').map((request) => [request.stream, request.response.text]),
      ).toEqual([
        [false, 'This is llama3.2 answering: "Keep going".'],
        [true, 'This is llama3.2 answering: "Keep streaming".'],
      ]);
    });

    it('records every request as served, with the reason for each fallback', () => {
      const served = stack.records.map((record) => [
        record.operation,
        record.context.jurisdiction,
        record.servedBy,
      ]);
      expect(served).toEqual([
        ['generate', 'SG', 'anthropic-claude'],
        ['stream', 'SG', 'anthropic-claude'],
        ['generate', 'SG', 'openai-gpt'],
        ['stream', 'SG', 'openai-gpt'],
        ['generate', 'DE', 'anthropic-claude'],
        ['generate', 'SG', 'local-llama'],
        ['stream', 'SG', 'local-llama'],
      ]);
      expect(stack.records.every((record) => record.outcome === 'served')).toBe(true);
    });
  });
});
