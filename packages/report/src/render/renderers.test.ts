import type { DecisionRecord } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { aggregateRecords } from '../aggregate/aggregate-records.js';
import { compareReports } from '../compare/compare-reports.js';
import { fixtureRecords } from '../test-fixtures/fixture-records.js';
import { htmlCharts, renderHtml } from './render-html.js';
import { renderJson } from './render-json.js';
import { escapeMarkdownCell, renderMarkdown } from './render-markdown.js';
import { renderTerminal } from './render-terminal.js';

const hostile = '<script>alert("x")</script>|pipe';
const withHostile: DecisionRecord[] = [
  ...fixtureRecords,
  { ...(fixtureRecords[0] as DecisionRecord), requestId: 'r7', route: hostile },
];
const events = [{ at: Date.parse('2026-06-25T10:01:00Z'), label: 'ban <oa-gpt> & "friends"' }];

describe('renderers', () => {
  describe('renderTerminal', () => {
    it('prints the headline, totals, groups, cost by provider, fallback depth and share', async () => {
      const report = await aggregateRecords({
        records: fixtureRecords,
        by: ['provider'],
        sources: ['records.jsonl'],
      });
      const text = renderTerminal({ report });
      expect(text).toContain(
        '6 decision records from records.jsonl (2026-06-25T10:00:10Z to 2026-06-25T10:02:45Z)',
      );
      for (const title of [
        'Traffic: total',
        'Cost and latency: total',
        'Traffic by provider',
        'Cost and latency by provider',
        'Callers by jurisdiction',
        'Cost by target',
        'Cost by provider',
        'Fallback depth: targets that failed before the one that served (for a request that failed: the targets that failed)',
        'Traffic share per target',
      ])
        expect(text).toContain(`${title}\n`);
      expect(text).toMatch(/│\s+6 │\s+5 │\s+1 │\s+50\.0% │\s+0\.83\/2 │\s+2 │\s+11 \(6\) │\s+100\.0% │/);
      expect(text).toMatch(
        /│\s+1,100\/420 │\s+110\/75 │\s+\$0\.07 │\s+\$0\.004 │\s+300 ms \/ 500 ms \/ 500 ms │\s+90\.0 ms \/ 150 ms │/,
      );
      expect(text).toMatch(
        /openai\s+│\s+2 │\s+2 │\s+0 │\s+0\.0% │\s+0\.00\/0 │\s+2 │\s+6 \(4\) │\s+40\.0% │/,
      );
      expect(text).toMatch(/openai\s+│\s+6 │\s+4 │\s+\$0\.02 │\s+\$0\.003 │\s+\$0\.023 │/);
      expect(text).toMatch(/an-sonnet\s+│\s+2 │\s+40\.0% │/);
      expect(text).not.toContain('\u001b[');
    });

    it('writes out a control character of a record, never sending it to the terminal', async () => {
      const records: DecisionRecord[] = [
        ...fixtureRecords,
        { ...(fixtureRecords[0] as DecisionRecord), requestId: 'r8', route: 'chat\u001b[2J\tfast' },
      ];
      const report = await aggregateRecords({ records, by: ['route'], sources: ['records.jsonl'] });
      const text = renderTerminal({ report });
      expect(text).toContain('chat\\x1B[2J\\x09fast');
      expect(text).not.toMatch(/(?!\n)\p{Cc}/u);
    });

    it('adds the comparison tables', async () => {
      const before = await aggregateRecords({ records: fixtureRecords, sources: ['before.jsonl'] });
      const after = await aggregateRecords({ records: fixtureRecords.slice(1) });
      const text = renderTerminal({ report: after, comparison: compareReports({ before, after }) });
      expect(text).toContain('Compared with before.jsonl (after − before)');
      expect(text).toMatch(/│\s+-1 │\s+-\$0\.01 │/);
      expect(text).toContain('Traffic share per target (before → after)');
    });

    it('says "new" or "gone" instead of a latency delta against a run without the group', async () => {
      const before = await aggregateRecords({ records: fixtureRecords, by: ['jurisdiction'] });
      const cnless = fixtureRecords.filter((record) => record.context.jurisdiction !== 'CN');
      const after = await aggregateRecords({ records: cnless, by: ['jurisdiction'] });
      const text = renderTerminal({ report: after, comparison: compareReports({ before, after }) });
      const cn = text.split('\n').find((line) => /^│ CN\s/.test(line) && line.includes('gone'));
      expect(cn).toMatch(/│\s+gone │\s+gone │\s+gone │\s+gone │\s+gone │/);
      expect(cn).not.toMatch(/ms/);
    });
    it('writes a latency delta over a group that served nothing as -, the spelling of every other empty cell', async () => {
      // The CN caller's one request failed in both runs: requests on both sides, no latency on either.
      const before = await aggregateRecords({ records: fixtureRecords, by: ['jurisdiction'] });
      const after = await aggregateRecords({ records: fixtureRecords, by: ['jurisdiction'] });
      const text = renderTerminal({ report: after, comparison: compareReports({ before, after }) });
      const cn = text.split('\n').find((line) => /^│ CN\s+│\s+±0 │/.test(line));
      expect(cn).toMatch(/│\s+- │\s+- │\s+- │/);
      expect(text).not.toContain('n/a');
    });
  });

  describe('renderMarkdown', () => {
    it('writes pipe tables with record text escaped', async () => {
      const report = await aggregateRecords({ records: withHostile, by: ['route'] });
      const markdown = renderMarkdown({ report, title: 'Drill' });
      expect(markdown.startsWith('# Drill\n')).toBe(true);
      expect(markdown).toContain('## Cost by provider\n\n| Provider | Attempts |');
      expect(markdown).toContain('| ---: |');
      expect(markdown).toContain('&lt;script&gt;alert("x")&lt;/script&gt;\\|pipe');
      expect(markdown).not.toContain('<script>');
    });

    it('escapes emphasis, code, links and character references, so a label reads as written', () => {
      const cell = escapeMarkdownCell(
        'e16 **bold** `tick` [link](http://x) ![img][ref] ~~gone~~ _em_ server_error timeline[2] AT&T &lt;b&gt; & co\nnext',
      );
      expect(cell).toBe(
        'e16 \\*\\*bold\\*\\* \\`tick\\` [link\\](http://x) ![img\\][ref] \\~\\~gone\\~\\~ \\_em\\_ server_error timeline[2] AT&T &amp;lt;b&amp;gt; & co next',
      );
    });
  });

  describe('with a presentation', () => {
    const origin = Date.parse('2026-06-25T10:00:00Z');
    const presentation = {
      origin,
      targets: [{ id: 'local-qwen', hostedIn: 'self', weights: 'open' }],
      verdict: {
        passed: false,
        checks: [
          { name: 'every request served', passed: true, summary: '100 % served' },
          { name: 'cost ceiling', passed: false, summary: 'cost $0.07, ceiling $0.01' },
        ],
      },
      sections: [
        {
          id: 'phases',
          title: 'Traffic per phase',
          head: ['From', 'Phase'],
          rows: [['+0ms', 'start']],
          numeric: [],
        },
      ],
    };

    it('does not call a depth of 0 "the first target served" when some requests failed', async () => {
      const withFailure = await aggregateRecords({ records: fixtureRecords, by: ['provider'] });
      expect(withFailure.total.failed).toBeGreaterThan(0);
      const depth = (report: typeof withFailure) =>
        renderMarkdown({ report })
          .split('\n')
          .filter((line) => line.startsWith('| 0 ('));
      expect(depth(withFailure)).toEqual(['| 0 (the first target served, or none was tried) | 3 | 50.0% |']);
      const served = await aggregateRecords({
        records: fixtureRecords.filter((record) => record.servedBy !== null),
        by: ['provider'],
      });
      expect(depth(served)[0]).toMatch(/^\| 0 \(the first target served\) \|/);
    });

    it('labels local open weights in the comparison tables too, in every format', async () => {
      const before = await aggregateRecords({ records: fixtureRecords.slice(0, 3), by: ['target'] });
      const after = await aggregateRecords({ records: fixtureRecords, by: ['target'] });
      const comparison = compareReports({ before, after });
      const terminal = renderTerminal({ report: after, comparison, presentation });
      const share = terminal.slice(terminal.indexOf('Traffic share per target (before → after)'));
      expect(share).toContain('local-qwen (local open weights)');
      const deltas = terminal.slice(
        terminal.indexOf('Deltas by target'),
        terminal.indexOf('Traffic share per target (before'),
      );
      expect(deltas).toContain('local-qwen (local open weights)');
      const markdown = renderMarkdown({ report: after, comparison, presentation });
      expect(markdown.slice(markdown.indexOf('## Deltas by target'))).toMatch(
        /\| local-qwen \(local open weights\) \|/,
      );
      const html = renderHtml({ report: after, comparison, presentation });
      expect(html.slice(html.indexOf('id="table-compare-share"'))).toContain(
        '<td>local-qwen (local open weights)</td>',
      );
    });

    it('puts the verdict first, then the run sections, and shows offsets from the start with local weights labelled', async () => {
      const report = await aggregateRecords({
        records: fixtureRecords,
        by: ['provider'],
        sources: ['records.jsonl'],
        events,
      });
      const text = renderTerminal({ report, presentation });
      const lines = text.split('\n');
      expect(lines[0]).toBe('FAILED: 1 of 2 assertions does not hold');
      expect(lines[1]).toBe(
        '6 decision records from records.jsonl (+10s to +2m45s from 2026-06-25T10:00:00Z)',
      );
      expect(text.indexOf('Verdict: FAILED')).toBeLessThan(text.indexOf('Traffic per phase'));
      expect(text.indexOf('Traffic per phase')).toBeLessThan(text.indexOf('Traffic: total'));
      expect(text).toMatch(/│ FAIL\s+│ cost ceiling\s+│ cost \$0\.07, ceiling \$0\.01 │/);
      expect(text).toMatch(/│ 1 │ \+1m\s+│ ban <oa-gpt> & "friends" │ -\s+│/);
      expect(text).toContain('local-qwen (local open weights)');
      const markdown = renderMarkdown({ report, presentation });
      expect(markdown).toContain('**FAILED: 1 of 2 assertions does not hold**');
      const html = renderHtml({ report, presentation });
      expect(html.indexOf('class="verdict fail"')).toBeLessThan(html.indexOf('<canvas'));
      expect(html).toContain('<td class="fail">FAIL</td>');
      const data = /id="switchyard-report-data">([^<]*)</.exec(html)?.[1] as string;
      expect(JSON.parse(data)).toMatchObject({ origin, local: ['local-qwen'] });
      expect(JSON.parse(renderJson({ report, presentation })).presentation).toEqual(presentation);
    });

    it('says why a run failed although every check held', async () => {
      const report = await aggregateRecords({ records: fixtureRecords, sources: ['records.jsonl'] });
      const failed = {
        ...presentation,
        verdict: {
          passed: false,
          checks: [{ name: 'every request served', passed: true, summary: '100 % served' }],
          failures: ['timeline[3] keys rotated at +20m never played'],
        },
      };
      const line = 'FAILED: the 1 assertion holds, and timeline[3] keys rotated at +20m never played';
      expect(renderTerminal({ report, presentation: failed }).split('\n')[0]).toBe(line);
      expect(renderMarkdown({ report, presentation: failed })).toContain(`**${line}**`);
    });
  });

  describe('renderJson', () => {
    it('round-trips the report and the comparison', async () => {
      const report = await aggregateRecords({ records: fixtureRecords, by: ['provider'] });
      const comparison = compareReports({ before: report, after: report });
      const parsed = JSON.parse(renderJson({ report, comparison }));
      expect(parsed.report).toEqual(JSON.parse(JSON.stringify(report)));
      expect(parsed.comparison.total.delta.costUsd).toBe(0);
    });
  });

  describe('renderHtml', () => {
    it('has a canvas per chart, Chart.js inlined and no external script, link or fetch', async () => {
      const report = await aggregateRecords({ records: fixtureRecords, by: ['provider'], events });
      const html = renderHtml({ report });
      for (const chart of htmlCharts.filter((entry) => entry.id !== 'chart-budgets'))
        expect(html).toContain(`<canvas id="${chart.id}" data-chart="${chart.name}"`);
      expect(html.match(/<canvas /g)).toHaveLength(5);
      expect(html).toContain('Chart.js v4.6.1');
      expect(html).toContain('window.__switchyardChartsRendered');
      expect(html).not.toMatch(/<script[^>]+src=/i);
      expect(html).not.toMatch(/<link[^>]+href=/i);
      expect(html).not.toMatch(/(src|href)=["']?https?:/i);
      expect(html).toContain("default-src 'none'");
    });

    it('shows the budget chart only when the records name a budget counter (no empty axes)', async () => {
      const report = await aggregateRecords({ records: fixtureRecords, by: ['provider'], events });
      expect(report.budgets.counters).toEqual([]);
      expect(renderHtml({ report })).not.toContain('<canvas id="chart-budgets"');
      const counter = {
        budgetId: 'hosted-hourly',
        key: 'hosted-hourly',
        attempts: 3,
        chargedUsd: 0.01,
        chargedTokens: 900,
        chargedRequests: 3,
        reservedUsd: 0.02,
      };
      const html = renderHtml({ report: { ...report, budgets: { ...report.budgets, counters: [counter] } } });
      expect(html).toContain('<canvas id="chart-budgets" data-chart="budget-spend"');
      expect(html.match(/<canvas /g)).toHaveLength(6);
    });

    it('escapes every record-derived string, in the tables and in the embedded data', async () => {
      const report = await aggregateRecords({ records: withHostile, by: ['route'], events });
      const html = renderHtml({ report, title: '<b>t</b>' });
      expect(html).not.toContain(hostile);
      expect(html).not.toContain('<b>t</b>');
      expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;|pipe');
      expect(html).toContain('ban &lt;oa-gpt&gt; &amp; &quot;friends&quot;');
      const data = /<script type="application\/json" id="switchyard-report-data">([^<]*)<\/script>/.exec(
        html,
      );
      expect(data).not.toBeNull();
      const parsed = JSON.parse(data?.[1] as string);
      expect(parsed.report.events[0].label).toBe(events[0]?.label);
      expect(parsed.report.total.requests).toBe(7);
    });
  });
});
