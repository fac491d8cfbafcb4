import { underMachineLocale } from '@switchyard/core/testing';
import { describe, expect, it } from 'vitest';
import { drillResultFixture } from '../testing/drill-result-fixture.js';
import { formatDrillSummary } from './format-drill-summary.js';
import { drillPresentation } from './write-drill-results.js';

// Two targets that served equally: Estonian collation puts zug before tartu, code units tartu first.
const servedBy = { 'zug-llama': 1, 'tartu-llama': 1 };
const result = drillResultFixture({
  phases: [{ fromMs: 0, toMs: 5_000, label: 'start', requests: 2, served: 2, fellBack: 0, servedBy }],
  jurisdictions: {
    EE: {
      requests: 2,
      served: 2,
      failed: 0,
      fellBack: 0,
      toLocal: 2,
      costUsd: 0,
      servedBy,
      latencyMs: { count: 2, p50: 10, p90: 10, p99: 10 },
    },
  },
});
const tie = 'tartu-llama 50.0%, zug-llama 50.0%';

describe('the served-by lists of a drill', () => {
  it('order ties the same under an Estonian machine locale: the summary phase and jurisdiction rows', () => {
    const lines = underMachineLocale('et', () => formatDrillSummary(result)).split('\n');
    expect(lines.filter((line) => line.includes(tie))).toHaveLength(2);
    expect(lines.some((line) => line.includes('zug-llama 50.0%, tartu'))).toBe(false);
  });

  it('order ties the same under an Estonian machine locale: the report phases table', () => {
    const phases = underMachineLocale('et', () =>
      drillPresentation(result, { config: { targets: [] } } as never).sections?.find(
        (table) => table.id === 'phases',
      ),
    );
    expect(phases?.rows[0]?.at(-1)).toBe(tie);
  });
});
