import { formatUsd, type ReportTable } from '@switchyard/report';
import type { FigureBasis } from './figure.js';
import type { WhatIfGroup, WhatIfSummaryData } from './what-if-summary.js';

const groupHead = [
  'records',
  'as it was',
  'served elsewhere',
  'denied',
  'failed',
  'cost was (observed)',
  'cost now: observed',
  'cost now: estimated',
  'cost unknowable',
];

function groupRow(name: string, group: WhatIfGroup): string[] {
  return [
    name,
    String(group.records),
    String(group.asWas),
    String(group.elsewhere),
    String(group.denied),
    String(group.failed),
    formatUsd(group.costWasUsd),
    formatUsd(group.costObservedUsd),
    formatUsd(group.costEstimatedUsd),
    String(group.costUnknowable),
  ];
}

function groupTable(
  id: string,
  title: string,
  column: string,
  groups: Record<string, WhatIfGroup>,
): ReportTable {
  return {
    id,
    title,
    head: [column, ...groupHead],
    rows: Object.entries(groups)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, group]) => groupRow(key, group)),
    numeric: [1, 2, 3, 4, 5, 6, 7, 8, 9],
  };
}

const label = (basis: FigureBasis) =>
  basis === 'observed' ? 'observed' : basis === 'estimated' ? 'estimated' : 'unknowable';

/**
 * The what-if as tables (terminal, Markdown and HTML renderers of
 * `@switchyard/report` render them): outcomes, by route, by caller
 * jurisdiction, by tenant, where traffic moves, which rules made the
 * difference, and the first changed records with every figure labelled
 * observed, estimated or unknowable.
 */
export function whatIfTables(summary: WhatIfSummaryData): ReportTable[] {
  const total = summary.total;
  const share = (count: number) =>
    total.records === 0 ? '0%' : `${((count / total.records) * 100).toFixed(1)}%`;
  const tables: ReportTable[] = [
    {
      id: 'what-if-outcomes',
      title: 'Outcomes under the other config',
      head: ['outcome', 'records', 'share'],
      rows: [
        ['served as it was', String(total.asWas), share(total.asWas)],
        ['served elsewhere', String(total.elsewhere), share(total.elsewhere)],
        ['denied (the policy allows no candidate)', String(total.denied), share(total.denied)],
        ['failed (no allowed candidate could serve)', String(total.failed), share(total.failed)],
        ['total', String(total.records), '100%'],
      ],
      numeric: [1, 2],
    },
    groupTable('what-if-routes', 'By route', 'route', summary.byRoute),
    groupTable('what-if-jurisdictions', 'By caller jurisdiction', 'jurisdiction', summary.byJurisdiction),
    groupTable('what-if-tenants', 'By tenant', 'tenant', summary.byTenant),
    {
      id: 'what-if-moves',
      title: 'Where the traffic moves (served by, then -> now)',
      head: ['move', 'records'],
      rows: Object.entries(summary.moves)
        .sort(([, a], [, b]) => b - a)
        .map(([move, count]) => [move, String(count)]),
      numeric: [1],
    },
    {
      id: 'what-if-rules',
      title: 'Rules that made the difference',
      head: ['rule', 'records'],
      rows: Object.entries(summary.rules)
        .sort(([, a], [, b]) => b - a)
        .map(([rule, count]) => [rule, String(count)]),
      numeric: [1],
    },
    {
      id: 'what-if-examples',
      title: `The first ${summary.examples.length} records that change`,
      head: [
        'request',
        'time',
        'jurisdiction',
        'was',
        'now',
        'cost was',
        'cost now',
        'latency now',
        'quality',
        'rules',
        'why',
      ],
      rows: summary.examples.map((outcome) => [
        outcome.requestId,
        outcome.time,
        outcome.context.jurisdiction ?? '(none)',
        outcome.was.servedBy ?? '(failed)',
        `${outcome.servedBy.value ?? `(${outcome.kind})`} [${label(outcome.servedBy.basis)}]`,
        formatUsd(outcome.was.costUsd),
        outcome.costUsd.value === null
          ? '[unknowable]'
          : `${formatUsd(outcome.costUsd.value)} [${label(outcome.costUsd.basis)}]`,
        outcome.latencyMs.value === null
          ? `[${label(outcome.latencyMs.basis)}]`
          : `${outcome.latencyMs.value} ms [${label(outcome.latencyMs.basis)}]`,
        outcome.quality.value === null
          ? `[${label(outcome.quality.basis)}]`
          : `${outcome.quality.value} [${label(outcome.quality.basis)}]`,
        outcome.rules.join(', '),
        outcome.reason,
      ]),
      numeric: [],
    },
  ];
  return tables;
}

const healthLabel: Record<WhatIfSummaryData['health'], string> = {
  'as-recorded': 'as recorded',
  'all-healthy': 'all healthy',
  'local-only': "as this process alone knew it (without the fleet's health)",
};

/** The lines that say what the what-if is and how its figures are known. */
export function whatIfLead(summary: WhatIfSummaryData): string[] {
  return [
    `${summary.total.records} decision records replayed under ${summary.config}, ${summary.at === null ? 'each at its own instant' : `at ${summary.at}`}, health ${healthLabel[summary.health]}.`,
    'observed: it happened (the record holds it). estimated: computed from what was observed (recorded tokens at another price, a target never called assumed to answer). unknowable: nothing recorded can tell (the latency or quality of a model never called is not invented).',
    `Cost was ${formatUsd(summary.total.costWasUsd)} (observed); under the other config ${formatUsd(summary.total.costObservedUsd)} observed + ${formatUsd(summary.total.costEstimatedUsd)} estimated${summary.total.costUnknowable > 0 ? `, and ${summary.total.costUnknowable} records unknowable` : ''}.`,
    ...(summary.health === 'local-only'
      ? [
          `Without the fleet's health, ${summary.total.wastedAttempts} attempts would have gone to targets another process had already set aside (cut off, rate limited, circuit open): estimated to fail.`,
        ]
      : []),
    ...(summary.badLines > 0
      ? [
          `${summary.badLines} ${summary.badLines === 1 ? 'line was not a decision record and was' : 'lines were not decision records and were'} skipped:`,
          ...summary.badLineSamples.map((bad) => `  ${bad.file}:${bad.line}: ${bad.message}`),
          ...(summary.badLines > summary.badLineSamples.length
            ? [`  ... and ${summary.badLines - summary.badLineSamples.length} more`]
            : []),
        ]
      : []),
  ];
}
