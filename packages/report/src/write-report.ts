import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { makeOutputFolder } from '@switchyard/core/node';
import { buildReport } from './aggregate/build-report.js';
import type { Dimension } from './aggregate/dimension.js';
import type { Report } from './aggregate/report.js';
import type { ReportAggregator } from './aggregate/report-aggregator.js';
import { type Comparison, compareReports } from './compare/compare-reports.js';
import type { BadLine } from './read/bad-line.js';
import { parseEvents, type ReportEventInput } from './read/read-events.js';
import type { RecordSource, RecordValidation } from './read/read-records.js';
import { renderHtml } from './render/render-html.js';
import { renderJson } from './render/render-json.js';
import { renderMarkdown } from './render/render-markdown.js';
import type { ReportPresentation } from './render/report-presentation.js';

/** Options of {@link writeReport}. */
export interface WriteReportOptions {
  /** Records files (JSONL) or named streams; not read when `report` is given. */
  readonly records: RecordSource | readonly RecordSource[];
  /**
   * The report of `records`, already built (a {@link ReportAggregator} fed each record as it was
   * written, as a drill does): the records are not read back. `events`, when given, replace its events.
   */
  readonly report?: Report;
  /** Writes `report.html`, `report.md` and `report.json` into this folder (created). */
  readonly outDir?: string;
  /** Or exactly these files (each optional); they override `outDir`'s names. */
  readonly files?: { readonly html?: string; readonly md?: string; readonly json?: string };
  /** Events to mark on the time charts: `at` epoch ms or ISO 8601, and a label. */
  readonly events?: readonly ReportEventInput[];
  /** Grouping dimensions (default `['provider']`). */
  readonly by?: readonly Dimension[];
  /** Width of time buckets, ms (default 60,000). */
  readonly bucketMs?: number;
  /** Records of another run to compare with (the baseline: "before"). */
  readonly compare?: RecordSource | readonly RecordSource[];
  /** The report of `compare`, already built (as `report` is): `compare` is not read. */
  readonly compareReport?: Report;
  /** Title of the HTML and Markdown reports. */
  readonly title?: string;
  /** What the run adds: its verdict (shown first), sections, the origin of its time axis, target labels. */
  readonly presentation?: ReportPresentation;
  /** `fast` (default) or `full` record validation. */
  readonly validation?: RecordValidation;
  /** Called for bad lines (see `buildReport`). */
  readonly onBadLine?: (badLine: BadLine) => void;
  /** Threads for large records files (default: automatic, see `buildReport`). */
  readonly workers?: number;
}

/** What {@link writeReport} built and wrote. */
export interface WrittenReport {
  readonly report: Report;
  readonly comparison?: Comparison;
  /** Paths written, by format. */
  readonly files: { readonly html?: string; readonly md?: string; readonly json?: string };
}

const asList = (sources: RecordSource | readonly RecordSource[]): readonly RecordSource[] =>
  typeof sources === 'string' || !Array.isArray(sources) ? [sources as RecordSource] : sources;

async function write(path: string, text: string): Promise<void> {
  await makeOutputFolder({ folder: dirname(path) });
  await writeFile(path, text);
}

/**
 * Reads records files, aggregates them and writes the HTML, Markdown and
 * JSON reports: what `switchyard drill` calls to write its report next to
 * its records.
 *
 * @param options.records records file(s).
 * @param options.report the records' report, already built (the records are then not read).
 * @param options.outDir folder for `report.html`, `report.md`, `report.json`.
 * @param options.files explicit paths per format (only these are written when `outDir` is absent).
 * @param options.events events to mark (e.g. a drill's timeline).
 * @param options.by grouping dimensions (default `['provider']`).
 * @param options.compare a baseline run's records to compare with.
 * @returns the report, the comparison and the paths written.
 * @throws {ReportInputError} when a records or events input cannot be used.
 * @example
 * ```ts
 * const { files } = await writeReport({ records: 'out/records.jsonl', outDir: 'out', events: [{ at: '2026-06-25T00:00:10Z', label: 'ban' }] });
 * console.log(files.html);
 * ```
 */
export async function writeReport(options: WriteReportOptions): Promise<WrittenReport> {
  const events = options.events ? parseEvents({ events: options.events }) : [];
  const common = {
    by: options.by ?? (['provider'] as const),
    ...(options.bucketMs !== undefined ? { bucketMs: options.bucketMs } : {}),
    ...(options.validation ? { validation: options.validation } : {}),
    ...(options.onBadLine ? { onBadLine: options.onBadLine } : {}),
    ...(options.workers !== undefined ? { workers: options.workers } : {}),
  };
  const report =
    options.report === undefined
      ? await buildReport({ sources: asList(options.records), events, ...common })
      : options.events
        ? { ...options.report, events }
        : options.report;
  const comparison = options.compare
    ? compareReports({
        before: options.compareReport ?? (await buildReport({ sources: asList(options.compare), ...common })),
        after: report,
      })
    : undefined;
  const out = options.outDir;
  const paths = {
    html: options.files?.html ?? (out === undefined ? undefined : join(out, 'report.html')),
    md: options.files?.md ?? (out === undefined ? undefined : join(out, 'report.md')),
    json: options.files?.json ?? (out === undefined ? undefined : join(out, 'report.json')),
  };
  const rendered = {
    report,
    ...(comparison ? { comparison } : {}),
    ...(options.presentation ? { presentation: options.presentation } : {}),
  };
  const title = options.title === undefined ? {} : { title: options.title };
  if (paths.html) await write(paths.html, renderHtml({ ...rendered, ...title }));
  if (paths.md) await write(paths.md, renderMarkdown({ ...rendered, ...title }));
  if (paths.json) await write(paths.json, renderJson(rendered));
  const files: { html?: string; md?: string; json?: string } = {};
  if (paths.html) files.html = paths.html;
  if (paths.md) files.md = paths.md;
  if (paths.json) files.json = paths.json;
  return { ...rendered, files };
}
