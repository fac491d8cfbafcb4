import type { Dimension } from '../aggregate/dimension.js';
import type { GroupFigures, Report } from '../aggregate/report.js';
import type { Comparison } from '../compare/compare-reports.js';
import {
  formatCount,
  formatMs,
  formatPercent,
  formatPoints,
  formatSigned,
  formatTime,
  formatUsd,
} from './format.js';

/** A titled table of plain strings, rendered by the terminal, Markdown and HTML renderers. */
export interface ReportTable {
  readonly id: string;
  readonly title: string;
  readonly head: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Columns holding numbers (right-aligned). */
  readonly numeric: readonly number[];
}

const dimensionTitles: Record<Dimension, string> = {
  provider: 'Provider',
  target: 'Target',
  route: 'Route',
  jurisdiction: 'Jurisdiction',
  dataClass: 'Data class',
  tenant: 'Tenant',
  time: 'Time',
};

/** The two halves of a group's figures, so that each table fits a terminal. */
const figureParts = [
  {
    id: 'traffic',
    title: 'Traffic',
    head: [
      'Requests',
      'Served',
      'Failed',
      'Fallback',
      'Depth avg/max',
      'Cut-offs',
      'Attempts (wasted)',
      'Share',
    ],
    cells: (figures: GroupFigures) => [
      formatCount(figures.requests),
      formatCount(figures.served),
      formatCount(figures.failed),
      formatPercent(figures.fallbackRate),
      `${figures.fallbackDepth.mean.toFixed(2)}/${figures.fallbackDepth.max}`,
      formatCount(figures.cutoffs),
      `${formatCount(figures.attempts)} (${formatCount(figures.attemptsWasted)})`,
      formatPercent(figures.share),
    ],
  },
  {
    id: 'cost',
    title: 'Cost and latency',
    head: [
      'Tokens in/out',
      'Cached/reasoning',
      'Cost served',
      'Cost wasted',
      'Latency p50/p90/p99',
      'TTFT p50/p99',
    ],
    cells: (figures: GroupFigures) => [
      `${formatCount(figures.tokens.input)}/${formatCount(figures.tokens.output)}`,
      `${formatCount(figures.tokens.cached)}/${formatCount(figures.tokens.reasoning)}`,
      formatUsd(figures.costServedUsd),
      formatUsd(figures.costWastedUsd),
      figures.latencyMs.count === 0
        ? '-'
        : `${formatMs(figures.latencyMs.p50)} / ${formatMs(figures.latencyMs.p90)} / ${formatMs(figures.latencyMs.p99)}`,
      figures.ttftMs.count === 0 ? '-' : `${formatMs(figures.ttftMs.p50)} / ${formatMs(figures.ttftMs.p99)}`,
    ],
  },
] as const;

function range(from: number, count: number): number[] {
  return Array.from({ length: count }, (_, index) => from + index);
}

/** One line saying what the report covers. */
export function reportHeadline(report: Report): string {
  const input = report.input;
  const span = input.records === 0 ? 'no records' : `${formatTime(report.from)} to ${formatTime(report.to)}`;
  const bad = input.badLines === 0 ? '' : `; ${formatCount(input.badLines)} bad line(s) skipped`;
  return `${formatCount(input.records)} decision records from ${report.sources.join(', ') || '(memory)'} (${span})${bad}`;
}

/** The report's tables: totals, groups, cost by provider, fallback depth, traffic share, events, bad lines. */
export function reportTables(report: Report): ReportTable[] {
  const tables: ReportTable[] = [];
  for (const part of figureParts)
    tables.push({
      id: `total-${part.id}`,
      title: `${part.title}: total`,
      head: [...part.head],
      rows: [part.cells(report.total)],
      numeric: range(0, part.head.length),
    });
  if (report.by.length > 0) {
    const keyHead = report.by.map((dimension) => dimensionTitles[dimension]);
    for (const part of figureParts)
      tables.push({
        id: `groups-${part.id}`,
        title: `${part.title} by ${report.by.join(', ')}`,
        head: [...keyHead, ...part.head],
        rows: report.groups.map((group) => [
          ...report.by.map((dimension) => group.key[dimension] ?? ''),
          ...part.cells(group),
        ]),
        numeric: range(keyHead.length, part.head.length),
      });
  }
  tables.push({
    id: 'providers',
    title: 'Cost by provider',
    head: ['Provider', 'Attempts', 'Wasted attempts', 'Cost served', 'Cost wasted', 'Total'],
    rows: report.providers.map((provider) => [
      provider.provider,
      formatCount(provider.attempts),
      formatCount(provider.attemptsWasted),
      formatUsd(provider.costServedUsd),
      formatUsd(provider.costWastedUsd),
      formatUsd(provider.costServedUsd + provider.costWastedUsd),
    ]),
    numeric: [1, 2, 3, 4, 5],
  });
  const depth = report.total.fallbackDepth.histogram;
  tables.push({
    id: 'fallback-depth',
    title: 'Fallback depth',
    head: ['Depth', 'Requests', 'Share'],
    rows: depth.map((count, index) => [
      String(index),
      formatCount(count),
      formatPercent(report.total.requests === 0 ? 0 : count / report.total.requests),
    ]),
    numeric: [0, 1, 2],
  });
  const served = report.total.served;
  const shares = new Map<string, number>();
  for (const bucket of report.series.buckets)
    for (const [target, count] of Object.entries(bucket.servedBy))
      shares.set(target, (shares.get(target) ?? 0) + count);
  tables.push({
    id: 'share',
    title: 'Traffic share per target',
    head: ['Target', 'Served', 'Share'],
    rows: report.targets.map((target) => [
      target,
      formatCount(shares.get(target) ?? 0),
      formatPercent(served === 0 ? 0 : (shares.get(target) ?? 0) / served),
    ]),
    numeric: [1, 2],
  });
  if (report.events.length > 0)
    tables.push({
      id: 'events',
      title: 'Events',
      head: ['Time', 'Event'],
      rows: report.events.map((event) => [formatTime(event.at), event.label]),
      numeric: [],
    });
  if (report.input.badLines > 0)
    tables.push({
      id: 'bad-lines',
      title: `Bad lines (${formatCount(report.input.badLines)}, first ${report.input.badLineSamples.length} shown)`,
      head: ['Where', 'What was wrong'],
      rows: report.input.badLineSamples.map((badLine) => [
        `${badLine.source}:${badLine.line}`,
        badLine.message,
      ]),
      numeric: [],
    });
  return tables;
}

/** The comparison's tables: total and per-group deltas, and share per target. */
export function comparisonTables(comparison: Comparison): ReportTable[] {
  const head = ['Requests', 'Cost', 'Cost wasted', 'Cost/request', 'p50', 'p90', 'p99', 'Fallback', 'Share'];
  const cells = (row: Comparison['total']) => [
    formatSigned(row.delta.requests, formatCount),
    formatSigned(row.delta.costUsd, formatUsd),
    formatSigned(row.delta.costWastedUsd, formatUsd),
    formatSigned(row.delta.costPerRequestUsd, formatUsd),
    formatSigned(row.delta.latencyP50Ms, formatMs),
    formatSigned(row.delta.latencyP90Ms, formatMs),
    formatSigned(row.delta.latencyP99Ms, formatMs),
    formatPoints(row.delta.fallbackRate),
    formatPoints(row.delta.share),
  ];
  const keyHead = comparison.by.map((dimension) => dimensionTitles[dimension]);
  const tables: ReportTable[] = [
    {
      id: 'compare-total',
      title: `Compared with ${comparison.before.sources.join(', ')} (after − before)`,
      head,
      rows: [cells(comparison.total)],
      numeric: range(0, head.length),
    },
  ];
  if (comparison.by.length > 0)
    tables.push({
      id: 'compare-groups',
      title: `Deltas by ${comparison.by.join(', ')}`,
      head: [...keyHead, ...head],
      rows: comparison.groups.map((row) => [
        ...comparison.by.map((dimension) => row.key[dimension] ?? ''),
        ...cells(row),
      ]),
      numeric: range(keyHead.length, head.length),
    });
  tables.push({
    id: 'compare-share',
    title: 'Traffic share per target (before → after)',
    head: ['Target', 'Before', 'After', 'Delta'],
    rows: comparison.targets.map((share) => [
      share.target,
      formatPercent(share.before),
      formatPercent(share.after),
      formatPoints(share.delta),
    ]),
    numeric: [1, 2, 3],
  });
  return tables;
}
