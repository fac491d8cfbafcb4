import { underMachineLocale } from '@switchyard/core/testing';
import { describe, expect, it } from 'vitest';
import { setup } from '../test-fixtures/router-harness.js';

describe('router.health.snapshot() cut-off order', () => {
  it('lists cut-offs per jurisdiction in the same order under an Estonian machine locale (TR before ZA)', () => {
    const { router } = setup({});
    router.health.cutOff('alpha', { jurisdiction: 'ZA', reason: 'legal_block' });
    router.health.cutOff('alpha', { jurisdiction: 'TR', reason: 'legal_block' });
    const order = () =>
      router.health
        .snapshot()
        .targets.find((target) => target.targetId === 'alpha')
        ?.cutoffs.map((cutoff) => cutoff.jurisdiction);
    expect(underMachineLocale('et', order)).toEqual(['TR', 'ZA']);
    expect(underMachineLocale('en', order)).toEqual(['TR', 'ZA']);
  });
});
