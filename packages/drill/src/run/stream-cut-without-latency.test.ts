import { describe, expect, it } from 'vitest';
import { fixtureScenario } from '../testing/fixture-scenario.js';
import { runDrill } from './run-drill.js';

describe('runDrill', () => {
  it('continues streams cut after their content in a scenario without latency', async () => {
    // No `latency`: the simulator writes the content and the cut in one turn.
    const result = await runDrill({
      scenario: fixtureScenario({
        workload: { route: 'chat', rate: 10, total: 20, mix: { jurisdictions: { US: 1 } }, streaming: 1 },
        timeline: [{ at: '0ms', type: 'stream-fault', target: 'frontier-us', fault: 'cut', afterChunks: 1 }],
        assertions: [{ type: 'continuations', min: 1 }, { type: 'aborted-streams-charged' }],
      }),
      keepRecords: true,
    });
    expect(result.verdicts.map((verdict) => [verdict.name, verdict.passed])).toEqual([
      ['continuations', true],
      ['aborted-streams-charged', true],
    ]);
    const cut = result.records?.find((record) => record.attempts[0]?.targetId === 'frontier-us');
    expect(cut?.attempts[0]?.deliveredChars).toBeGreaterThan(0);
    expect(cut?.attempts[0]?.usageEstimated).toBe(true);
  });
});
