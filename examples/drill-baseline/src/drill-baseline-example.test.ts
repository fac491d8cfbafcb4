import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { drillBaselineExample } from './drill-baseline-example.js';

describe('drillBaselineExample', () => {
  let outDir: string;
  beforeEach(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'switchyard-example-drill-baseline-'));
  });
  afterEach(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  // Two drills with their baselines: 14 s on a busy machine.
  it('writes the same records twice and prices the revoked key and the exhausted quota against the baseline', {
    timeout: 120_000,
  }, async () => {
    const { result, sameRecords, summary } = await drillBaselineExample({ outDir });
    expect(sameRecords).toBe(true);
    expect(result.passed).toBe(true);
    const baseline = result.baseline;
    // Without the timeline nothing is served by local open weights; with it, the revoked key sends traffic there.
    expect(baseline?.toLocalOpenWeights.baseline).toBe(0);
    expect(baseline?.toLocalOpenWeights.drill).toBeGreaterThan(0);
    expect(baseline?.targets['local-llama']?.delta).toBeGreaterThan(0);
    expect(summary.split('\n')[0]).toBe('PASSED: all 6 assertions hold');
    expect(summary).toContain(
      'Cost of the events (compared with the same workload and seed without the timeline)',
    );
  });
});
