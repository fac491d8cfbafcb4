import { describe, expect, it } from 'vitest';
import { exportControlPolicy, fixtureScenario } from '../testing/fixture-scenario.js';
import { formatDrillSummary } from './format-drill-summary.js';
import { runDrill } from './run-drill.js';

/** The fixture with one 429 window on frontier-us from 2.05 s, `duration` long; requests go every 100 ms. */
function rateLimitedFor(duration: string | number) {
  return fixtureScenario({
    timeline: [{ at: '2050ms', type: 'rate_limited', target: 'frontier-us', duration }],
    assertions: [{ type: 'all-accounted' }],
  });
}

describe('runDrill', () => {
  describe('a fault event that no request meets', () => {
    it('does not pass, and names the event and its window in the summary', async () => {
      // 20 (a bare number: milliseconds) where 20s was meant: the window falls between two requests.
      const result = await runDrill({ scenario: rateLimitedFor(20) });
      expect(result.verdicts.every((verdict) => verdict.passed)).toBe(true);
      expect(result.passed).toBe(false);
      expect(result.unmet).toEqual([
        {
          index: 0,
          atMs: 2050,
          endMs: 2070,
          label: 'rate_limited without retry-after on frontier-us',
          targets: ['frontier-us'],
        },
      ]);
      const summary = formatDrillSummary(result);
      expect(summary).toContain('FAILED: the 1 assertion holds, and 1 fault event(s) met no request');
      expect(summary).toContain(
        '\nNever met: timeline[0] rate_limited without retry-after on frontier-us (from +2.05s to +2.07s): no request that could meet it (from a caller it hits, on a route that offers frontier-us) was sent while it was in force, so the drill did not rehearse it (a duration written as a bare number is milliseconds',
      );
    });

    it('counts a fault met by requests whose route offers its target, though none attempts it', async () => {
      const result = await runDrill({
        scenario: fixtureScenario({
          timeline: [
            { at: '1s', type: 'policy', label: 'export control', policy: exportControlPolicy },
            // CN and RU callers are denied frontier-us by the policy: the block is in their path, not tried.
            {
              at: '2s',
              type: 'cutoff',
              target: 'frontier-us',
              signal: 'region_block',
              callers: ['CN', 'RU'],
            },
            // The last resort is never needed while the hosted targets serve.
            { at: '3s', type: 'outage', target: 'llama-local', duration: '1s', status: 503 },
          ],
          assertions: [{ type: 'all-accounted' }],
        }),
      });
      expect(result.unmet).toBeUndefined();
      expect(result.passed).toBe(true);
    });

    it('passes when a request meets the window', async () => {
      const result = await runDrill({ scenario: rateLimitedFor('20s') });
      expect(result.unmet).toBeUndefined();
      expect(result.passed).toBe(true);
    });
  });
});
