import { describe, expect, it } from 'vitest';
import { fixtureScenario } from '../testing/fixture-scenario.js';
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
  describe('a fault event that no attempt meets', () => {
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
        '\nNever met: timeline[0] rate_limited without retry-after on frontier-us (from +2.05s to +2.07s): no attempt on frontier-us started while it was in force, so the drill did not rehearse it',
      );
    });

    it('passes when a request meets the window', async () => {
      const result = await runDrill({ scenario: rateLimitedFor('20s') });
      expect(result.unmet).toBeUndefined();
      expect(result.passed).toBe(true);
    });
  });
});
