import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { aggregateRecords } from '../aggregate/aggregate-records.js';
import { fixtureRecords } from '../test-fixtures/fixture-records.js';
import { chartScript } from './chart-script.js';
import { jsonForScript } from './escape-html.js';
import { formatOffset } from './format.js';
import { htmlCharts } from './render-html.js';

interface FakeConfig {
  type: string;
  data: { labels?: unknown[]; datasets: { label: string; data: unknown[] }[] };
  plugins: { id: string; afterRender?: (chart: unknown) => void }[];
}

/** Runs the browser script against a fake DOM and a fake Chart that "renders" at once. */
async function runScript(
  extra: Record<string, unknown> = {},
  events = [{ at: Date.parse('2026-06-25T10:01:00Z'), label: 'ban' }],
) {
  const report = await aggregateRecords({ records: fixtureRecords, by: ['provider'], events });
  const attributes = new Map<string, Map<string, string>>();
  const element = (id: string) => ({
    id,
    setAttribute: (name: string, value: string) => {
      const map = attributes.get(id) ?? new Map<string, string>();
      map.set(name, value);
      attributes.set(id, map);
    },
  });
  const canvases = htmlCharts
    .filter((chart) => chart.id !== 'chart-budgets' || extra.budgetCanvas !== false)
    .map((chart) => element(chart.id));
  const charts = new Map<string, FakeConfig>();
  const window: Record<string, unknown> = {};
  const context = {
    window,
    document: {
      getElementById: (id: string) =>
        id === 'switchyard-report-data'
          ? { textContent: jsonForScript({ report, ...extra }) }
          : canvases.find((canvas) => canvas.id === id),
      querySelectorAll: () => canvases,
      body: element('body'),
    },
    Chart: Object.assign(
      function Chart(this: unknown, canvas: { id: string }, config: FakeConfig) {
        charts.set(canvas.id, config);
        for (const plugin of config.plugins) plugin.afterRender?.({ canvas });
      },
      { defaults: {} as Record<string, unknown> },
    ),
  };
  runInNewContext(chartScript, context);
  return { window, charts, attributes, report };
}

describe('chartScript', () => {
  describe('in a page', () => {
    it('draws every chart and then sets window.__switchyardChartsRendered', async () => {
      const { window, charts, attributes } = await runScript();
      expect([...charts.keys()].sort()).toEqual(htmlCharts.map((chart) => chart.id).sort());
      expect(window.__switchyardChartsExpected).toBe(6);
      expect(window.__switchyardChartsRendered).toBe(6);
      expect(attributes.get('body')?.get('data-charts-rendered')).toBe('6');
      for (const chart of htmlCharts) expect(attributes.get(chart.id)?.get('data-rendered')).toBe('true');
    });

    it('feeds each chart its data: latency percentiles, cost served/wasted, share per target, depth', async () => {
      const { charts } = await runScript();
      const latency = charts.get('chart-latency');
      expect(latency?.data.datasets.map((dataset) => dataset.label)).toEqual([
        'p50',
        'p90',
        'p99',
        'TTFT p50',
      ]);
      expect(latency?.data.datasets[0]?.data).toHaveLength(3);
      const cost = charts.get('chart-cost');
      expect(cost?.data.labels).toEqual(['an-sonnet', 'oa-gpt', 'local-qwen']);
      expect(cost?.data.datasets[1]?.data).toEqual([0.001, 0.003, 0]);
      const jurisdictions = charts.get('chart-jurisdictions');
      expect(jurisdictions?.data.labels).toEqual(['CN', 'DE', 'FR', 'US']);
      expect(jurisdictions?.data.datasets.map((dataset) => dataset.label)).toEqual([
        'an-sonnet',
        'oa-gpt',
        'local-qwen',
        'failed',
      ]);
      const share = charts.get('chart-share');
      expect(share?.data.datasets.map((dataset) => dataset.label)).toEqual([
        'an-sonnet',
        'oa-gpt',
        'local-qwen',
      ]);
      expect(share?.data.datasets[2]?.data).toEqual([
        { x: Date.parse('2026-06-25T10:00:00Z'), y: 0 },
        { x: Date.parse('2026-06-25T10:01:00Z'), y: 100 },
        { x: Date.parse('2026-06-25T10:02:00Z'), y: 0 },
      ]);
      expect(charts.get('chart-depth')?.data.datasets[0]?.data).toEqual([3, 1, 2]);
      // The fixture has a request that failed: depth 0 also holds requests for which no target was tried.
      expect(charts.get('chart-depth')?.data.labels).toEqual(['0 (first served, or none tried)', '1', '2']);
      expect(charts.get('chart-latency')?.plugins.map((plugin) => plugin.id)).toContain('switchyardEvents');
    });
  });

  it('draws only the charts on the page, and counts only those (no budget canvas: five)', async () => {
    const { window, charts, attributes } = await runScript({ budgetCanvas: false });
    expect([...charts.keys()]).not.toContain('chart-budgets');
    expect(charts.size).toBe(5);
    expect(window.__switchyardChartsExpected).toBe(5);
    expect(window.__switchyardChartsRendered).toBe(5);
    expect(attributes.get('body')?.get('data-charts-rendered')).toBe('5');
  });

  describe('time axis', () => {
    type Axis = {
      min: number;
      max: number;
      ticks: { stepSize: number; callback: (value: number) => string };
    };
    const axisOf = (config: FakeConfig | undefined) =>
      (config as unknown as { options: { scales: { x: Axis } } }).options.scales.x;

    it('shows offsets from the origin, each tick label distinct, the UTC time on hover', async () => {
      const origin = Date.parse('2026-06-25T10:00:00Z');
      const { charts } = await runScript({ origin, local: ['local-qwen'] });
      const axis = axisOf(charts.get('chart-latency'));
      expect(axis.min).toBe(origin);
      const labels: string[] = [];
      for (let value = axis.min; value <= axis.max; value += axis.ticks.stepSize)
        labels.push(axis.ticks.callback(value));
      expect(labels[0]).toBe('+0s');
      expect(new Set(labels).size).toBe(labels.length);
      expect(labels).toContain('+1m');
      const tooltip = (
        charts.get('chart-latency') as unknown as {
          options: {
            plugins: { tooltip: { callbacks: { title: (items: { parsed: { x: number } }[]) => string } } };
          };
        }
      ).options.plugins.tooltip;
      expect(tooltip.callbacks.title([{ parsed: { x: origin + 90_000 } }])).toBe(
        '+1m30s (2026-06-25T10:01:30.000Z)',
      );
      // As the terminal summary writes it (formatOffset), tenths of a second included.
      for (const offset of [0, 250, 999.6, 7_500, 8_449, 62_449, 90_050, 3_599_960, 3_930_000, 86_401_000])
        expect(tooltip.callbacks.title([{ parsed: { x: origin + offset } }]).split(' (')[0]).toBe(
          formatOffset(offset),
        );
      // Days and hours as such.
      expect(tooltip.callbacks.title([{ parsed: { x: origin + 30 * 86_400_000 + 3_600_000 } }])).toBe(
        '+30d1h (2026-07-25T11:00:00.000Z)',
      );
      expect(charts.get('chart-cost')?.data.labels).toContain('local-qwen (local open weights)');
    });

    it('ends the axis on a whole number of steps, so every tick falls on a round offset', async () => {
      // The run spans 2m0.1s from its start: ticks at +15s, +30s ..., never at fractions of 2m0.1s.
      const origin = Date.parse('2026-06-25T09:59:59.900Z');
      const { charts, report } = await runScript({ origin });
      for (const id of ['chart-latency', 'chart-share', 'chart-budgets']) {
        const axis = axisOf(charts.get(id));
        expect(axis.min).toBe(origin);
        expect(axis.max).toBeGreaterThanOrEqual(report.to);
        expect(axis.max - axis.ticks.stepSize).toBeLessThan(report.to);
        // Chart.js spreads its ticks evenly between min and max when the span is about a whole
        // number of steps (+1m0.1s, +2m0.2s): it must be exactly one.
        expect(Number.isInteger((axis.max - axis.min) / axis.ticks.stepSize)).toBe(true);
      }
    });
  });

  describe('event markers', () => {
    it('puts the numbers of events close together on separate rows, and far ones on the first', async () => {
      const at = Date.parse('2026-06-25T10:01:00Z');
      const { charts } = await runScript({}, [
        { at, label: 'a' },
        { at: at + 2, label: 'b' },
        { at: at + 4, label: 'c' },
        { at: at + 60_000, label: 'd' },
      ]);
      const plugin = charts
        .get('chart-latency')
        ?.plugins.find((entry) => entry.id === 'switchyardEvents') as unknown as {
        afterDatasetsDraw: (chart: unknown) => void;
      };
      const texts: [string, number][] = [];
      const noop = () => {};
      plugin.afterDatasetsDraw({
        // One pixel per ms from 10:01:00: a, b and c are 2 px apart, d far away.
        scales: {
          x: { getPixelForValue: (value: number) => 100 + (value - at) / (value - at > 100 ? 100 : 1) },
        },
        chartArea: { left: 0, right: 1000, top: 10, bottom: 300 },
        ctx: {
          save: noop,
          restore: noop,
          setLineDash: noop,
          beginPath: noop,
          moveTo: noop,
          lineTo: noop,
          stroke: noop,
          measureText: (text: string) => ({ width: text.length * 7 }),
          fillText: (text: string, _x: number, y: number) => texts.push([text, y]),
        },
      });
      expect(texts).toEqual([
        ['1', 22],
        ['2', 35],
        ['3', 48],
        ['4', 22],
      ]);
    });
  });
});
