import type { LanguageModelV4CallOptions } from '@ai-sdk/provider';
import type { SwitchyardConfigInput } from '@switchyard/core';
import { createRouter, memorySink, type RouterEvents } from '@switchyard/router';
import { providerFailure, type ScriptedStep, scriptedModel } from '@switchyard/router/test';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RedisTestServer, startRedisServer } from '../test/start-redis-server.js';
import { closeStores, openStore, settle, uniqueFleet } from '../test-fixtures/fleet-fixtures.js';

/**
 * Routers of one fleet, each with its own Redis health store (as separate
 * processes would have), against a real Redis: what one detects, the others
 * act on without trying.
 */
let server: RedisTestServer;

beforeAll(async () => {
  server = await startRedisServer();
});

afterEach(async () => {
  await closeStores();
});

afterAll(async () => {
  await server.stop();
});

const config: SwitchyardConfigInput = {
  targets: [
    {
      id: 'gpt',
      provider: 'openai',
      model: 'gpt-5.4',
      hostedIn: 'US',
      origin: 'US',
      weights: 'closed',
      contextWindow: 100_000,
      capabilities: ['tools', 'json'],
      price: { input: 2, output: 10 },
    },
    {
      id: 'local',
      provider: 'ollama',
      model: 'llama4',
      hostedIn: 'self',
      origin: 'US',
      weights: 'open',
      contextWindow: 100_000,
      capabilities: ['tools', 'json'],
      price: { input: 0, output: 0 },
    },
  ],
  routes: { chat: { targets: ['gpt'], lastResort: ['local'] } },
  defaults: { context: { jurisdiction: 'US', dataClass: 'internal' } },
};

const call: LanguageModelV4CallOptions = {
  prompt: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
};
const withdrawn = providerFailure({
  kind: 'cutoff',
  cutoffReason: 'model_withdrawn',
  scope: 'target',
  status: 404,
  message: 'gone',
});
const transient = providerFailure({ kind: 'transient', status: 503, message: 'overloaded' });

function replica(fleet: string, processId: string, gpt: ScriptedStep[], health = {}) {
  const store = openStore({ url: server.url, fleet, processId });
  const models = {
    gpt: scriptedModel({ provider: 'openai.chat', modelId: 'gpt-5.4', steps: gpt }),
    local: scriptedModel({
      provider: 'ollama',
      modelId: 'llama4',
      steps: Array.from({ length: 10 }, () => ({ text: 'local' })),
    }),
  };
  const sink = memorySink();
  const router = createRouter({
    config,
    models,
    healthStore: store,
    sinks: [sink],
    health: { maxRetries: 0, ...health },
  });
  const cutOffs: Array<RouterEvents['target-cut-off']> = [];
  router.on('target-cut-off', (event) => cutOffs.push(event));
  return { store, router, models, sink, cutOffs, model: router.languageModel('chat') };
}

describe('routers sharing a Redis health store', () => {
  it('stops every process from trying a target one of them found cut off', async () => {
    const fleet = uniqueFleet();
    const a = replica(fleet, 'web-a', [{ error: withdrawn }]);
    const b = replica(fleet, 'web-b', [{ text: 'never' }]);
    await settle('both connected', () => a.store.status === 'connected' && b.store.status === 'connected');

    expect((await a.model.doGenerate(call)).providerMetadata?.switchyard?.servedBy).toBe('local');
    await settle('the cut-off at b', () => b.router.health.state('gpt').state === 'cutoff');

    expect((await b.model.doGenerate(call)).providerMetadata?.switchyard?.servedBy).toBe('local');
    expect(b.models.gpt.calls).toHaveLength(0);
    expect(b.sink.records[0]?.skipped).toContainEqual(
      expect.objectContaining({ targetId: 'gpt', reason: 'cutoff' }),
    );
    expect(a.cutOffs).toEqual([expect.objectContaining({ targetId: 'gpt', source: 'local', by: 'web-a' })]);
    expect(b.cutOffs).toEqual([
      expect.objectContaining({
        targetId: 'gpt',
        source: 'fleet',
        by: 'web-a',
        failure: expect.objectContaining({ status: 404 }),
      }),
    ]);
    const snapshot = b.router.health.snapshot().targets.find((target) => target.targetId === 'gpt');
    expect(snapshot?.cutoffs).toEqual([
      expect.objectContaining({
        scope: 'target',
        reason: 'model_withdrawn',
        by: 'web-a',
        source: 'fleet',
        evidence: { status: 404, message: 'gone' },
      }),
    ]);
  });

  it('propagates router.health.restore to every process', async () => {
    const fleet = uniqueFleet();
    const a = replica(fleet, 'web-a', [{ error: withdrawn }, { text: 'gpt again' }]);
    const b = replica(fleet, 'web-b', []);
    await settle('both connected', () => a.store.status === 'connected' && b.store.status === 'connected');
    await a.model.doGenerate(call);
    await settle('the cut-off at b', () => b.router.health.state('gpt').state === 'cutoff');
    const restored: Array<RouterEvents['target-restored']> = [];
    a.router.on('target-restored', (event) => restored.push(event));
    b.router.health.restore('gpt');
    await settle('lifted at a', () => a.router.health.state('gpt').state === 'healthy');
    expect(restored).toEqual([{ targetId: 'gpt', source: 'fleet', by: 'web-b' }]);
    expect((await a.model.doGenerate(call)).providerMetadata?.switchyard?.servedBy).toBe('gpt');
  });

  it('shares an open circuit: the other processes skip the target until a trial closes it', async () => {
    const fleet = uniqueFleet();
    const a = replica(fleet, 'web-a', [{ error: transient }, { error: transient }], {
      breakerThreshold: 2,
      breakerHalfOpenAfterMs: 60_000,
    });
    const b = replica(fleet, 'web-b', [{ text: 'never' }], {
      breakerThreshold: 2,
      breakerHalfOpenAfterMs: 60_000,
    });
    await settle('both connected', () => a.store.status === 'connected' && b.store.status === 'connected');
    await a.model.doGenerate(call);
    await a.model.doGenerate(call);
    await settle('the open circuit at b', () => b.store.target('gpt').sharedCircuit?.state === 'open');
    const record = await b.model.doGenerate(call);
    expect(record.providerMetadata?.switchyard?.servedBy).toBe('local');
    expect(b.models.gpt.calls).toHaveLength(0);
    expect(
      b.router.health.snapshot().targets.find((target) => target.targetId === 'gpt')?.circuit,
    ).toMatchObject({
      state: 'open',
      by: 'web-a',
      source: 'fleet',
    });
  });

  it('shares a rate-limit cooldown, the latest deadline winning', async () => {
    const fleet = uniqueFleet();
    const limited = providerFailure({
      kind: 'rate_limited',
      status: 429,
      message: 'slow down',
      retryAfterMs: 60_000,
    });
    const a = replica(fleet, 'web-a', [{ error: limited }]);
    const b = replica(fleet, 'web-b', []);
    await settle('both connected', () => a.store.status === 'connected' && b.store.status === 'connected');
    await a.model.doGenerate(call);
    await settle('the cooldown at b', () => b.router.health.state('gpt').state === 'degraded');
    expect(
      b.router.health.snapshot().targets.find((target) => target.targetId === 'gpt')?.cooldown,
    ).toMatchObject({
      by: 'web-a',
      source: 'fleet',
    });
  });

  it('keeps serving from local state while Redis is dead, lifts nothing, and converges once it is back', async () => {
    const fleet = uniqueFleet();
    const a = replica(fleet, 'web-a', [{ error: withdrawn }]);
    const b = replica(fleet, 'web-b', [{ text: 'gpt' }, { text: 'gpt' }]);
    await settle('both connected', () => a.store.status === 'connected' && b.store.status === 'connected');
    b.router.health.cutOff('local', { jurisdiction: 'CN', reason: 'region_blocked' });
    await settle('the hand cut-off at a', () => a.router.health.state('local').cutoffs.length === 1);

    await server.kill();
    await settle(
      'both disconnected',
      () => a.store.status === 'disconnected' && b.store.status === 'disconnected',
    );
    // Requests keep being served; a detection applies at once where it happened.
    expect((await a.model.doGenerate(call)).providerMetadata?.switchyard?.servedBy).toBe('local');
    expect(a.router.health.state('gpt').state).toBe('cutoff');
    expect((await b.model.doGenerate(call)).providerMetadata?.switchyard?.servedBy).toBe('gpt');
    // Nothing is lifted by the failure.
    for (const router of [a.router, b.router]) {
      expect(router.health.state('local').cutoffs).toEqual([expect.objectContaining({ jurisdiction: 'CN' })]);
    }

    await server.restart();
    await settle(
      'b learnt of the cut-off a made while Redis was dead',
      () => b.router.health.state('gpt').state === 'cutoff',
    );
    expect(b.cutOffs).toContainEqual(
      expect.objectContaining({ targetId: 'gpt', source: 'fleet', by: 'web-a' }),
    );
    expect(b.store.health.events()).toEqual(a.store.health.events());
  });
});
