import { describe, expect, it } from 'vitest';
import { TargetResilience } from '../attempt/target-resilience.js';
import { fakeFleetStore } from '../test-fixtures/fake-fleet-store.js';
import { call, setup, transient, withdrawn } from '../test-fixtures/router-harness.js';
import { resolveTargetHealthOptions } from './health-options.js';
import { TargetHealth } from './target-health.js';

const now = Date.parse('2026-06-01T00:00:00.000Z');
const clock = { now: () => now };
/** The fleet's circuit for a target, opened by another process and past its delay: half-open. */
const halfOpenCircuit = () =>
  ({ state: 'open', openUntil: now - 1, since: now - 30_000, by: 'web-2', source: 'fleet' }) as const;

describe('a fleet health store (the seams of createRouter({ healthStore }))', () => {
  describe('remote changes', () => {
    it('skips a target another process cut off without trying it, and announces it as from the fleet', async () => {
      const fleet = fakeFleetStore();
      const { router, model, models } = setup({ beta: [{ text: 'b' }] }, { healthStore: fleet.store, clock });
      const events: unknown[] = [];
      router.on('target-cut-off', (event) => events.push(event));
      fleet.remoteCutoff('alpha', { by: 'web-2', since: now - 50, learnedAt: now - 10 });

      const result = await model.doGenerate(call());
      expect(result.providerMetadata?.switchyard?.servedBy).toBe('beta');
      expect(models.alpha.calls).toHaveLength(0);
      expect(events).toEqual([
        expect.objectContaining({
          targetId: 'alpha',
          scope: 'target',
          source: 'fleet',
          by: 'web-2',
          since: now - 50,
        }),
      ]);
      const restored: unknown[] = [];
      router.on('target-restored', (event) => restored.push(event));
      fleet.remoteRestore('alpha', 'ops-console');
      expect(restored).toEqual([{ targetId: 'alpha', source: 'fleet', by: 'ops-console' }]);
    });

    it('lets only an attempt started after this process learnt of a fleet cut-off lift it', () => {
      const fleet = fakeFleetStore();
      const options = resolveTargetHealthOptions(undefined, 'alpha');
      const health = new TargetHealth('alpha', options, fleet.record('alpha'), new TargetResilience(options));
      fleet.remoteCutoff('alpha', { by: 'web-2', since: now - 50, learnedAt: now });
      // Started after the detection, but before this process knew of it: proves nothing.
      health.succeeded(undefined, 10, undefined, now - 10);
      expect(fleet.record('alpha').cutoffs()).toHaveLength(1);
      // Started after this process knew of it: a probe, which lifts it.
      health.succeeded(undefined, 10, undefined, now + 1);
      expect(fleet.record('alpha').cutoffs()).toHaveLength(0);
    });
  });

  describe('shared circuit', () => {
    it('skips a target whose circuit the fleet holds open', async () => {
      const fleet = fakeFleetStore();
      fleet.record('alpha').sharedCircuit = {
        state: 'open',
        openUntil: now + 1_000,
        since: now,
        by: 'web-2',
        source: 'fleet',
      };
      const { model, models, sink } = setup({ beta: [{ text: 'b' }] }, { healthStore: fleet.store, clock });
      await model.doGenerate(call());
      expect(models.alpha.calls).toHaveLength(0);
      expect(sink.records[0]?.skipped).toContainEqual(
        expect.objectContaining({ targetId: 'alpha', reason: 'circuit_open' }),
      );
    });

    it('sends the half-open trial only with the probe lease, and tells the fleet how it went', async () => {
      const fleet = fakeFleetStore();
      fleet.record('alpha').sharedCircuit = halfOpenCircuit();
      fleet.record('alpha').lease = false;
      const { model, models } = setup(
        { alpha: [{ text: 'a' }], beta: [{ text: 'b' }, { text: 'b' }] },
        { healthStore: fleet.store, clock },
      );
      expect((await model.doGenerate(call())).providerMetadata?.switchyard?.servedBy).toBe('beta');
      expect(models.alpha.calls).toHaveLength(0);

      fleet.record('alpha').lease = true;
      expect((await model.doGenerate(call())).providerMetadata?.switchyard?.servedBy).toBe('alpha');
      expect(fleet.calls).toEqual(['tryProbe false', 'tryProbe true', 'noteCircuit closed', 'releaseProbe']);
    });

    it('gives the probe lease back when a beforeAttempt hook declines the trial', async () => {
      const fleet = fakeFleetStore();
      fleet.record('alpha').sharedCircuit = halfOpenCircuit();
      const { model, models } = setup(
        { alpha: [{ text: 'a' }], beta: [{ text: 'b' }] },
        {
          healthStore: fleet.store,
          clock,
          attemptHooks: [
            { beforeAttempt: ({ targetId }) => (targetId === 'alpha' ? { decline: 'quota' } : undefined) },
          ],
        },
      );
      expect((await model.doGenerate(call())).providerMetadata?.switchyard?.servedBy).toBe('beta');
      expect(models.alpha.calls).toHaveLength(0);
      expect(fleet.calls).toEqual(['tryProbe true', 'releaseProbe']);
    });

    it('gives the probe lease back when a budget turns the trial down', async () => {
      const fleet = fakeFleetStore();
      fleet.record('alpha').sharedCircuit = halfOpenCircuit();
      const { model, models, sink } = setup(
        { alpha: [{ text: 'a' }], local: [{ text: 'served locally' }] },
        {
          healthStore: fleet.store,
          clock,
          config: { budgets: [{ id: 'hosted', limit: { usd: 0.0001 }, window: { calendar: 'day' } }] },
        },
      );
      const result = await model.doGenerate({ ...call(), maxOutputTokens: 500 });
      expect(result.providerMetadata?.switchyard?.servedBy).toBe('local');
      expect(models.alpha.calls).toHaveLength(0);
      expect(sink.records[0]?.skipped[0]).toEqual(
        expect.objectContaining({ targetId: 'alpha', reason: 'budget' }),
      );
      expect(fleet.calls).toEqual(['tryProbe true', 'releaseProbe']);
    });

    it('re-opens the fleet circuit when the trial fails', async () => {
      const fleet = fakeFleetStore();
      fleet.record('alpha').sharedCircuit = halfOpenCircuit();
      const { model } = setup(
        { alpha: [{ error: transient }], beta: [{ text: 'b' }] },
        { healthStore: fleet.store, clock, health: { maxRetries: 0, breakerHalfOpenAfterMs: 5_000 } },
      );
      await model.doGenerate(call());
      expect(fleet.calls).toEqual(['tryProbe true', `noteCircuit open ${now + 5_000}`, 'releaseProbe']);
    });

    it("shares this process's breaker opening with the fleet, its deadline on the router's clock", async () => {
      const fleet = fakeFleetStore();
      const { model } = setup(
        { alpha: [{ error: transient }, { error: transient }], beta: [{ text: 'b' }, { text: 'b' }] },
        {
          healthStore: fleet.store,
          clock,
          health: { maxRetries: 0, breakerThreshold: 2, breakerHalfOpenAfterMs: 5_000 },
        },
      );
      await model.doGenerate(call());
      expect(fleet.calls).toEqual([]);
      await model.doGenerate(call());
      expect(fleet.calls).toEqual([`noteCircuit open ${now + 5_000}`]);
    });
  });

  describe('latency', () => {
    it("shares this process's averages and orders `fastest` by the fleet's when it has none of its own", async () => {
      const fleet = fakeFleetStore();
      fleet.record('beta').fleetLatency = { latencyMs: 50, processes: 3, samples: 90 };
      fleet.record('alpha').fleetLatency = { latencyMs: 400, processes: 3, samples: 90 };
      const { model, router } = setup(
        { alpha: [{ text: 'a' }], beta: [{ text: 'b' }] },
        {
          healthStore: fleet.store,
          clock,
          config: { routes: { chat: { targets: ['alpha', 'beta'], strategy: 'fastest' } } },
        },
      );
      expect((await model.doGenerate(call())).providerMetadata?.switchyard?.servedBy).toBe('beta');
      expect(fleet.record('beta').latest).toMatchObject({ samples: 1 });
      expect(
        router.health.snapshot().targets.find((target) => target.targetId === 'beta')?.latency,
      ).toMatchObject({
        fleet: { latencyMs: 50, processes: 3 },
      });
    });
  });
});

describe('router.health.snapshot', () => {
  it('shows each fact with when, by which process and on what evidence (one process: all local)', async () => {
    const { router, model } = setup({ alpha: [{ error: withdrawn }], beta: [{ text: 'b' }] }, { clock });
    router.health.cutOff('gamma', { jurisdiction: 'US', reason: 'region_blocked' });
    await model.doGenerate(call());
    const snapshot = router.health.snapshot();
    expect(snapshot.processId).toBe(router.health.processId);
    expect(snapshot.takenAt).toBe(now);
    const alpha = snapshot.targets.find((target) => target.targetId === 'alpha');
    expect(alpha).toMatchObject({
      state: 'cutoff',
      cutoffs: [
        {
          scope: 'target',
          reason: 'model_withdrawn',
          since: now,
          by: router.health.processId,
          source: 'local',
          evidence: { status: 404, message: 'gone' },
          detectedBy: [router.health.processId],
        },
      ],
    });
    expect(snapshot.targets.find((target) => target.targetId === 'gamma')?.cutoffs[0]).toMatchObject({
      scope: 'jurisdiction',
      jurisdiction: 'US',
    });
    expect(snapshot.targets.find((target) => target.targetId === 'beta')).toMatchObject({
      state: 'healthy',
      cutoffs: [],
    });
    expect(snapshot.targets.map((target) => target.targetId)).toEqual(['alpha', 'beta', 'gamma', 'local']);
  });

  it('shows a cooldown still running with when it was set', async () => {
    const rateLimited = (await import('../test/scripted-model.js')).providerFailure({
      kind: 'rate_limited',
      status: 429,
      message: 'slow down',
      retryAfterMs: 30_000,
    });
    const { router, model } = setup({ alpha: [{ error: rateLimited }], beta: [{ text: 'b' }] }, { clock });
    await model.doGenerate(call());
    expect(router.health.snapshot().targets.find((target) => target.targetId === 'alpha')).toMatchObject({
      state: 'degraded',
      cooldown: { until: now + 30_000, since: now, by: router.health.processId, source: 'local' },
    });
  });
});
