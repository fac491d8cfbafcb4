import { JurisdictionError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { call, setup } from '../test-fixtures/router-harness.js';

const from = (jurisdiction: string) => call({ providerOptions: { switchyard: { jurisdiction } } });

describe('handCutoffJurisdictions (through router.health)', () => {
  it('refuses a jurisdiction no caller can name, with the closest valid code', () => {
    const { router } = setup({});
    for (const jurisdiction of ['germany', 'de']) {
      let thrown: unknown;
      try {
        router.health.cutOff('alpha', { jurisdiction });
      } catch (error) {
        thrown = error;
      }
      expect(JurisdictionError.isInstance(thrown)).toBe(true);
      expect((thrown as Error).message).toBe(
        `router.health.cutOff: jurisdiction: unknown jurisdiction "${jurisdiction}"; expected an ISO 3166-1 alpha-2 code (upper case, e.g. DE) or a group (EU, EEA); did you mean "DE"?`,
      );
    }
    expect(() => router.health.restore('alpha', { jurisdiction: 'Deutschland' })).toThrow(
      /^router\.health\.restore: jurisdiction: unknown jurisdiction "Deutschland"/,
    );
    expect(router.health.snapshot().targets.find((target) => target.targetId === 'alpha')?.cutoffs).toEqual(
      [],
    );
  });

  it('refuses an unknown cut-off reason, listing the valid ones', () => {
    const { router } = setup({});
    expect(() =>
      router.health.cutOff('alpha', { reason: 'sanctions' as 'legal_block', jurisdiction: 'DE' }),
    ).toThrow(
      'router.health.cutOff: unknown cut-off reason "sanctions"; expected one of region_blocked, legal_block, model_withdrawn, key_revoked, quota_exhausted, billing, model_not_found',
    );
    expect(router.health.state('alpha').state).toBe('healthy');
  });

  it('cuts off a group for every member country and for callers naming the group, and restores it the same way', async () => {
    const { router, model, sink } = setup({
      alpha: [{ text: 'alpha for US' }, { text: 'alpha for DE again' }],
      beta: [{ text: 'beta for DE' }, { text: 'beta for EU' }],
    });
    router.health.cutOff('alpha', { jurisdiction: 'EU', reason: 'legal_block' });
    const served = async (jurisdiction: string) =>
      (await model.doGenerate(from(jurisdiction))).providerMetadata?.switchyard?.servedBy;
    expect(await served('DE')).toBe('beta');
    expect(sink.records.at(-1)?.skipped).toEqual([
      expect.objectContaining({ targetId: 'alpha', reason: 'cutoff' }),
    ]);
    expect(await served('EU')).toBe('beta');
    expect(await served('US')).toBe('alpha');
    router.health.restore('alpha', { jurisdiction: 'EU' });
    expect(await served('DE')).toBe('alpha');
  });
});
