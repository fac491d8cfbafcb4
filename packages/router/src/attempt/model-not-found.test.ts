import { afterEach, describe, expect, it, vi } from 'vitest';
import { providerFailure, scriptedModel } from '../test/scripted-model.js';
import { call, setup } from '../test-fixtures/router-harness.js';

const notFound = providerFailure({
  kind: 'cutoff',
  cutoffReason: 'model_not_found',
  scope: 'target',
  status: 404,
  message: 'The model `gpt-5.4` does not exist or you do not have access to it.',
});

describe('model_not_found', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('is a loud configuration event on a target that never served, and the target is probed again', async () => {
    let now = Date.parse('2026-06-01T00:00:00.000Z');
    const { router, model, models, sink } = setup(
      { alpha: [{ error: notFound }, { text: 'pulled now' }], beta: [{ text: 'one' }, { text: 'two' }] },
      { clock: { now: () => now }, health: { maxRetries: 0, modelNotFoundProbeAfterMs: 30_000 } },
    );
    const misconfigured: unknown[] = [];
    router.on('target-misconfigured', (event) => misconfigured.push(event));
    await model.doGenerate(call());
    expect(misconfigured).toEqual([
      expect.objectContaining({ targetId: 'alpha', model: 'gpt-5.4', probeAfterMs: 30_000 }),
    ]);
    expect(sink.records[0]?.attempts[0]).toMatchObject({ cutoffReason: 'model_not_found' });
    // Quarantined, not forever: skipped until the probe is due, then tried again.
    now += 29_000;
    expect((await model.doGenerate(call())).providerMetadata?.switchyard?.servedBy).toBe('beta');
    now += 1_000;
    expect((await model.doGenerate(call())).providerMetadata?.switchyard?.servedBy).toBe('alpha');
    expect(models.alpha.calls).toHaveLength(2);
    expect(router.health.state('alpha').state).toBe('healthy');
  });

  it('is model_withdrawn on a target that served before, without a configuration event', async () => {
    const { router, model, sink } = setup({
      alpha: [{ text: 'served' }, { error: notFound }],
      beta: [{ text: 'b' }],
    });
    const misconfigured: unknown[] = [];
    router.on('target-misconfigured', (event) => misconfigured.push(event));
    await model.doGenerate(call());
    await model.doGenerate(call());
    expect(sink.records[1]?.attempts[0]).toMatchObject({
      targetId: 'alpha',
      cutoffReason: 'model_withdrawn',
    });
    expect(misconfigured).toEqual([]);
    expect(router.health.state('alpha').state).toBe('cutoff');
  });

  it('emits a process warning when nothing listens, and never throws', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const { model } = setup({ alpha: [{ error: notFound }], beta: [{ text: 'b' }] });
    expect((await model.doGenerate(call())).providerMetadata?.switchyard?.servedBy).toBe('beta');
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('target "alpha": openai says it has no model "gpt-5.4"'),
      expect.objectContaining({ code: 'SWITCHYARD_TARGET_MISCONFIGURED' }),
    );
  });
  it("names the model id the call sent when it is not the config's (a typo in the models map)", async () => {
    const alpha = scriptedModel({
      provider: 'openai.chat',
      modelId: 'gpt-5.4-typo',
      steps: [{ error: notFound }],
    });
    const beta = scriptedModel({
      provider: 'anthropic.messages',
      modelId: 'claude-sonnet-5',
      steps: [{ text: 'b' }],
    });
    const { router, model } = setup({}, { models: { alpha, beta } });
    const messages: string[] = [];
    router.on('target-misconfigured', (event) => messages.push(event.message));
    expect((await model.doGenerate(call())).providerMetadata?.switchyard?.servedBy).toBe('beta');
    expect(messages).toEqual([
      expect.stringContaining(
        'target "alpha": openai says it has no model "gpt-5.4-typo" (the config\'s model of the target is "gpt-5.4")',
      ),
    ]);
  });
});
