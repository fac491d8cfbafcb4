import type { DrillResult } from '../run/drill-result.js';

/** An empty simulated drill result (5 simulated minutes in 10 s), for tests of what reads one. */
export function drillResultFixture(overrides: Partial<DrillResult> = {}): DrillResult {
  return {
    name: 'unit',
    mode: 'simulated',
    seed: 1,
    startMs: Date.parse('2026-06-25T09:00:00Z'),
    passed: true,
    verdicts: [],
    counts: { planned: 0, sent: 0, served: 0, failed: 0, lost: 0, attempts: 0, fallbacks: 0 },
    requests: 0,
    costUsd: 0,
    wastedCostUsd: 0,
    toLocalOpenWeights: 0,
    latencyMs: { count: 0, p50: 0, p90: 0, p99: 0 },
    targets: {},
    jurisdictions: {},
    phases: [],
    events: [],
    simulatedMs: 300_000,
    realMs: 10_000,
    records: [],
    ...overrides,
  };
}
