import { describe, expect, it } from 'vitest';
import { validateScenario } from '../scenario/parse-scenario.js';
import { drillResultFixture } from '../testing/drill-result-fixture.js';
import { fixtureScenario } from '../testing/fixture-scenario.js';
import type { FleetDrillResult } from './fleet-drill-result.js';
import { fleetPresentation } from './fleet-presentation.js';
import { formatFleetSummary } from './format-fleet-summary.js';

/** A fleet of two that lost p2, where p1 detected a cut-off at +1.044s and p2 never learnt of it. */
function fleetResult(overrides: Partial<FleetDrillResult> = {}): FleetDrillResult {
  return {
    ...drillResultFixture({
      mode: 'loopback',
      passed: false,
      verdicts: [
        { name: 'success-rate', type: 'success-rate', passed: true, summary: '100 % served', evidence: {} },
      ],
      events: [
        {
          atMs: 1000,
          source: 'timeline',
          description: 'cutoff model_withdrawn on gpt (played at +1.150s, 150 ms late)',
          playedAtMs: 1150,
        },
      ],
    }),
    timeScale: 1,
    processes: ['p1', 'p2'],
    byProcess: {
      p1: { requests: 3, served: 3, failed: 0, attempts: 4, cutoffAttempts: 1 },
      p2: { requests: 1, served: 1, failed: 0, attempts: 1, cutoffAttempts: 0 },
    },
    fleetVerdicts: [
      { name: 'propagation p99 <= 20 ms', passed: false, detail: '1 process(es) never got the news of one' },
    ],
    cutoffs: [
      {
        targetId: 'gpt',
        scope: '*',
        firstDetection: { by: 'p1', atMs: 1044.2 },
        detectedBy: ['p1'],
        learnt: [{ process: 'p1', afterMs: 0, source: 'local' }],
        propagation: [],
        neverLearnt: ['p2'],
        wasted: { p1: 1 },
        wastedAfterFirstDetection: {},
        attemptsAfterFirstDetection: 0,
        attemptsAfterLearning: 0,
      },
    ],
    healthEvents: [],
    processFailures: ['p2 exited (1) before finishing'],
    eventLoops: { p1: { p99Ms: 12.5, maxMs: 20 } },
    files: {
      records: 'out/records.jsonl',
      events: 'out/events.json',
      summaryJson: 'out/summary.json',
      summaryText: 'out/summary.txt',
      reportHtml: 'out/report.html',
      reportMarkdown: 'out/report.md',
      reportJson: 'out/report.json',
    },
    ...overrides,
  };
}

describe('fleetPresentation', () => {
  it('puts the fleet assertions first among the checks and a lost process among the failures', () => {
    const presentation = fleetPresentation(fleetResult(), validateScenario(fixtureScenario()));
    expect(presentation.verdict).toEqual({
      passed: false,
      checks: [
        {
          name: 'propagation p99 <= 20 ms',
          passed: false,
          summary: '1 process(es) never got the news of one',
        },
        { name: 'success-rate', passed: true, summary: '100 % served' },
      ],
      failures: ['p2 exited (1) before finishing'],
    });
  });

  it('adds a table of the processes and one of how each cut-off reached each process', () => {
    const sections = fleetPresentation(fleetResult(), validateScenario(fixtureScenario())).sections ?? [];
    expect(sections.map((section) => section.id)).toEqual(['phases', 'processes', 'fleet-cutoffs']);
    expect(sections[1]?.rows).toEqual([
      ['p1', '3', '3', '0', '4', '1', '12.5 ms'],
      ['p2', '1', '1', '0', '1', '0', '-'],
    ]);
    expect(sections[2]?.rows).toEqual([
      ['gpt for everyone', 'p1', 'first to detect it, at +1.044s', '1', '0'],
      ['gpt for everyone', 'p2', 'never learnt of it', '0', '0'],
    ]);
  });
});

describe('formatFleetSummary', () => {
  it('keeps the fleet figures, shows what a single drill shows and ends with the files it wrote', () => {
    const summary = formatFleetSummary(fleetResult());
    expect(summary).toMatch(/^FAILED: 1 of 2 assertions does not hold; 1 process\(es\) failed\n/);
    expect(summary).toContain('  gpt for everyone: first detected by p1 at +1.044s');
    expect(summary).toContain('+1s  cutoff model_withdrawn on gpt (played at +1.150s, 150 ms late)');
    expect(summary).toContain(
      '\nRouter processes\n  process  requests  served  failed  attempts  on a cut-off\n  p1       3',
    );
    expect(summary.split('\n').slice(-6)).toEqual([
      '',
      'Records: out/records.jsonl',
      'Events: out/events.json',
      'Summary: out/summary.json, out/summary.txt',
      'Report: out/report.md, out/report.json',
      'HTML report: out/report.html',
    ]);
  });
});
