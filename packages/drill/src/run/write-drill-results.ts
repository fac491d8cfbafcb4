import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { compareText } from '@switchyard/core';
import { makeOutputFolder } from '@switchyard/core/node';
import {
  formatOffset,
  formatPoints,
  formatSigned,
  formatUsd,
  ReportAggregator,
  type ReportPresentation,
  type ReportTable,
  writeReport,
} from '@switchyard/report';
import type { Scenario } from '../scenario/scenario-schema.js';
import type { BaselineDelta } from './compare-baseline.js';
import type { DrillFiles, DrillResult } from './drill-result.js';
import { formatDrillSummary } from './format-drill-summary.js';
import { unendedWarning } from './unended-warning.js';
import { unmetFaultText } from './unmet-fault-text.js';

/** Bucket widths the report's time charts may use, ms. */
const niceBuckets = [
  1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000,
  3_600_000,
];

/** What a drill's report groups its figures by. */
export const drillReportBy = ['target'] as const;

/**
 * The aggregator a drill's records file feeds as it writes each record: the
 * report (see {@link writeDrillResults}) is then built without reading the
 * records back. Its time series is built at the end, once the drill's
 * duration gives its bucket width.
 */
export function drillReportAggregator(): ReportAggregator {
  return new ReportAggregator({ by: drillReportBy, seriesAtFinish: true });
}

/**
 * A time bucket width giving about 30 points over the drill's simulated
 * duration, rounded up to a readable width (1 s to 1 h).
 */
export function reportBucketMs(simulatedMs: number): number {
  const wanted = simulatedMs / 30;
  return niceBuckets.find((width) => width >= wanted) ?? (niceBuckets.at(-1) as number);
}

const pct = (part: number, whole: number) => (whole === 0 ? '-' : `${((part / whole) * 100).toFixed(1)}%`);
const points = formatPoints;

/** What the drill adds to its report: the verdict first, phases, the cost of the events, offsets from its start. */
export function drillPresentation(result: DrillResult, scenario: Scenario): ReportPresentation {
  const sections: ReportTable[] = [
    {
      id: 'phases',
      title: 'Traffic per phase (bounded by each event’s start and end)',
      head: ['From', 'To', 'Phase', 'Requests', 'Served', 'Fell back', 'Served by'],
      rows: result.phases.map((phase) => [
        formatOffset(phase.fromMs),
        formatOffset(phase.toMs),
        phase.label,
        String(phase.requests),
        pct(phase.served, phase.requests),
        String(phase.fellBack),
        Object.entries(phase.servedBy)
          .sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]))
          .map(([id, count]) => `${id} ${pct(count, phase.served)}`)
          .join(', ') || '-',
      ]),
      numeric: [3, 4, 5],
    },
  ];
  if (result.unended)
    sections.push({
      id: 'warnings',
      title: 'Warnings',
      head: ['Warning'],
      rows: result.unended.map((event) => [unendedWarning(event, result)]),
      numeric: [],
    });
  const baseline = result.baseline;
  if (baseline) {
    const usd = (value: number) => formatUsd(value);
    const signedUsd = (value: number) => formatSigned(value, formatUsd);
    // A run that served nothing timed nothing (and has no share of served requests): `-`, not 0.
    const servedBefore = baseline.served.baseline > 0;
    const servedAfter = baseline.served.drill > 0;
    const ms = (value: number) => `${Math.round(value)} ms`;
    const latency = (figure: BaselineDelta) => [
      servedBefore ? ms(figure.baseline) : '-',
      servedAfter ? ms(figure.drill) : '-',
      servedBefore && servedAfter ? formatSigned(figure.delta, ms) : '-',
    ];
    sections.push({
      id: 'baseline',
      title: 'Cost of the events: this drill against the same workload and seed without the timeline',
      head: ['Figure', 'Without the events', 'With them', 'Delta'],
      rows: [
        // Runs that sent different numbers of requests compare unequal totals: say so first.
        ...(baseline.requests.delta === 0
          ? []
          : [
              [
                'Requests sent (the runs differ)',
                String(baseline.requests.baseline),
                String(baseline.requests.drill),
                formatSigned(baseline.requests.delta, String),
              ],
            ]),
        [
          'Cost',
          usd(baseline.costUsd.baseline),
          usd(baseline.costUsd.drill),
          signedUsd(baseline.costUsd.delta),
        ],
        [
          'Wasted',
          usd(baseline.wastedCostUsd.baseline),
          usd(baseline.wastedCostUsd.drill),
          signedUsd(baseline.wastedCostUsd.delta),
        ],
        ['Latency p50', ...latency(baseline.latencyP50Ms)],
        ['Latency p99', ...latency(baseline.latencyP99Ms)],
        [
          'Served',
          pct(baseline.servedShare.baseline, 1),
          pct(baseline.servedShare.drill, 1),
          points(baseline.servedShare.delta),
        ],
        [
          'Served by local open weights',
          String(baseline.toLocalOpenWeights.baseline),
          String(baseline.toLocalOpenWeights.drill),
          formatSigned(baseline.toLocalOpenWeights.delta, String),
        ],
        ...Object.entries(baseline.jurisdictions).map(([code, delta]) => [
          `Served, ${code} callers`,
          pct(delta.baseline, 1),
          pct(delta.drill, 1),
          points(delta.delta),
        ]),
        ...Object.entries(baseline.targets).map(([id, delta]) => [
          `${result.targets[id]?.localOpenWeights ? `${id} (local open weights)` : id}: share of the served requests`,
          servedBefore ? pct(delta.baseline, 1) : '-',
          servedAfter ? pct(delta.drill, 1) : '-',
          servedBefore && servedAfter ? points(delta.delta) : '-',
        ]),
      ],
      numeric: [1, 2, 3],
    });
  }
  return {
    origin: result.startMs,
    targets: scenario.config.targets.map((target) => ({
      id: target.id,
      hostedIn: target.hostedIn,
      weights: target.weights,
    })),
    verdict: {
      passed: result.passed,
      failures: [
        ...(result.stopped ? [`the run was stopped (${result.stopped})`] : []),
        ...(result.unplayed ?? []).map(
          (event) => `timeline[${event.index}] ${event.label} at ${formatOffset(event.atMs)} never played`,
        ),
        ...(result.unmet ?? []).map((fault) => unmetFaultText(fault)),
        ...(result.recordsError ? ['the records were not all written'] : []),
      ],
      checks: result.verdicts.map((verdict) => ({
        name: verdict.name,
        passed: verdict.passed,
        summary: verdict.summary,
      })),
    },
    sections,
  };
}

/**
 * The result as `summary.json` holds it: without the records, and, for a
 * simulated drill, without the real duration (it depends on the machine; the
 * file must be the same bytes on every run of the same scenario and seed).
 */
export function summaryOf<Result extends DrillResult>(
  result: Result,
): Omit<Result, 'records' | 'realMs'> & { realMs?: number } {
  const { records: _records, realMs, ...summary } = result;
  return result.mode === 'simulated' ? summary : { ...summary, realMs };
}

/**
 * Writes what a drill gathered into `out`, next to its records:
 * `events.json` (timeline actions and detected cut-offs, epoch ms), the
 * report (`report.html`, self-contained with charts and the events marked;
 * `report.md`; `report.json`) unless `report` is false, then `summary.json`
 * (the result without the records) and `summary.txt` (the human summary).
 *
 * A report that cannot be written does not lose the rest: the summaries are
 * still written and the result carries `reportError`.
 *
 * A fleet drill writes its combined result the same way, with what it adds: its
 * report's presentation and title, and its own human summary.
 *
 * @param options.presentation what the report adds (default `drillPresentation`).
 * @param options.title the report's title (default `Drill: <name>`).
 * @param options.recordsAggregator what the records file fed (see {@link drillReportAggregator}); absent: the records are read back.
 * @param options.baselineAggregator the same for the baseline's records.
 * @param options.summaryText the human summary of the result with its files (default `formatDrillSummary`).
 * @returns the result with `files` (and `reportError`) set.
 */
export async function writeDrillResults<Result extends DrillResult>(options: {
  result: Result;
  scenario: Scenario;
  out: string;
  recordsPath: string;
  baselineRecordsPath?: string;
  /** Fed every record of `recordsPath` as it was written: the report is built from it, not read back. */
  recordsAggregator?: ReportAggregator;
  /** The same for `baselineRecordsPath`. */
  baselineAggregator?: ReportAggregator;
  report?: boolean;
  presentation?: ReportPresentation;
  title?: string;
  summaryText?: (result: Result) => string;
}): Promise<Result> {
  const { out, recordsPath } = options;
  const { startMs } = options.result;
  await makeOutputFolder({ folder: out });
  const events = options.result.events.map((event) => ({
    at: startMs + event.atMs,
    offsetMs: event.atMs,
    label: event.description,
    source: event.source,
    ...(event.playedAtMs === undefined
      ? {}
      : { playedAt: startMs + event.playedAtMs, playedOffsetMs: event.playedAtMs }),
  }));
  const eventsPath = join(out, 'events.json');
  await writeFile(eventsPath, `${JSON.stringify(events, null, 2)}\n`);
  let files: DrillFiles = {
    records: recordsPath,
    summaryJson: join(out, 'summary.json'),
    summaryText: join(out, 'summary.txt'),
    events: eventsPath,
    ...(options.baselineRecordsPath ? { baselineRecords: options.baselineRecordsPath } : {}),
  };
  let reportError: string | undefined;
  if (options.report !== false) {
    try {
      const bucketMs = reportBucketMs(options.result.simulatedMs);
      const built = (aggregator: ReportAggregator | undefined, path: string) =>
        aggregator?.finish({ sources: [path], bucketMs });
      const report = built(options.recordsAggregator, recordsPath);
      const compareReport =
        options.baselineRecordsPath === undefined
          ? undefined
          : built(options.baselineAggregator, options.baselineRecordsPath);
      const written = await writeReport({
        records: recordsPath,
        ...(report ? { report } : {}),
        outDir: out,
        events,
        by: drillReportBy,
        bucketMs,
        title: options.title ?? `Drill: ${options.result.name}`,
        presentation: options.presentation ?? drillPresentation(options.result, options.scenario),
        // One thread: the drill's own heap is still alive; reader threads would add theirs to the peak.
        workers: 1,
        ...(options.baselineRecordsPath ? { compare: options.baselineRecordsPath } : {}),
        ...(compareReport ? { compareReport } : {}),
      });
      files = {
        ...files,
        ...(written.files.html ? { reportHtml: written.files.html } : {}),
        ...(written.files.md ? { reportMarkdown: written.files.md } : {}),
        ...(written.files.json ? { reportJson: written.files.json } : {}),
      };
    } catch (error) {
      reportError = error instanceof Error ? error.message : String(error);
    }
  }
  const result: Result = { ...options.result, files, ...(reportError ? { reportError } : {}) };
  await writeFile(files.summaryJson, `${JSON.stringify(summaryOf(result), null, 2)}\n`);
  const summaryText = options.summaryText ?? formatDrillSummary;
  await writeFile(files.summaryText, `${summaryText(result)}\n`);
  return result;
}
