import { describe, expect, it } from 'vitest';
import { fixtureScenario } from '../testing/fixture-scenario.js';
import { scenarioProblems } from '../testing/scenario-problems.js';
import type { ScenarioInput } from './scenario-schema.js';

/** The problems of a scenario whose timeline is `timeline`, as `line path: message; expected ...`. */
function problems(timeline: ScenarioInput['timeline']): string[] {
  return scenarioProblems(fixtureScenario({ timeline }), { withLine: true });
}

const cutoff = (at: string, target: string) =>
  ({ at, type: 'cutoff', target, signal: 'model_withdrawn' }) as const;

describe('restoreProblems', () => {
  it('accepts a restore while a fault on its targets is in force, a windowed one included', () => {
    expect(
      problems([
        cutoff('1s', 'frontier-us'),
        { at: '2s', type: 'restore', target: 'frontier-us' },
        { at: '3s', type: 'outage', provider: 'anthropic', duration: '2s' },
        { at: '4s', type: 'restore', provider: 'anthropic' },
        // At one offset, in the file's order: the cut-off comes first, the restore lifts it.
        cutoff('5s', 'frontier-us'),
        { at: '5s', type: 'restore' },
      ]),
    ).toEqual([]);
  });

  it('refuses a restore before the cut it means, naming the event and when it is in force', () => {
    expect(
      problems([{ at: '1s', type: 'restore', target: 'frontier-us' }, cutoff('3s', 'frontier-us')]),
    ).toEqual([
      expect.stringMatching(
        /^\d+ timeline\[0\]\.at: restore of target "frontier-us" at \+1s lifts nothing: timeline\[1\] \(cutoff on target "frontier-us"\) starts only at \+3s; expected an offset while a fault on its targets is in force: timeline\[1\] from \+3s to the end; or no restore$/,
      ),
    ]);
  });

  it('refuses a restore listed before the cut-off at the same offset (the file order is the play order)', () => {
    expect(problems([{ at: '3s', type: 'restore' }, cutoff('3s', 'frontier-us')])).toEqual([
      expect.stringMatching(
        /^\d+ timeline\[0\]\.at: restore of every target at \+3s lifts nothing: timeline\[1\] \(cutoff on target "frontier-us"\) starts at the same offset but comes after the restore in the file, and events at one offset play in file order; expected an offset while a fault on its targets is in force: timeline\[1\] from \+3s to the end \(at \+3s only with the restore listed after timeline\[1\]\); or no restore$/,
      ),
    ]);
  });

  it('refuses a second restore of what an earlier restore already lifted', () => {
    expect(
      problems([
        cutoff('1s', 'claude-eu'),
        { at: '2s', type: 'restore', provider: 'anthropic' },
        { at: '3s', type: 'restore', target: 'claude-eu' },
      ]),
    ).toEqual([
      expect.stringMatching(
        /timeline\[2\]\.at: restore of target "claude-eu" at \+3s lifts nothing: timeline\[0\] \(cutoff on target "claude-eu"\) was already lifted by timeline\[1\] at \+2s; expected an offset while a fault on its targets is in force: timeline\[0\] from \+1s to \+2s; or no restore$/,
      ),
    ]);
  });

  it("refuses a restore after a windowed fault's duration ran out", () => {
    expect(
      problems([
        { at: '1s', type: 'latency', provider: 'anthropic', duration: '1s', extraMs: 500 },
        { at: '3s', type: 'restore', provider: 'anthropic' },
      ]),
    ).toEqual([
      expect.stringMatching(
        /timeline\[1\]\.at: restore of provider "anthropic" at \+3s lifts nothing: timeline\[0\] \(latency on provider "anthropic"\) ended at \+2s \(its duration\); expected an offset while a fault on its targets is in force: timeline\[0\] from \+1s to \+2s; or no restore$/,
      ),
    ]);
  });

  it('refuses a restore of a target no fault hits, naming the targets that are hit', () => {
    expect(
      problems([cutoff('1s', 'frontier-us'), { at: '2s', type: 'restore', target: 'claude-eu' }]),
    ).toEqual([
      expect.stringMatching(
        /timeline\[1\]\.target: restore of target "claude-eu" at \+2s lifts nothing: no fault event of the timeline hits claude-eu; expected a target a fault event hits: timeline\[0\] \(cutoff on target "frontier-us"\) from \+1s to the end$/,
      ),
    ]);
  });

  it('names the providers a fault hits when a restore names another', () => {
    expect(
      problems([
        { at: '1s', type: 'outage', provider: 'anthropic' },
        { at: '2s', type: 'restore', provider: 'ollama' },
      ]),
    ).toEqual([
      expect.stringMatching(
        /timeline\[1\]\.provider: restore of provider "ollama" at \+2s lifts nothing: no fault event of the timeline hits llama-local; expected a provider a fault event hits: timeline\[0\] \(outage on provider "anthropic"\) from \+1s to the end$/,
      ),
    ]);
  });

  it('refuses a restore in a timeline without any fault', () => {
    expect(problems([{ at: '1s', type: 'restore' }])).toEqual([
      expect.stringMatching(
        /timeline\[0\]: restore of every target at \+1s lifts nothing: no event of the timeline injects a fault; expected a fault event \(cutoff, outage, latency, rate_limited or stream-fault\) before the restore, or no restore$/,
      ),
    ]);
  });

  it('leaves a restore of an unknown target to the reference check', () => {
    expect(
      problems([cutoff('1s', 'frontier-us'), { at: '2s', type: 'restore', target: 'frontier-eu' }]),
    ).toEqual([expect.stringMatching(/timeline\[1\]\.target: unknown target "frontier-eu"/)]);
  });
});
