import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ScenarioInput } from '../scenario/scenario-schema.js';
import { gptAndLocalConfig } from '../test-fixtures/gpt-and-local-config.js';
import { FleetMembers } from './fleet-members.js';
import type { ToMember } from './fleet-messages.js';
import { runFleetDrill } from './run-fleet-drill.js';

/**
 * A policy change in a fleet drill is in force on every process from its offset, however late the
 * drill's own process runs: two real router processes (an embedded redis-server), a ban of gpt for
 * US callers at 300 ms, and the drill's messages to its processes held back 400 ms (a busy machine).
 */

const scenario: ScenarioInput = {
  name: 'fleet-policy-change',
  config: gptAndLocalConfig,
  workload: { route: 'chat', rate: 50, total: 50, mix: { jurisdictions: { US: 1 } } },
  timeline: [
    {
      at: '300ms',
      type: 'policy',
      policy: {
        rules: [
          {
            id: 'acme/no-gpt',
            description: 'gpt may not serve US callers',
            source: 'test',
            effect: 'deny',
            when: { jurisdiction: ['US'] },
            targets: { id: ['gpt'] },
          },
        ],
      },
    },
  ],
  assertions: [{ type: 'no-denied-attempts' }, { type: 'all-accounted' }],
  fleet: { processes: 2, assertions: [{ type: 'attempts-after-propagation', max: 0 }] },
};

describe('runFleetDrill with a policy change', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  // Two real router processes for a second: about 5 s on a loaded 2-core machine.
  it('has every process decide under the new policy from its offset, however late the drill runs', async () => {
    const broadcast = FleetMembers.prototype.broadcast;
    vi.spyOn(FleetMembers.prototype, 'broadcast').mockImplementation(function (
      this: FleetMembers,
      message: ToMember,
    ) {
      if (message.type === 'start') {
        // The drill's own event loop is busy from 250 to 400 ms (offset 0 is 100 ms after this):
        // its timer plays the change late.
        setTimeout(() => {
          const until = performance.now() + 150;
          while (performance.now() < until) {}
        }, 350);
      }
      if (message.type === 'init' || message.type === 'start') return broadcast.call(this, message);
      setTimeout(() => broadcast.call(this, message), 400);
    });
    const result = await runFleetDrill({ scenario });
    expect(result.processFailures).toEqual([]);
    expect(result.counts.sent).toBe(50);
    const denied = result.verdicts.find((verdict) => verdict.type === 'no-denied-attempts');
    expect(denied?.summary).toMatch(/^0 attempt\(s\)/);
    expect(denied?.passed).toBe(true);
    // Listed at its offset, never as played late: it was in force from there on every process.
    const change = result.events.find((event) => event.source === 'timeline');
    expect(change).toEqual({ atMs: 300, source: 'timeline', description: 'policy change' });
    // The change did happen: requests from 300 ms on were served by local open weights.
    expect(result.targets.local?.served).toBeGreaterThan(0);
  }, 180_000);
});
