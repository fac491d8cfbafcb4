import { describe, expect, it } from 'vitest';
import { call, setup } from '../test-fixtures/router-harness.js';

describe('noteFailure (through router.health.cutOff)', () => {
  it('quarantines per jurisdiction or for everyone, announcing each scope once', async () => {
    const { router, model } = setup({ beta: [{ text: 'b' }] });
    const events: unknown[] = [];
    router.on('target-cut-off', (event) => events.push(event));
    router.health.cutOff('alpha', { jurisdiction: 'US', reason: 'region_blocked' });
    router.health.cutOff('alpha', { jurisdiction: 'US', reason: 'region_blocked' });
    expect(events).toEqual([
      expect.objectContaining({ targetId: 'alpha', scope: 'jurisdiction', jurisdiction: 'US' }),
    ]);
    expect(router.health.state('alpha').state).toBe('degraded');
    expect((await model.doGenerate(call())).providerMetadata?.switchyard?.servedBy).toBe('beta');
    router.health.cutOff('alpha');
    expect(router.health.state('alpha').state).toBe('cutoff');
    expect(events).toHaveLength(2);
  });

  it('lifts a cut-off by hand, announcing it', () => {
    const { router } = setup({});
    const restored: unknown[] = [];
    router.on('target-restored', (event) => restored.push(event));
    router.health.cutOff('alpha');
    router.health.restore('alpha');
    router.health.restore('alpha');
    expect(restored).toEqual([{ targetId: 'alpha', source: 'local', by: router.health.processId }]);
    expect(router.health.state('alpha').state).toBe('healthy');
  });
});
