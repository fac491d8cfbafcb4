import { compilePolicy, validateConfig } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { memoryHealthStore } from '../health/memory-health-store.js';
import { prepareRoutes } from '../prepare/prepare-routes.js';
import { prepareTargets } from '../prepare/prepare-targets.js';
import { scriptedModel } from '../test/scripted-model.js';
import { testConfig } from '../test-fixtures/router-fixtures.js';
import { captureInputs } from './captured-inputs.js';

const now = Date.parse('2026-06-01T00:00:00.000Z');
function route(withModels: readonly string[]) {
  const config = validateConfig(testConfig(), { file: 'test' });
  const targets = prepareTargets({
    targets: config.targets,
    models: Object.fromEntries(withModels.map((id) => [id, scriptedModel({ steps: [] })])),
    health: undefined,
    healthStore: memoryHealthStore(),
  });
  const policy = compilePolicy({ policy: {}, targets: config.targets, groups: config.groups });
  const prepared = prepareRoutes({ config, targets, policy }).get('chat');
  if (!prepared) throw new Error('no route');
  return prepared;
}

describe('captureInputs', () => {
  it('keeps nothing when every candidate is healthy and the order has no averages or draws', () => {
    const all = route(['alpha', 'beta', 'gamma', 'local']);
    const first = captureInputs({ route: all, jurisdiction: 'US', now, draws: undefined });
    expect(first).toEqual({ health: undefined, latencyMs: undefined, inFlight: undefined, draws: undefined });
    // One shared, read-only object: a request that keeps nothing allocates nothing for it.
    expect(captureInputs({ route: all, jurisdiction: 'DE', now, draws: undefined })).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    const draws: number[] = [];
    expect(captureInputs({ route: all, jurisdiction: 'US', now, draws }).draws).toBe(draws);
  });

  it('keeps the state of each candidate that is not plainly healthy, in order, with no empty slots', () => {
    const inputs = captureInputs({
      route: route(['alpha', 'local']),
      jurisdiction: 'US',
      now,
      draws: undefined,
    });
    expect(inputs.health).toEqual([
      { targetId: 'beta', model: false },
      { targetId: 'gamma', model: false },
    ]);
    expect(Object.keys(inputs.health ?? []).length).toBe(inputs.health?.length);
  });

  it("shares the route's frozen inputs while only candidates without a model are to be kept", () => {
    const some = route(['alpha', 'local']);
    const first = captureInputs({ route: some, jurisdiction: 'US', now, draws: undefined });
    expect(first).toBe(some.noModelInputs);
    expect(captureInputs({ route: some, jurisdiction: 'DE', now, draws: undefined })).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.health)).toBe(true);
    // With draws, the inputs are the request's own, the health list still the shared one.
    const draws = [0.25];
    const weighted = captureInputs({ route: some, jurisdiction: 'US', now, draws });
    expect(weighted).not.toBe(first);
    expect(weighted.draws).toBe(draws);
    expect(weighted.health).toBe(first.health);
  });

  it('keeps a list of its own when a candidate has more to record than its missing model', () => {
    const some = route(['alpha', 'local']);
    const alpha = some.candidates.find((entry) => entry.target.id === 'alpha');
    if (!alpha) throw new Error('no alpha');
    alpha.health.record.rateLimitedUntil = now + 5_000;
    const inputs = captureInputs({ route: some, jurisdiction: 'US', now, draws: undefined });
    expect(inputs).not.toBe(some.noModelInputs);
    expect(inputs.health).toEqual([
      { targetId: 'alpha', rateLimitedUntil: now + 5_000 },
      { targetId: 'beta', model: false },
      { targetId: 'gamma', model: false },
    ]);
    // The plain no-model states are the targets' own frozen ones.
    expect(inputs.health?.[1]).toBe(some.noModelInputs?.health?.[0]);
  });
});
