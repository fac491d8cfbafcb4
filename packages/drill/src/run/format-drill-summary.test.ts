import { describe, expect, it } from 'vitest';
import { drillResultFixture } from '../testing/drill-result-fixture.js';
import { compareBaseline } from './compare-baseline.js';
import { displayWidth } from './display-width.js';
import { formatDrillSummary } from './format-drill-summary.js';
import { drillPresentation } from './write-drill-results.js';

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

  describe('cost of the events', () => {
    /** The report's cost-of-the-events table of a result. */
    const baselineSection = (result: Parameters<typeof drillPresentation>[0]) =>
      drillPresentation(result, { config: { targets: [] } } as never).sections?.find(
        (table) => table.id === 'baseline',
      );

    const figures = (served: number, requests: number, p50: number) => ({
      requests,
      costUsd: 0,
      wastedCostUsd: 0,
      toLocalOpenWeights: 0,
      latencyMs: { count: served, p50, p90: p50, p99: p50 },
      targets: {
        gpt: {
          served,
          attempts: requests,
          failedAttempts: requests - served,
          costUsd: 0,
          wastedCostUsd: 0,
          localOpenWeights: false,
        },
      },
      jurisdictions: {
        US: {
          requests,
          served,
          failed: requests - served,
          fellBack: 0,
          toLocal: 0,
          costUsd: 0,
          servedBy: { gpt: served },
          latencyMs: { count: served, p50, p90: p50, p99: p50 },
        },
      },
      phases: [],
    });

    it('shows no latency, not 0 ms and a drop of the baseline latency, when the drill served nothing', () => {
      const result = drillResultFixture({
        baseline: compareBaseline({ baseline: figures(40, 40, 570), drill: figures(0, 40, 0) }),
      });
      const text = formatDrillSummary(result);
      expect(text).toContain('latency p50 570 ms -> - (-), p99 570 ms -> - (-)');
      expect(text).toMatch(/^\s*gpt\s+100\.0%\s+-\s+-$/m);
      const section = baselineSection(result);
      expect(section?.rows.find((row) => row[0] === 'Latency p50')).toEqual([
        'Latency p50',
        '570 ms',
        '-',
        '-',
      ]);
      expect(section?.rows.find((row) => row[0] === 'gpt: share of the served requests')).toEqual([
        'gpt: share of the served requests',
        '100.0%',
        '-',
        '-',
      ]);
    });

    it('labels local open weights among the targets whose share moved', () => {
      const result = drillResultFixture({
        targets: {
          local: {
            served: 0,
            attempts: 0,
            failedAttempts: 0,
            costUsd: 0,
            wastedCostUsd: 0,
            localOpenWeights: true,
          },
        },
        baseline: compareBaseline({ baseline: figures(40, 40, 570), drill: figures(40, 40, 570) }),
      });
      const withLocal = {
        ...result,
        baseline: {
          ...(result.baseline as NonNullable<typeof result.baseline>),
          targets: { local: { baseline: 0, drill: 0.5, delta: 0.5 } },
        },
      };
      expect(formatDrillSummary(withLocal)).toMatch(
        /^\s*local \(local open weights\)\s+0\.0%\s+50\.0%\s+\+50\.0 pp$/m,
      );
      const section = baselineSection(withLocal);
      expect(section?.rows.map((row) => row[0])).toContain(
        'local (local open weights): share of the served requests',
      );
    });

    it('says local open weights served fewer requests, not a negative move, when the baseline used them more', () => {
      const result = drillResultFixture({
        baseline: compareBaseline({
          baseline: { ...figures(400, 400, 570), toLocalOpenWeights: 327 },
          drill: { ...figures(400, 400, 570), toLocalOpenWeights: 94 },
        }),
      });
      const text = formatDrillSummary(result);
      expect(text).toContain(
        '233 fewer request(s) served by local open weights than without the events (327 -> 94)',
      );
      expect(text).not.toContain('moved to local open weights');
    });

    it('says the runs sent different numbers of requests before comparing their cost', () => {
      const result = drillResultFixture({
        baseline: compareBaseline({ baseline: figures(876, 876, 550), drill: figures(612, 612, 550) }),
      });
      const lines = formatDrillSummary(result).split('\n');
      const header = lines.findIndex((line) => line.startsWith('Cost of the events'));
      expect(lines[header + 1]).toBe(
        '  requests 876 -> 612 (-264): the runs sent different numbers of requests, so cost and counts compare unequal workloads (shares and percentiles are per run)',
      );
      expect(baselineSection(result)?.rows[0]).toEqual([
        'Requests sent (the runs differ)',
        '876',
        '612',
        '-264',
      ]);
      const same = drillResultFixture({
        baseline: compareBaseline({ baseline: figures(40, 40, 550), drill: figures(40, 40, 550) }),
      });
      expect(formatDrillSummary(same)).not.toContain('the runs sent different numbers of requests');
      expect(baselineSection(same)?.rows[0]?.[0]).toBe('Cost');
    });

    it('never prints -0.0 pp: a share that moved by less than 0.05 pp reads ±0.0 pp', () => {
      // 2,499 of 2,500 served against 2,500 of 2,500: -0.04 pp.
      const result = drillResultFixture({
        baseline: compareBaseline({ baseline: figures(2500, 2500, 570), drill: figures(2499, 2500, 570) }),
      });
      const text = formatDrillSummary(result);
      expect(text).toContain('served 100.0% -> 100.0% (±0.0 pp)');
      expect(text).not.toContain('-0.0 pp');
      const section = baselineSection(result);
      expect(section?.rows.find((row) => row[0] === 'Served')).toEqual([
        'Served',
        '100.0%',
        '100.0%',
        '±0.0 pp',
      ]);
      expect(section?.rows.flat()).not.toContain('-0.0 pp');
    });
  });

  /** A first phase `start`, then one named `label` of `requests` requests (2 served). */
  const twoPhases = (label: string, requests: number) => [
    { fromMs: 0, toMs: 5_000, label: 'start', requests: 1, served: 1, fellBack: 0, servedBy: { gpt: 1 } },
    { fromMs: 5_000, toMs: 9_000, label, requests, served: 2, fellBack: 0, servedBy: { gpt: 2 } },
  ];

  it('cuts a long phase name with …, so the table keeps its width (What happened lists it in full)', () => {
    const label = `a very long label ${'that goes on '.repeat(20)}`.trim();
    const text = formatDrillSummary(
      drillResultFixture({
        events: [{ atMs: 5_000, source: 'timeline', description: `${label}: latency +50 ms on gpt` }],
        phases: twoPhases(`${label} + e10`, 2),
      }),
    ).split('\n');
    const table = text.slice(
      text.indexOf('Traffic per phase') + 1,
      text.indexOf('Callers by jurisdiction') - 1,
    );
    expect(table).toHaveLength(3);
    for (const line of table) expect(line.length).toBeLessThanOrEqual(130);
    expect(table[2]).toContain(`${label.slice(0, 59)}…`);
    expect(text.find((line) => line.includes('+5s') && line.includes('latency +50 ms on gpt'))).toContain(
      label,
    );
  });

  it('writes out a control character of an event or a phase (a rule id from a config), never sending it', () => {
    const rule = 'us-export\u001b]0;pwned\u0007';
    const text = formatDrillSummary(
      drillResultFixture({
        events: [{ atMs: 5_000, source: 'policy', description: `rule ${rule} becomes effective` }],
        phases: twoPhases(`rule ${rule} becomes effective`, 2),
      }),
    );
    expect(text).toContain('rule us-export\\x1B]0;pwned\\x07 becomes effective');
    expect(text).not.toMatch(/\p{Cc}(?<!\n)/u);
  });

  it('keeps the columns aligned when a label holds wide characters (東京 🚀)', () => {
    const text = formatDrillSummary(
      drillResultFixture({
        phases: twoPhases('cuts in 東京 🚀', 22),
      }),
    ).split('\n');
    const table = text.slice(text.indexOf('Traffic per phase') + 1, text.indexOf('Traffic per phase') + 4);
    // The requests column starts at the same terminal column on every row.
    const column = (line: string) => displayWidth(line.slice(0, line.search(/ (requests|1|22) /) + 1));
    expect(new Set(table.map(column)).size).toBe(1);
  });
});
