import { describe, expect, it } from 'vitest';
import { drillResultFixture } from '../testing/drill-result-fixture.js';
import { formatDrillSummary } from './format-drill-summary.js';

describe('formatDrillSummary', () => {
  it('shows no latency, not 0 ms, where no request was served', () => {
    const text = formatDrillSummary(
      drillResultFixture({
        counts: { planned: 3, sent: 3, served: 1, failed: 2, lost: 0, attempts: 3, fallbacks: 0 },
        latencyMs: { count: 1, p50: 420, p90: 420, p99: 420 },
        jurisdictions: {
          CN: {
            requests: 2,
            served: 0,
            failed: 2,
            fellBack: 0,
            toLocal: 0,
            costUsd: 0,
            servedBy: {},
            latencyMs: { count: 0, p50: 0, p90: 0, p99: 0 },
          },
          US: {
            requests: 1,
            served: 1,
            failed: 0,
            fellBack: 0,
            toLocal: 0,
            costUsd: 0.001,
            servedBy: { gpt: 1 },
            latencyMs: { count: 1, p50: 420, p90: 420, p99: 420 },
          },
        },
      }),
    ).split('\n');
    expect(text.find((line) => line.startsWith('3/3 sent'))).toContain('latency p50 420 ms, p99 420 ms;');
    expect(text.find((line) => /^\s*CN\s/.test(line))).toMatch(/^\s*CN\s+2\s+0\.0%\s+0\s+0\s+-\s+-\s/);
    expect(text.find((line) => /^\s*US\s/.test(line))).toMatch(/\s420 ms\s+420 ms\s/);
    const none = formatDrillSummary(
      drillResultFixture({
        counts: { planned: 2, sent: 2, served: 0, failed: 2, lost: 0, attempts: 2, fallbacks: 0 },
      }),
    );
    expect(none).toContain('latency p50 -, p99 -;');
  });
});
