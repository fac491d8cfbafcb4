import type { Dimension } from '../aggregate/dimension.js';
import type { GroupFigures, Report } from '../aggregate/report.js';
import type { Comparison } from '../compare/compare-reports.js';
import { assertionCountWords } from './assertion-count-words.js';
import { budgetTable } from './budget-table.js';
import {
  formatCount,
  formatMs,
  formatOffset,
  formatPercent,
  formatPoints,
  formatSigned,
  formatTime,
  formatUsd,
} from './format.js';
import { type ReportPresentation, targetLabel } from './report-presentation.js';

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

/** An instant as the report shows it: an offset from the origin when there is one, else ISO 8601. */
export function formatInstant(at: number, presentation?: ReportPresentation): string {
  return presentation?.origin === undefined ? formatTime(at) : formatOffset(at - presentation.origin);
}

/** One line saying what the report covers. */
export function reportHeadline(report: Report, presentation?: ReportPresentation): string {
  const input = report.input;
  const origin = presentation?.origin;
  const span =
    input.records === 0
      ? 'no records'
      : origin === undefined
        ? `${formatTime(report.from)} to ${formatTime(report.to)}`
        : `${formatOffset(report.from - origin)} to ${formatOffset(report.to - origin)} from ${formatTime(origin)}`;
  const bad = input.badLines === 0 ? '' : `; ${formatCount(input.badLines)} bad line(s) skipped`;
  return `${formatCount(input.records)} decision records from ${report.sources.join(', ') || '(memory)'} (${span})${bad}`;
}

/** The verdict in one line: `PASSED: all 8 assertions hold`. */
export function verdictLine(verdict: NonNullable<ReportPresentation['verdict']>): string {
  const failed = verdict.checks.filter((check) => !check.passed).length;
  const besides = (verdict.failures ?? []).map((failure) => `, and ${failure}`).join('');
  return verdict.passed
    ? `PASSED: ${assertionCountWords(verdict.checks.length, 0)}`
    : `FAILED: ${assertionCountWords(verdict.checks.length, failed)}${besides}`;
}

/**
 * The report's tables, in reading order: the verdict, the run's own
 * sections, totals, callers by jurisdiction, groups, cost by target (local
 * open weights labelled) and by provider, fallback depth, traffic share,
 * events, bad lines.
 */
export function reportTables(report: Report, presentation?: ReportPresentation): ReportTable[] {
  const tables: ReportTable[] = [];
  const verdict = presentation?.verdict;
  if (verdict)
    tables.push({
      id: 'verdict',
      title: `Verdict: ${verdictLine(verdict)}`,
      head: ['Result', 'Assertion', 'Evidence'],
      rows: verdict.checks.map((check) => [check.passed ? 'PASS' : 'FAIL', check.name, check.summary]),
      numeric: [],
    });
  tables.push(...(presentation?.sections ?? []));
  for (const part of figureParts)
    tables.push({
      id: `total-${part.id}`,
      title: `${part.title}: total`,
      head: [...part.head],
      rows: [part.cells(report.total)],
      numeric: range(0, part.head.length),
    });
  tables.push({
    id: 'jurisdictions',
    title: 'Callers by jurisdiction',
    head: [
      'Jurisdiction',
      'Requests',
      'Served',
      'Failed',
      'Fell back',
      'Latency p50/p99',
      'Cost',
      'Served by',
    ],
    rows: report.jurisdictions.map((entry) => [
      entry.jurisdiction,
      formatCount(entry.requests),
      formatPercent(entry.requests === 0 ? 0 : entry.served / entry.requests),
      formatCount(entry.failed),
      formatCount(entry.fallbacks),
      entry.latencyMs.count === 0
        ? '-'
        : `${formatMs(entry.latencyMs.p50)} / ${formatMs(entry.latencyMs.p99)}`,
      formatUsd(entry.costUsd),
      Object.entries(entry.servedBy)
        .map(
          ([target, count]) => `${targetLabel(presentation, target)} ${formatPercent(count / entry.served)}`,
        )
        .join(', ') || '-',
    ]),
    numeric: [1, 2, 3, 4, 5, 6],
  });
  if (report.by.length > 0) {
    const keyHead = report.by.map((dimension) => dimensionTitles[dimension]);
    for (const part of figureParts)
      tables.push({
        id: `groups-${part.id}`,
        title: `${part.title} by ${report.by.join(', ')}`,
        head: [...keyHead, ...part.head],
        rows: report.groups.map((group) => [
          ...report.by.map((dimension) =>
            dimension === 'target'
              ? targetLabel(presentation, group.key.target ?? '')
              : (group.key[dimension] ?? ''),
          ),
          ...part.cells(group),
        ]),
        numeric: range(keyHead.length, part.head.length),
      });
  }
  tables.push({
    id: 'targets',
    title: 'Cost by target',
    head: ['Target', 'Provider', 'Attempts', 'Wasted attempts', 'Cost served', 'Cost wasted', 'Total'],
    rows: report.targetCosts.map((target) => [
      targetLabel(presentation, target.target),
      target.provider,
      formatCount(target.attempts),
      formatCount(target.attemptsWasted),
      formatUsd(target.costServedUsd),
      formatUsd(target.costWastedUsd),
      formatUsd(target.costServedUsd + target.costWastedUsd),
    ]),
    numeric: [2, 3, 4, 5, 6],
  });
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
  const budgets = budgetTable(report);
  if (budgets) tables.push(budgets);
  const depth = report.total.fallbackDepth.histogram;
  // A request that failed counts the targets that failed for it: none when none could be tried.
  const failed = report.total.failed > 0;
  tables.push({
    id: 'fallback-depth',
    title: failed
      ? 'Fallback depth: targets that failed before the one that served (for a request that failed: the targets that failed)'
      : 'Fallback depth: targets that failed before the one that served',
    head: ['Depth', 'Requests', 'Share'],
    rows: depth.map((count, index) => [
      index === 0
        ? failed
          ? '0 (the first target served, or none was tried)'
          : '0 (the first target served)'
        : String(index),
      formatCount(count),
      formatPercent(report.total.requests === 0 ? 0 : count / report.total.requests),
    ]),
    numeric: [1, 2],
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
      targetLabel(presentation, target),
      formatCount(shares.get(target) ?? 0),
      formatPercent(served === 0 ? 0 : (shares.get(target) ?? 0) / served),
    ]),
    numeric: [1, 2],
  });
  if (report.events.length > 0) {
    const origin = presentation?.origin;
    tables.push({
      id: 'events',
      title: origin === undefined ? 'Events' : `Events (offsets from ${formatTime(origin)})`,
      head: ['#', origin === undefined ? 'Time' : 'Offset', 'Event', 'Source'],
      rows: report.events.map((event, index) => [
        String(index + 1),
        formatInstant(event.at, presentation),
        event.label,
        event.source ?? '-',
      ]),
      numeric: [0],
    });
  }
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
export function comparisonTables(comparison: Comparison, presentation?: ReportPresentation): ReportTable[] {
  const head = ['Requests', 'Cost', 'Cost wasted', 'Cost/request', 'p50', 'p90', 'p99', 'Fallback', 'Share'];
  const cells = (row: Comparison['total']) => {
    // No delta over a run without requests: say which side has none instead of comparing with 0.
    const none =
      row.before === null || row.before.requests === 0
        ? 'new'
        : row.after === null || row.after.requests === 0
          ? 'gone'
          : '-';
    const or = (value: number | null, format: (value: number) => string) =>
      value === null ? none : format(value);
    return [
      formatSigned(row.delta.requests, formatCount),
      formatSigned(row.delta.costUsd, formatUsd),
      formatSigned(row.delta.costWastedUsd, formatUsd),
      or(row.delta.costPerRequestUsd, (value) => formatSigned(value, formatUsd)),
      or(row.delta.latencyP50Ms, (value) => formatSigned(value, formatMs)),
      or(row.delta.latencyP90Ms, (value) => formatSigned(value, formatMs)),
      or(row.delta.latencyP99Ms, (value) => formatSigned(value, formatMs)),
      or(row.delta.fallbackRate, formatPoints),
      formatPoints(row.delta.share),
    ];
  };
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
        ...comparison.by.map((dimension) =>
          dimension === 'target'
            ? targetLabel(presentation, row.key.target ?? '')
            : (row.key[dimension] ?? ''),
        ),
        ...cells(row),
      ]),
      numeric: range(keyHead.length, head.length),
    });
  tables.push({
    id: 'compare-share',
    title: 'Traffic share per target (before → after)',
    head: ['Target', 'Before', 'After', 'Delta'],
    rows: comparison.targets.map((share) => [
      targetLabel(presentation, share.target),
      formatPercent(share.before),
      formatPercent(share.after),
      formatPoints(share.delta),
    ]),
    numeric: [1, 2, 3],
  });
  return tables;
}
