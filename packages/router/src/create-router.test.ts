import { describe, expect, it } from 'vitest';
import { createRouter } from './create-router.js';
import { scriptedModel } from './test/scripted-model.js';
import { testConfig } from './test-fixtures/router-fixtures.js';
import { call, setup } from './test-fixtures/router-harness.js';

describe('createRouter', () => {
  describe('config', () => {
    it('rejects models for targets the config does not define', () => {
      expect(() =>
        createRouter({ config: testConfig(), models: { omega: scriptedModel({ steps: [] }) } }),
      ).toThrow(/models are given for targets the config does not define: omega/);
    });

    it('rejects an unknown route with the list of routes', () => {
      const { router } = setup({});
      expect(() => router.languageModel('nope')).toThrow(
        'route "nope" is not in the config; its routes are: chat',
      );
    });

    it('applies a new policy with setPolicy', async () => {
      const { router, model, models } = setup({ alpha: [{ text: 'before' }], beta: [{ text: 'after' }] });
      await model.doGenerate(call());
      router.setPolicy({
        rules: [{ id: 'ban', description: 'd', source: 's', effect: 'deny', targets: { id: ['alpha'] } }],
      });
      expect((await model.doGenerate(call())).providerMetadata?.switchyard?.servedBy).toBe('beta');
      expect(models.alpha.calls).toHaveLength(1);
    });
  });
});
