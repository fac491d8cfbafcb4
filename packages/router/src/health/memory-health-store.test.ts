import { describe, expect, it } from 'vitest';
import { memoryHealthStore } from './memory-health-store.js';

const cutoff = { scope: 'target' as const, failure: { kind: 'cutoff' as const, message: 'x' }, since: 1 };

describe('memoryHealthStore', () => {
  it('keeps one record per target, with cut-offs, probes, rate limits and served', () => {
    const store = memoryHealthStore();
    const record = store.target('alpha');
    expect(store.target('alpha')).toBe(record);
    expect(record.hasCutoffs).toBe(false);
    expect(record.setCutoff('*', cutoff)).toBe(true);
    expect(record.setCutoff('*', cutoff)).toBe(false);
    record.claimProbe('*', 500);
    expect(record.nextProbe('*')).toBe(500);
    expect(record.cutoffs()).toEqual([cutoff]);
    expect(record.clearCutoff('*')).toBe(true);
    expect(record.nextProbe('*')).toBeUndefined();
    expect(record.clearCutoff()).toBe(false);
    record.rateLimitedUntil = 9;
    record.served = true;
    expect(store.target('alpha')).toMatchObject({ rateLimitedUntil: 9, served: true });
    expect(store.target('beta').served).toBe(false);
  });
});
