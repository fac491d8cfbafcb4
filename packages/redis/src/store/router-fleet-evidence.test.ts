import type { LanguageModelV4CallOptions } from '@ai-sdk/provider';
import {
  DecisionRecordSchema,
  type SwitchyardConfigInput,
  type TargetInput,
  validateConfig,
} from '@switchyard/core';
import { configBasis, ReplayBasis, selfCheck, whatIf } from '@switchyard/evidence';
import { createRouter, memorySink } from '@switchyard/router';
import { providerFailure, type ScriptedStep, scriptedModel } from '@switchyard/router/test';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RedisTestServer, startRedisServer } from '../test/start-redis-server.js';
import { closeStores, openStore, settle, uniqueFleet } from '../test-fixtures/fleet-fixtures.js';

/**
 * Decision records of routers sharing health through a real Redis: a record
 * says which facts of its plan came from the fleet (who set them, when this
 * process learnt them), replays exactly, and tells what the shared view saved.
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

const target = (id: string, hostedIn: string, price: number): TargetInput => ({
  id,
  provider: id === 'local' ? 'ollama' : 'openai',
  model: `${id}-model`,
  hostedIn,
  origin: 'US',
  weights: id === 'local' ? 'open' : 'closed',
  contextWindow: 100_000,
  capabilities: ['tools', 'json'],
  price: { input: price, output: price },
});
const config: SwitchyardConfigInput = {
  targets: [target('gpt', 'US', 2), target('mini', 'US', 1), target('local', 'self', 0)],
  routes: { chat: { targets: ['gpt', 'mini'], lastResort: ['local'] } },
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

function replica(fleet: string, processId: string, steps: { gpt?: ScriptedStep[]; mini?: ScriptedStep[] }) {
  const store = openStore({ url: server.url, fleet, processId });
  const sink = memorySink();
  const router = createRouter({
    config,
    models: {
      gpt: scriptedModel({ provider: 'openai.chat', modelId: 'gpt-model', steps: steps.gpt ?? [] }),
      mini: scriptedModel({ provider: 'openai.chat', modelId: 'mini-model', steps: steps.mini ?? [] }),
      local: scriptedModel({
        provider: 'ollama',
        modelId: 'local-model',
        steps: [{ text: 'local' }, { text: 'local' }],
      }),
    },
    healthStore: store,
    sinks: [sink],
    health: { maxRetries: 0, breakerThreshold: 2, breakerHalfOpenAfterMs: 60_000 },
  });
  return { store, router, sink, model: router.languageModel('chat') };
}

describe('decision records of routers sharing a Redis health store', () => {
  it('name the fleet facts of the plan, replay exactly, and show the attempts the shared view saved', async () => {
    const fleet = uniqueFleet();
    const a = replica(fleet, 'web-a', {
      gpt: [{ error: withdrawn }],
      mini: [{ error: transient }, { error: transient }],
    });
    const b = replica(fleet, 'web-b', { mini: [{ text: 'never' }] });
    await settle('both connected', () => a.store.status === 'connected' && b.store.status === 'connected');
    // web-a finds gpt withdrawn and mini failing twice (its circuit opens); local serves both.
    await a.model.doGenerate(call);
    await a.model.doGenerate(call);
    await settle(
      'the cut-off and the open circuit at b',
      () =>
        b.router.health.state('gpt').state === 'cutoff' &&
        b.store.target('mini').sharedCircuit?.state === 'open',
    );
    await b.model.doGenerate(call);
    await b.router.close();
    const record = DecisionRecordSchema.parse(b.sink.records[0]);
    expect(record.servedBy).toBe('local');
    expect(record.decision?.health).toEqual([
      {
        targetId: 'gpt',
        cutoff: expect.objectContaining({ reason: 'model_withdrawn', source: 'fleet', by: 'web-a' }),
      },
      {
        targetId: 'mini',
        sharedCircuit: expect.objectContaining({ source: 'fleet', by: 'web-a' }),
      },
    ]);

    const basis = ReplayBasis.fromDocuments(b.sink.documents);
    expect(selfCheck({ record, basis })).toMatchObject({ reproduced: true, differences: [] });
    const same = configBasis({ config: validateConfig(config, { file: 'switchyard.yaml' }) });
    expect(whatIf({ record, basis: same, health: 'local-only' })).toMatchObject({
      kind: 'as-was',
      wastedAttempts: ['gpt', 'mini'],
    });
  });
});
