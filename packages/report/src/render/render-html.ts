import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Report } from '../aggregate/report.js';
import type { Comparison } from '../compare/compare-reports.js';
import { chartScript } from './chart-script.js';
import { escapeHtml, jsonForScript } from './escape-html.js';
import { isLocalTarget, type ReportPresentation } from './report-presentation.js';
import {
  comparisonTables,
  type ReportTable,
  reportHeadline,
  reportTables,
  verdictLine,
} from './report-tables.js';

/**
 * The charts of the HTML report: canvas id, `data-chart` name and caption. The last,
 * `chart-budgets`, is on the page only when the records name a budget counter.
 */
export const htmlCharts = [
  {
    id: 'chart-latency',
    name: 'latency',
    title: 'Latency percentiles over time (events numbered as in the Events table)',
  },
  { id: 'chart-share', name: 'traffic-share', title: 'Traffic share per target over time (events numbered)' },
  {
    id: 'chart-jurisdictions',
    name: 'jurisdictions',
    title: 'Requests by caller jurisdiction, by who served them',
  },
  { id: 'chart-cost', name: 'cost-by-target', title: 'Cost by target: served vs wasted' },
  { id: 'chart-depth', name: 'fallback-depth', title: 'Fallback depth (log scale, counts on the bars)' },
  {
    id: 'chart-budgets',
    name: 'budget-spend',
    title: 'Spend per budget counter over time (cumulative USD charged; events numbered)',
  },
] as const;

let chartJsSource: string | undefined;

/** Chart.js's UMD build, read once from node_modules. */
function chartJs(): string {
  if (chartJsSource === undefined) {
    const entry = createRequire(import.meta.url).resolve('chart.js');
    chartJsSource = readFileSync(join(dirname(entry), 'chart.umd.min.js'), 'utf8').replace(
      /<\/script/gi,
      '<\\/script',
    );
  }
  return chartJsSource;
}

/** The stylesheet of Switchyard's HTML reports. */
export const htmlStyle = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:24px;color:#111827;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(620px,100%),1fr));gap:16px}
figure{margin:0;border:1px solid #e5e7eb;border-radius:6px;padding:12px;min-width:0}figcaption{font-weight:600;margin-bottom:8px}
.chart{position:relative;height:300px}
table{border-collapse:collapse;font-size:12px;margin-bottom:8px}th,td{border:1px solid #e5e7eb;padding:4px 8px;text-align:left}
th{background:#f9fafb;white-space:nowrap}td{overflow-wrap:break-word}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}.muted{color:#6b7280}
.wrap{overflow-x:auto}
.verdict{border-radius:6px;padding:12px 16px;margin:12px 0;font-size:16px;font-weight:600}
.verdict.pass{background:#dcfce7;color:#14532d;border:1px solid #16a34a}.verdict.fail{background:#fee2e2;color:#7f1d1d;border:1px solid #dc2626}
td.pass{color:#15803d;font-weight:600}td.fail{color:#b91c1c;font-weight:600}
`;

/** One table as an HTML `<section>` (its title as a heading unless `titled` is false), every cell escaped. */
export function htmlTable(table: ReportTable, titled = true): string {
  const head = table.head.map((cell) => `<th>${escapeHtml(cell)}</th>`).join('');
  const rows = table.rows
    .map(
      (row) =>
        `<tr>${row.map((cell, index) => `<td${table.numeric.includes(index) ? ' class="n"' : table.id === 'verdict' && index === 0 ? ` class="${cell === 'PASS' ? 'pass' : 'fail'}"` : ''}>${escapeHtml(cell)}</td>`).join('')}</tr>`,
    )
    .join('\n');
  const heading = titled ? `<h2>${escapeHtml(table.title)}</h2>` : '';
  return `<section id="table-${table.id}">${heading}<div class="wrap"><table><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table></div></section>`;
}

/**
 * Renders a report as ONE self-contained HTML file: the verdict first (when
 * the run has one), then Chart.js (its UMD build, inlined from node_modules)
 * draws latency percentiles and traffic share per target over time (offsets
 * from the run's start, the UTC time on hover, numbered event markers that
 * never overlap), requests by caller jurisdiction, cost by target (served vs
 * wasted, local open weights labelled), fallback depth and, when the records name
 * a budget counter, the cumulative spend of each; the tables
 * follow, the events among them with their numbers. It opens
 * offline: no network fetches (a Content-Security-Policy of `default-src
 * 'none'` forbids them), every record-derived string is HTML-escaped, and the
 * data travels as escaped JSON in `<script type="application/json"
 * id="switchyard-report-data">`.
 *
 * For browser tests: every chart is a `<canvas id="chart-…" data-chart="…">`
 * ({@link htmlCharts}); a canvas gets `data-rendered="true"` after its first
 * draw, and once every chart has drawn `window.__switchyardChartsRendered`
 * equals their count (`window.__switchyardChartsExpected`) and `<body>`
 * carries `data-charts-rendered`.
 *
 * @param options.report the report.
 * @param options.comparison a comparison with another run (tables only).
 * @param options.presentation what the run adds: verdict, sections, origin of the time axis, target labels.
 * @param options.title page title (default `Switchyard report`).
 * @returns the HTML document.
 * @example
 * ```ts
 * await writeFile('report.html', renderHtml({ report }));
 * ```
 */
export function renderHtml(options: {
  report: Report;
  comparison?: Comparison;
  presentation?: ReportPresentation;
  title?: string;
}): string {
  const { report, presentation } = options;
  const title = options.title ?? 'Switchyard report';
  const tables = [
    ...reportTables(report, presentation),
    ...(options.comparison ? comparisonTables(options.comparison, presentation) : []),
  ];
  const verdictTable = tables.find((table) => table.id === 'verdict');
  const verdict =
    presentation?.verdict === undefined
      ? ''
      : `<div class="verdict ${presentation.verdict.passed ? 'pass' : 'fail'}" id="verdict">${escapeHtml(verdictLine(presentation.verdict))}</div>\n${verdictTable ? htmlTable(verdictTable, false) : ''}`;
  const rest = tables.filter((table) => table.id !== 'verdict');
  const local = report.targets
    .concat(report.targetCosts.map((entry) => entry.target))
    .filter((target, index, all) => all.indexOf(target) === index && isLocalTarget(presentation, target));
  // Without a budget counter, the budget chart would be empty axes: it is left out.
  const charts = htmlCharts
    .filter((chart) => chart.id !== 'chart-budgets' || report.budgets.counters.length > 0)
    .map(
      (chart) =>
        `<figure><figcaption>${escapeHtml(chart.title)}</figcaption><div class="chart"><canvas id="${chart.id}" data-chart="${chart.name}" role="img" aria-label="${escapeHtml(chart.title)}"></canvas></div></figure>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${htmlStyle}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${verdict}
<p class="muted">${escapeHtml(reportHeadline(report, presentation))}. Percentiles within ${report.percentileError.groups * 100}% (tables) and ${report.percentileError.series * 100}% (charts).</p>
<section class="charts">
${charts}
</section>
${rest.map((table) => htmlTable(table)).join('\n')}
<script type="application/json" id="switchyard-report-data">${jsonForScript({
    report: { ...report, groups: [] },
    ...(presentation?.origin === undefined ? {} : { origin: presentation.origin }),
    local,
  })}</script>
<script>${chartJs()}</script>
<script>${chartScript}</script>
</body>
</html>
`;
}
