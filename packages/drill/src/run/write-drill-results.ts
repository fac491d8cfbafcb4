import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeReport } from '@switchyard/report';
import type { Scenario } from '../scenario/scenario-schema.js';
import type { DrillFiles, DrillResult } from './drill-result.js';
import { formatDrillSummary } from './format-drill-summary.js';

/** Bucket widths the report's time charts may use, ms. */
const niceBuckets = [
  1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000,
  3_600_000,
];

/**
 * A time bucket width giving about 30 points over the drill's simulated
 * duration, rounded up to a readable width (1 s to 1 h).
 */
export function reportBucketMs(simulatedMs: number): number {
  const wanted = simulatedMs / 30;
  return niceBuckets.find((width) => width >= wanted) ?? (niceBuckets.at(-1) as number);
}

/**
 * The result as `summary.json` holds it: without the records, and, for a
 * simulated drill, without the real duration (it depends on the machine; the
 * file must be the same bytes on every run of the same scenario and seed).
 */
export function summaryOf(
  result: DrillResult,
): Omit<DrillResult, 'records' | 'realMs'> & { realMs?: number } {
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
 * @param options.startMs epoch ms of the drill's offset 0 (events are relative to it).
 * @returns the result with `files` (and `reportError`) set.
 */
export async function writeDrillResults(options: {
  result: DrillResult;
  scenario: Scenario;
  out: string;
  recordsPath: string;
  baselineRecordsPath?: string;
  report?: boolean;
}): Promise<DrillResult> {
  const { out, recordsPath } = options;
  const { startMs } = options.result;
  await mkdir(out, { recursive: true });
  const events = options.result.events.map((event) => ({
    at: startMs + event.atMs,
    offsetMs: event.atMs,
    label: event.description,
    source: event.source,
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
      const written = await writeReport({
        records: recordsPath,
        outDir: out,
        events,
        by: ['target'],
        bucketMs: reportBucketMs(options.result.simulatedMs),
        title: `Drill: ${options.result.name}`,
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
  const result: DrillResult = { ...options.result, files, ...(reportError ? { reportError } : {}) };
  await writeFile(files.summaryJson, `${JSON.stringify(summaryOf(result), null, 2)}\n`);
  await writeFile(files.summaryText, `${formatDrillSummary(result)}\n`);
  return result;
}
