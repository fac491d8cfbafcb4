import { describe, expect, it } from 'vitest';
import { routeWithFallback } from './route-with-fallback.js';

describe('routeWithFallback', () => {
  it('serves DE from the frontier model, SG from the EU model after a region block, then SG from local weights after 503s', async () => {
    const { lines, records } = await routeWithFallback();
    expect(lines).toContain('DE generateText: "Guten Tag from the frontier model." served by frontier');
    expect(lines).toContain('SG generateText: "Hello Singapore from the EU model." served by eu');
    expect(lines).toContain('SG streamText:   "Local open weights keep answering." served by local');
    expect(lines.some((line) => line.includes('frontier cut off for SG: region_blocked'))).toBe(true);
    expect(records.map((record) => record.servedBy)).toEqual(['frontier', 'eu', 'local']);
    const [, blocked, streamed] = records;
    expect(blocked?.attempts.map((attempt) => attempt.failureKind ?? attempt.outcome)).toEqual([
      'cutoff',
      'success',
    ]);
    // The cut-off target is never tried again for SG; the 503 is retried once.
    expect(streamed?.skipped).toEqual([expect.objectContaining({ targetId: 'frontier', reason: 'cutoff' })]);
    expect(streamed?.attempts.map((attempt) => `${attempt.targetId}:${attempt.failureKind ?? 'ok'}`)).toEqual(
      ['eu:transient', 'eu:transient', 'local:ok'],
    );
    expect(streamed?.totals.fallbackDepth).toBe(1);
  });
});
