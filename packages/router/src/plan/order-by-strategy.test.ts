import { describe, expect, it } from 'vitest';
import { call, setup, transient } from '../test-fixtures/router-harness.js';

describe('orderByStrategy (through the router)', () => {
  describe('strategies', () => {
    it('cheapest orders by estimated cost', async () => {
      const { model } = setup(
        { gamma: [{ text: 'cheap' }] },
        { config: { routes: { chat: { targets: ['beta', 'alpha', 'gamma'], strategy: 'cheapest' } } } },
      );
      expect((await model.doGenerate(call())).providerMetadata?.switchyard?.servedBy).toBe('gamma');
    });

    it('weighted never picks a target of weight 0 first', async () => {
      const { model } = setup(
        { beta: [{ text: 'b' }] },
        {
          config: {
            routes: {
              chat: { targets: ['alpha', 'beta'], strategy: 'weighted', weights: { alpha: 0, beta: 5 } },
            },
          },
        },
      );
      expect((await model.doGenerate(call())).providerMetadata?.switchyard?.servedBy).toBe('beta');
    });

    it('fastest prefers the target with the lower latency average', async () => {
      const { router, model } = setup(
        { alpha: [{ error: transient }], beta: [{ text: 'b1' }, { text: 'b2' }] },
        { config: { routes: { chat: { targets: ['alpha', 'beta'], strategy: 'fastest' } } } },
      );
      await model.doGenerate(call());
      expect(router.health.state('beta').latencyEwmaMs).toBeDefined();
      // alpha has no average (0) but is degraded? no: one failure; beta has a measured average >= 0.
      expect((await model.doGenerate(call())).providerMetadata?.switchyard?.servedBy).toBe('beta');
    });
  });
});
