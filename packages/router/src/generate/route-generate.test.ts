import { DecisionRecordSchema, errorCodes } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { NoEligibleTargetError } from '../errors/no-eligible-target-error.js';
import { RequestFailedError } from '../errors/request-failed-error.js';
import { RequestOptionsError } from '../errors/request-options-error.js';
import { providerFailure } from '../test/scripted-model.js';
import { call, prompt, setup, transient } from '../test-fixtures/router-harness.js';

describe('routeGenerate', () => {
  describe('doGenerate', () => {
    it('serves from the first allowed candidate and records a valid decision record', async () => {
      const { model, sink } = setup({
        alpha: [{ text: 'hi from alpha', usage: { input: 1000, output: 500 } }],
      });
      const result = await model.doGenerate(call());
      expect(result.content).toEqual([{ type: 'text', text: 'hi from alpha' }]);
      expect(result.providerMetadata?.switchyard).toMatchObject({
        servedBy: 'alpha',
        fallbackDepth: 0,
        attempts: 1,
      });
      const record = DecisionRecordSchema.parse(sink.records[0]);
      expect(record).toMatchObject({
        route: 'chat',
        servedBy: 'alpha',
        outcome: 'served',
        operation: 'generate',
      });
      // 1000 x 2 / 1e6 + 500 x 10 / 1e6
      expect(record.totals.costUsd).toBeCloseTo(0.007, 12);
      expect(record.verdicts.map((verdict) => verdict.targetId)).toEqual(['alpha', 'beta', 'gamma', 'local']);
      expect(record).not.toHaveProperty('prompt');
    });

    it('records the prompt only when recordPrompts is on', async () => {
      const { model, sink } = setup({ alpha: [{ text: 'x' }] }, { recordPrompts: true });
      await model.doGenerate(call());
      expect(sink.records[0]?.prompt).toEqual(prompt);
    });

    it('never attempts a target the policy denies, whatever fails', async () => {
      const { model, models, sink } = setup(
        { beta: [{ error: transient }], gamma: [{ text: 'from gamma' }] },
        {
          config: {
            policy: {
              rules: [
                {
                  id: 'no-alpha-cn',
                  description: 'd',
                  source: 's',
                  effect: 'deny',
                  when: { jurisdiction: ['CN'] },
                  targets: { id: ['alpha'] },
                },
              ],
            },
          },
        },
      );
      const result = await model.doGenerate(
        call({ providerOptions: { switchyard: { jurisdiction: 'CN' } } }),
      );
      expect(result.providerMetadata?.switchyard?.servedBy).toBe('gamma');
      expect(models.alpha.calls).toHaveLength(0);
      expect(sink.records[0]?.verdicts[0]).toMatchObject({
        targetId: 'alpha',
        allowed: false,
        ruleIds: ['no-alpha-cn'],
      });
    });

    it('falls back to the next candidate on a transient failure after its retries', async () => {
      const { model, models, sink } = setup({ alpha: [{ error: transient }], beta: [{ text: 'from beta' }] });
      const result = await model.doGenerate(call());
      expect(result.providerMetadata?.switchyard).toMatchObject({ servedBy: 'beta', fallbackDepth: 1 });
      expect(models.alpha.calls).toHaveLength(1);
      expect(
        sink.records[0]?.attempts.map((attempt) => [attempt.targetId, attempt.outcome, attempt.failureKind]),
      ).toEqual([
        ['alpha', 'failure', 'transient'],
        ['beta', 'success', undefined],
      ]);
    });

    it('passes only the chosen provider options and never the switchyard ones', async () => {
      const { model, models } = setup({ alpha: [{ text: 'ok' }] });
      await model.doGenerate(
        call({
          providerOptions: {
            switchyard: { jurisdiction: 'US' },
            openai: { user: 'u1' },
            anthropic: { secret: 'x' },
          },
        }),
      );
      expect(models.alpha.calls[0]?.providerOptions).toEqual({ openai: { user: 'u1' } });
    });

    it('rejects invalid providerOptions.switchyard before any attempt', async () => {
      const { model, models } = setup({ alpha: [{ text: 'never' }] });
      await expect(
        model.doGenerate(call({ providerOptions: { switchyard: { jurisdiction: 'de' } } })),
      ).rejects.toThrow(RequestOptionsError);
      await expect(
        model.doGenerate(call({ providerOptions: { switchyard: { dataClas: 'x' } } })),
      ).rejects.toThrow(/unknown key "dataClas".*did you mean "dataClass"/);
      expect(models.alpha.calls).toHaveLength(0);
    });

    it('uses the context of withContext', async () => {
      const { router, models } = setup(
        { gamma: [{ text: 'eu' }] },
        {
          config: {
            policy: {
              rules: [
                {
                  id: 'res',
                  description: 'd',
                  source: 's',
                  effect: 'require',
                  when: { jurisdiction: ['EU'], dataClass: ['regulated'] },
                  targets: { hostedIn: ['EU', 'self'] },
                },
              ],
            },
          },
        },
      );
      const result = await router.withContext({ jurisdiction: 'DE', dataClass: 'regulated' }, () =>
        router.languageModel('chat').doGenerate(call()),
      );
      expect(result.providerMetadata?.switchyard?.servedBy).toBe('gamma');
      expect(models.alpha.calls).toHaveLength(0);
    });

    it('fails fast on invalid_request without trying other targets', async () => {
      const { model, models } = setup({
        alpha: [
          { error: providerFailure({ kind: 'invalid_request', status: 400, message: 'bad tool schema' }) },
        ],
      });
      const error = await Promise.resolve(model.doGenerate(call())).catch((caught: unknown) => caught);
      expect(RequestFailedError.isInstance(error)).toBe(true);
      expect((error as RequestFailedError).code).toBe(errorCodes.INVALID_REQUEST);
      expect(models.beta.calls).toHaveLength(0);
    });

    it('fails on content_filtered by default, and falls back when configured', async () => {
      const filtered = providerFailure({ kind: 'content_filtered', message: 'refused' });
      const failing = setup({ alpha: [{ error: filtered }] });
      await expect(failing.model.doGenerate(call())).rejects.toMatchObject({
        code: errorCodes.CONTENT_FILTERED,
      });
      const falling = setup(
        { alpha: [{ error: filtered }], beta: [{ text: 'ok' }] },
        { contentFiltered: 'fallback' },
      );
      expect((await falling.model.doGenerate(call())).providerMetadata?.switchyard?.servedBy).toBe('beta');
    });

    it('skips to targets with a larger context window after a context_length failure', async () => {
      const { model, models, sink } = setup(
        {
          beta: [{ error: providerFailure({ kind: 'context_length', status: 400, message: 'too long' }) }],
          local: [{ text: 'big' }],
        },
        { config: { routes: { chat: { targets: ['beta', 'alpha', 'gamma'], lastResort: ['local'] } } } },
      );
      const result = await model.doGenerate(call());
      expect(result.providerMetadata?.switchyard?.servedBy).toBe('local');
      expect(models.alpha.calls).toHaveLength(0);
      expect(sink.records[0]?.skipped.map((entry) => [entry.targetId, entry.reason])).toEqual([
        ['alpha', 'context_window'],
        ['gamma', 'context_window'],
      ]);
    });

    it('filters candidates by the capabilities the call needs', async () => {
      const { model, sink } = setup({
        alpha: [{ error: transient }],
        beta: [{ error: transient }],
        local: [{ toolCall: { toolName: 'weather', input: {} } }],
      });
      await model.doGenerate(
        call({
          tools: [{ type: 'function', name: 'weather', inputSchema: { type: 'object', properties: {} } }],
        }),
      );
      expect(sink.records[0]?.skipped).toEqual([
        { targetId: 'gamma', reason: 'capability', detail: 'lacks tools' },
      ]);
    });

    it('throws NoEligibleTargetError listing every candidate and its reason', async () => {
      const { model, sink } = setup(
        {},
        {
          config: {
            policy: {
              rules: [
                {
                  id: 'none',
                  description: 'nothing for KP',
                  source: 's',
                  effect: 'deny',
                  when: { jurisdiction: ['KP'] },
                },
              ],
            },
          },
        },
      );
      const error = await Promise.resolve(
        model.doGenerate(call({ providerOptions: { switchyard: { jurisdiction: 'KP' } } })),
      ).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(NoEligibleTargetError);
      expect((error as NoEligibleTargetError).candidates.map((candidate) => candidate.reason)).toEqual([
        'policy',
        'policy',
        'policy',
        'policy',
      ]);
      expect((error as Error).message).toContain('alpha: policy: denied by none');
      expect(sink.records[0]).toMatchObject({
        outcome: 'failed',
        servedBy: null,
        error: { code: errorCodes.NO_ELIGIBLE_TARGET },
      });
    });

    it('reports every failure when all targets fail', async () => {
      const { model } = setup({
        alpha: [{ error: transient }],
        beta: [{ error: transient }],
        gamma: [{ error: transient }],
        local: [{ error: transient }],
      });
      const error = (await Promise.resolve(model.doGenerate(call())).catch(
        (caught: unknown) => caught,
      )) as RequestFailedError;
      expect(error.code).toBe(errorCodes.ALL_TARGETS_FAILED);
      expect(error.attempts).toHaveLength(4);
      expect(error.message).toContain(
        'alpha: transient, beta: transient, gamma: transient, local: transient',
      );
    });
  });
});
