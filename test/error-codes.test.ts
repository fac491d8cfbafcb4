import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createProgram } from '@switchyard/cli';
import {
  ConfigError,
  createJurisdictions,
  type ErrorCode,
  errorCodes,
  ProviderError,
  parseConfig,
} from '@switchyard/core';
import { generateSigningKeys, recordChain } from '@switchyard/evidence';
import { createRedisBudgetStore } from '@switchyard/redis';
import { createRouter, jsonlSink, type Router } from '@switchyard/router';
import { providerFailure, type ScriptedStep, scriptedModel } from '@switchyard/router/test';
import { describe, expect, it, vi } from 'vitest';

const prompt = { prompt: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'Hi' }] }] };
const target = (id: string, provider: string) => ({
  id,
  provider,
  model: `${id}-model`,
  hostedIn: 'US',
  origin: 'US',
  weights: 'closed' as const,
  contextWindow: 10_000,
  capabilities: [],
});
const config = {
  targets: [target('primary', 'openai'), target('backup', 'anthropic')],
  routes: { chat: { targets: ['primary', 'backup'] } },
  defaults: { context: { jurisdiction: 'US' } },
};
function router(steps: { primary?: ScriptedStep[]; backup?: ScriptedStep[] }, extra = {}): Router {
  return createRouter({
    config,
    models: {
      primary: scriptedModel({ steps: steps.primary ?? [] }),
      backup: scriptedModel({ steps: steps.backup ?? [] }),
    },
    health: { maxRetries: 0 },
    ...extra,
  });
}
const fail = (kind: 'transient' | 'invalid_request' | 'content_filtered') =>
  providerFailure({ kind, message: kind });

function quietCli(argv: string[]): Promise<unknown> {
  return createProgram({ stdout: () => {}, stderr: () => {}, interactive: false }).parseAsync(argv, {
    from: 'user',
  });
}

async function codeOf(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return (error as { code?: unknown }).code;
  }
  return 'nothing thrown';
}

/** How each documented code is thrown, through the public API; the type makes a new code without a test fail. */
const triggers: Record<ErrorCode, () => unknown> = {
  [errorCodes.CONFIG_INVALID]: () => parseConfig({ text: 'targets: 3', file: 'bad.yaml' }),
  [errorCodes.CONFIG_UNREADABLE]: () => parseConfig({ text: 'targets: [', file: 'broken.yaml' }),
  [errorCodes.REQUEST_OPTIONS_INVALID]: () =>
    router({})
      .languageModel('chat')
      .doGenerate({ ...prompt, providerOptions: { switchyard: { jurisdiction: 'de' } } }),
  [errorCodes.JURISDICTION_UNKNOWN]: () => createJurisdictions({ groups: { EU2: ['XX'] } }),
  [errorCodes.ROUTE_UNKNOWN]: () => router({}).languageModel('nope'),
  [errorCodes.TARGET_UNKNOWN]: () => router({}).health.state('nope'),
  [errorCodes.NO_ELIGIBLE_TARGET]: () =>
    createRouter({ config, models: {} }).languageModel('chat').doGenerate(prompt),
  [errorCodes.ALL_TARGETS_FAILED]: () =>
    router({ primary: [{ error: fail('transient') }], backup: [{ error: fail('transient') }] })
      .languageModel('chat')
      .doGenerate(prompt),
  [errorCodes.INVALID_REQUEST]: () =>
    router({ primary: [{ error: fail('invalid_request') }] })
      .languageModel('chat')
      .doGenerate(prompt),
  [errorCodes.CONTENT_FILTERED]: () =>
    router({ primary: [{ error: fail('content_filtered') }] })
      .languageModel('chat')
      .doGenerate(prompt),
  [errorCodes.DEADLINE_EXCEEDED]: async () => {
    vi.useFakeTimers();
    try {
      const pending = router({ primary: [{ hang: true }] }, { deadlineMs: 100 })
        .languageModel('chat')
        .doGenerate(prompt);
      const settled = Promise.resolve(pending).catch((error: unknown) => error);
      await vi.advanceTimersByTimeAsync(100);
      throw await settled;
    } finally {
      vi.useRealTimers();
    }
  },
  [errorCodes.ABORTED]: () =>
    router({ primary: [{ hang: true }] })
      .languageModel('chat')
      .doGenerate({ ...prompt, abortSignal: AbortSignal.abort() }),
  [errorCodes.PROVIDER_ERROR]: () => {
    throw new ProviderError({ provider: 'openai', model: 'm', failure: { kind: 'transient', message: 'x' } });
  },
  [errorCodes.STREAM_TRUNCATED]: async () => {
    const { stream } = await router({
      primary: [
        {
          parts: [
            { type: 'stream-start', warnings: [] },
            { type: 'text-delta', id: 't', delta: 'cut' },
          ],
        },
      ],
    })
      .languageModel('chat')
      // Without continuation (or with no candidate left to continue on), a cut stream is STREAM_TRUNCATED.
      .doStream({ ...prompt, providerOptions: { switchyard: { midStream: 'error' } } });
    for await (const part of stream) if (part.type === 'error') throw part.error;
  },
  [errorCodes.ASSERTION_FAILED]: () => {
    // A drill whose assertion does not hold, run through the CLI: a paid target and a zero cost ceiling.
    const folder = mkdtempSync(join(tmpdir(), 'switchyard-assertion-'));
    const target = {
      provider: 'openai',
      model: 'gpt-4o',
      hostedIn: 'US',
      origin: 'US',
      weights: 'closed',
      price: { input: 1, output: 2 },
    };
    const scenario = {
      name: 'free-lunch',
      config: {
        targets: [{ id: 'gpt', ...target, capabilities: ['streaming'], contextWindow: 128000 }],
        routes: { chat: { targets: ['gpt'] } },
      },
      workload: { route: 'chat', rate: 10, total: 5, mix: { jurisdictions: { US: 1 } } },
      assertions: [{ type: 'cost', name: 'free', maxUsd: 0 }],
    };
    const file = join(folder, 'free-lunch.json');
    writeFileSync(file, JSON.stringify(scenario));
    return createProgram({ stdout: () => {}, stderr: () => {}, interactive: false }).parseAsync(
      ['drill', file, '--out', join(folder, 'out'), '--no-report'],
      { from: 'user' },
    );
  },
  [errorCodes.ROUTER_CLOSED]: async () => {
    const closed = router({});
    await closed.close();
    return closed.languageModel('chat').doGenerate(prompt);
  },
  [errorCodes.BUDGET_EXCEEDED]: async () => {
    const capped = router(
      { primary: [{ text: 'one' }], backup: [{ text: 'two' }] },
      {
        config: {
          ...config,
          budgets: [
            { id: 'one-call', limit: { requests: 1 }, window: { rolling: '1h' }, onExhausted: 'deny' },
          ],
        },
      },
    ).languageModel('chat');
    await capped.doGenerate(prompt);
    return capped.doGenerate(prompt);
  },
  [errorCodes.BUDGET_UNAVAILABLE]: () =>
    router(
      { primary: [{ text: 'one' }] },
      {
        config: {
          ...config,
          budgets: [{ id: 'fleet', limit: { usd: 1 }, window: { calendar: 'day' }, onStoreDown: 'deny' }],
        },
        budgetStore: {
          reserve: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379')),
          reconcile: () => Promise.reject(new Error('unreachable')),
          extend: () => Promise.resolve(false),
          usage: () => Promise.resolve([]),
        },
      },
    )
      .languageModel('chat')
      .doGenerate(prompt),
  [errorCodes.BUDGET_UNSETTLED]: async () => {
    // A reconciliation that cannot reach Redis waits in memory; closing the store then says so.
    const store = createRedisBudgetStore({ url: 'redis://127.0.0.1:1', commandTimeoutMs: 50 });
    await store.reconcile({
      attemptId: 'request-1:1',
      counters: [],
      charged: { microUsd: 100, tokens: 15, requests: 1 },
      now: 0,
    });
    return store.close();
  },
  [errorCodes.CONFIG_LIMIT_EXCEEDED]: () =>
    parseConfig({ text: `${'['.repeat(10_000)}${']'.repeat(10_000)}`, file: 'deep.yaml' }),
  [errorCodes.POLICY_TEST_FAILED]: () => {
    const folder = mkdtempSync(join(tmpdir(), 'switchyard-policy-test-'));
    const file = join(folder, 'failing.policy-tests.yaml');
    const config = fileURLToPath(new URL('../examples/config/switchyard.yaml', import.meta.url));
    const cases = `config: ${JSON.stringify(config)}\ncases:\n  - name: expects a denied target to be allowed\n    route: chat\n    context: { jurisdiction: CN }\n    at: 2026-07-01T00:00:00Z\n    expect:\n      allowed: [openai-gpt]\n`;
    writeFileSync(file, cases);
    return createProgram({ stdout: () => {}, stderr: () => {}, interactive: false }).parseAsync(
      ['test-policy', file],
      { from: 'user' },
    );
  },
  [errorCodes.EVIDENCE_TAMPERED]: async () => {
    // A chained log with one record changed after it was signed: `switchyard verify` names it.
    const folder = mkdtempSync(join(tmpdir(), 'switchyard-tampered-'));
    const path = join(folder, 'records.jsonl');
    const keys = generateSigningKeys();
    writeFileSync(join(folder, 'key.pub.pem'), keys.publicKeyPem);
    const { createPrivateKey } = await import('node:crypto');
    const chain = await recordChain({ path, privateKey: createPrivateKey(keys.privateKeyPem) });
    const chained = router(
      { primary: [{ text: 'one' }, { text: 'two' }] },
      { sinks: [jsonlSink({ path, chain })] },
    );
    await chained.languageModel('chat').doGenerate(prompt);
    await chained.languageModel('chat').doGenerate(prompt);
    await chained.close();
    writeFileSync(path, readFileSync(path, 'utf8').replace('"servedBy":"primary"', '"servedBy":"backup"'));
    return quietCli(['verify', path, '--public-key', join(folder, 'key.pub.pem')]);
  },
  [errorCodes.REPLAY_MISMATCH]: async () => {
    // A record whose plan was edited: `switchyard replay --self-check` does not reproduce it.
    const folder = mkdtempSync(join(tmpdir(), 'switchyard-replay-'));
    const path = join(folder, 'records.jsonl');
    const written = router({ primary: [{ text: 'one' }] }, { sinks: [jsonlSink({ path })] });
    await written.languageModel('chat').doGenerate(prompt);
    await written.close();
    writeFileSync(
      path,
      readFileSync(path, 'utf8').replace('"order":["primary","backup"]', '"order":["backup","primary"]'),
    );
    return quietCli(['replay', path, '--self-check']);
  },
  [errorCodes.SINK_WRITE_FAILED]: async () => {
    const withSink = router({ primary: [{ text: 'ok' }] }, { sinks: [jsonlSink({ path: '/dev/full' })] });
    withSink.on('error', () => {});
    await withSink.languageModel('chat').doGenerate(prompt);
    return withSink.close();
  },
};

describe('error codes', () => {
  it.each(Object.values(errorCodes))('%s is thrown where documented', async (code) => {
    const trigger = triggers[code];
    expect(await codeOf(trigger)).toBe(code);
  });

  it('every error a config file problem throws is a ConfigError', async () => {
    let caught: unknown;
    try {
      parseConfig({ text: 'targets: 3', file: 'bad.yaml' });
    } catch (error) {
      caught = error;
    }
    expect(ConfigError.isInstance(caught)).toBe(true);
  });
});
