import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { aggregateRecords } from '../aggregate/aggregate-records.js';
import { fixtureRecords } from '../test-fixtures/fixture-records.js';
import { chartScript } from './chart-script.js';
import { jsonForScript } from './escape-html.js';
import { htmlCharts } from './render-html.js';

interface FakeConfig {
  type: string;
  data: { labels?: unknown[]; datasets: { label: string; data: unknown[] }[] };
  plugins: { id: string; afterRender?: (chart: unknown) => void }[];
}

/** Runs the browser script against a fake DOM and a fake Chart that "renders" at once. */
async function runScript() {
  const report = await aggregateRecords({
    records: fixtureRecords,
    by: ['provider'],
    events: [{ at: Date.parse('2026-06-25T10:01:00Z'), label: 'ban' }],
  });
  const attributes = new Map<string, Map<string, string>>();
  const element = (id: string) => ({
    id,
    setAttribute: (name: string, value: string) => {
      const map = attributes.get(id) ?? new Map<string, string>();
      map.set(name, value);
      attributes.set(id, map);
    },
  });
  const canvases = htmlCharts.map((chart) => element(chart.id));
  const charts = new Map<string, FakeConfig>();
  const window: Record<string, unknown> = {};
  const context = {
    window,
    document: {
      getElementById: (id: string) =>
        id === 'switchyard-report-data'
          ? { textContent: jsonForScript({ report }) }
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
      expect(window.__switchyardChartsExpected).toBe(4);
      expect(window.__switchyardChartsRendered).toBe(4);
      expect(attributes.get('body')?.get('data-charts-rendered')).toBe('4');
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
      expect(cost?.data.labels).toEqual(['anthropic', 'openai', 'ollama']);
      expect(cost?.data.datasets[1]?.data).toEqual([0.001, 0.003, 0]);
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
      expect(charts.get('chart-latency')?.plugins.map((plugin) => plugin.id)).toContain('switchyardEvents');
    });
  });
});
