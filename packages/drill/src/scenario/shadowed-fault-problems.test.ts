import { describe, expect, it } from 'vitest';
import { fixtureScenario } from '../testing/fixture-scenario.js';
import { scenarioProblems } from '../testing/scenario-problems.js';
import type { ScenarioInput } from './scenario-schema.js';

/** The problems of the fixture with this timeline, as `path: message; expected ...`. */
function problems(timeline: ScenarioInput['timeline']): string[] {
  return scenarioProblems(fixtureScenario({ timeline }));
}

describe('shadowedFaultProblems', () => {
  it('accepts faults that are met: after the earlier one ends, on other targets or callers, or outlasting it', () => {
    expect(
      problems([
        { at: '1s', type: 'outage', provider: 'anthropic', duration: '1s' },
        { at: '2s', type: 'rate_limited', provider: 'anthropic', duration: '1s' },
        { at: '1s', type: 'cutoff', target: 'frontier-us', signal: 'region_block', callers: ['CN'] },
        { at: '2s', type: 'cutoff', target: 'frontier-us', signal: 'region_block', callers: ['DE'] },
        { at: '3s', type: 'latency', target: 'llama-local', duration: '1s', extraMs: 100 },
        { at: '3500ms', type: 'outage', target: 'llama-local' },
      ]),
    ).toEqual([]);
  });

  it('refuses a fault under an earlier one in force on its targets for its whole window', () => {
    expect(
      problems([
        { at: '1s', type: 'cutoff', provider: 'openai', signal: 'key_revoked' },
        { at: '2s', type: 'outage', target: 'frontier-us', duration: '1s' },
      ]),
    ).toEqual([
      'timeline[1]: outage on target "frontier-us" at +2s is never met: timeline[0] (cutoff on provider "openai", until the end) is in force on frontier-us for its whole window, and a request meets the first fault in force on its target; expected an offset after timeline[0] ends, a restore before it, or other targets',
    ]);
  });

  it('refuses a region block under an earlier fault of every caller on its target, both lifted by one restore', () => {
    expect(
      problems([
        { at: '1s', type: 'outage', target: 'frontier-us' },
        { at: '2s', type: 'cutoff', target: 'frontier-us', signal: 'region_block', callers: ['CN'] },
        { at: '3s', type: 'restore', target: 'frontier-us' },
      ]),
    ).toEqual([
      'timeline[1]: cutoff on target "frontier-us" at +2s is never met: timeline[0] (outage on target "frontier-us", until +3s) is in force on frontier-us for its whole window, and a request meets the first fault in force on its target; expected an offset after timeline[0] ends, a restore before it, or other targets',
    ]);
  });

  it('refuses a cut-off under an earlier latency spike that ends only after the last request is sent', () => {
    // The fixture sends 60 requests at 10/s: the last at +5.9s. Found by a drill: a cut-off at +1m30s under a
    // latency spike to +1h30s ran, the cut-off target served every request, and the drill passed.
    expect(
      problems([
        { at: '1s', type: 'latency', target: 'frontier-us', extraMs: 100, duration: '1h' },
        { at: '3s', type: 'cutoff', target: 'frontier-us', signal: 'key_revoked' },
      ]),
    ).toEqual([
      'timeline[1]: cutoff on target "frontier-us" at +3s is never met: timeline[0] (latency on target "frontier-us", until +1h1s, after the last request is sent) is in force on frontier-us for its whole window, and a request meets the first fault in force on its target; expected timeline[0] ending by +5.9s (the workload\'s last request (request 60 at 10/s goes at +5.9s)), a restore before it, or other targets',
    ]);
  });

  it('accepts a cut-off met after an earlier fault ends at the instant of the last request', () => {
    // The spike ends at +5.9s, before the last request of that instant is sent: that request meets the cut-off.
    expect(
      problems([
        { at: '1s', type: 'latency', target: 'frontier-us', extraMs: 100, duration: '4900ms' },
        { at: '3s', type: 'cutoff', target: 'frontier-us', signal: 'key_revoked' },
      ]),
    ).toEqual([]);
  });

  it('says only that a fault names no target or provider, not that it shadows the next one', () => {
    // Found by a property test that deletes keys: `cutoff on provider "undefined"` was in a message.
    expect(
      problems([
        { at: '1s', type: 'outage' } as unknown as NonNullable<ScenarioInput['timeline']>[number],
        { at: '2s', type: 'rate_limited', target: 'frontier-us', duration: '1s' },
      ]),
    ).toEqual(['timeline[0]: required: "target" (a target id) or "provider"']);
  });
});
