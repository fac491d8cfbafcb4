import { describe, expect, it, vi } from 'vitest';
import { scriptedModel } from '../test/scripted-model.js';
import { call, regionBlock, setup, withdrawn } from '../test-fixtures/router-harness.js';

describe('TargetHealth (through the router)', () => {
  describe('cut-offs', () => {
    it('does not retry a cut-off target and never tries it again', async () => {
      const { router, model, models } = setup(
        { alpha: [{ error: withdrawn }], beta: [{ text: 'one' }, { text: 'two' }] },
        { health: { maxRetries: 3 } },
      );
      const events: unknown[] = [];
      router.on('target-cut-off', (event) => events.push(event));
      await model.doGenerate(call());
      await model.doGenerate(call());
      expect(models.alpha.calls).toHaveLength(1);
      expect(events).toEqual([expect.objectContaining({ targetId: 'alpha', scope: 'target' })]);
      expect(router.health.state('alpha').state).toBe('cutoff');
    });

    it('quarantines a region block only for the caller jurisdiction', async () => {
      const { model, models } = setup({
        alpha: [{ error: regionBlock }, { text: 'for US' }],
        beta: [{ text: 'for RU' }, { text: 'for RU again' }],
      });
      await model.doGenerate(call({ providerOptions: { switchyard: { jurisdiction: 'RU' } } }));
      await model.doGenerate(call({ providerOptions: { switchyard: { jurisdiction: 'RU' } } }));
      const us = await model.doGenerate(call({ providerOptions: { switchyard: { jurisdiction: 'US' } } }));
      expect(us.providerMetadata?.switchyard?.servedBy).toBe('alpha');
      expect(models.alpha.calls).toHaveLength(2);
    });

    it('keeps a cut-off when an attempt that was already in flight succeeds', async () => {
      let release: () => void = () => {};
      const inFlight = new Promise<void>((resolve) => {
        release = resolve;
      });
      const alpha = scriptedModel({ provider: 'openai.chat', steps: [{ error: withdrawn }] });
      const slowAlpha = {
        ...alpha,
        calls: alpha.calls,
        remaining: 0,
        doGenerate: vi
          .fn<typeof alpha.doGenerate>()
          .mockImplementationOnce(async () => {
            await inFlight;
            return {
              content: [{ type: 'text', text: 'late but fine' }],
              finishReason: { unified: 'stop', raw: 'stop' },
              usage: {
                inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 },
                outputTokens: { total: 3, text: 3, reasoning: 0 },
              },
              warnings: [],
            };
          })
          .mockImplementation((options) => alpha.doGenerate(options)),
      };
      const { model, router } = setup(
        { beta: [{ text: 'beta one' }, { text: 'beta two' }] },
        {
          health: { streamGenerate: false },
          models: {
            alpha: slowAlpha,
            beta: scriptedModel({
              provider: 'anthropic.messages',
              steps: [{ text: 'beta one' }, { text: 'beta two' }],
            }),
          },
        },
      );
      const first = model.doGenerate(call());
      // The model is withdrawn while the first request is still waiting for its answer.
      const second = await model.doGenerate(call());
      expect(second.providerMetadata?.switchyard?.servedBy).toBe('beta');
      release();
      expect((await first).providerMetadata?.switchyard?.servedBy).toBe('alpha');
      expect(router.health.state('alpha').state).toBe('cutoff');
      const third = await model.doGenerate(call());
      expect(third.providerMetadata?.switchyard?.servedBy).toBe('beta');
      expect(slowAlpha.doGenerate).toHaveBeenCalledTimes(2);
    });

    it('serves from a cut-off target again after health.restore', async () => {
      const { router, model, models } = setup({
        alpha: [{ error: withdrawn }, { text: 'back' }],
        beta: [{ text: 'meanwhile' }],
      });
      await model.doGenerate(call());
      router.health.restore('alpha');
      expect((await model.doGenerate(call())).providerMetadata?.switchyard?.servedBy).toBe('alpha');
      expect(models.alpha.calls).toHaveLength(2);
    });
  });
});
