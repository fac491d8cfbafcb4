import type { BadLine } from '../read/bad-line.js';
import type { ReportEvent } from '../read/read-events.js';
import { type RecordSource, type RecordValidation, readRecords } from '../read/read-records.js';
import { aggregateRecords } from './aggregate-records.js';
import type { Dimension } from './dimension.js';
import type { Report } from './report.js';

/** Options of {@link buildReport}. */
export interface BuildReportOptions {
  /** Records files (JSONL) or named streams. */
  readonly sources: readonly RecordSource[];
  /** Grouping dimensions (default: none). */
  readonly by?: readonly Dimension[];
  /** Width of time buckets, ms (default 60,000). */
  readonly bucketMs?: number;
  /** Events to mark on the time charts. */
  readonly events?: readonly ReportEvent[];
  /** `fast` (default) or `full` record validation. */
  readonly validation?: RecordValidation;
  /** Called for every bad line. */
  readonly onBadLine?: (badLine: BadLine) => void;
}

/**
 * Reads records files (streaming) and aggregates them into a report: the
 * one-call form of `readRecords` + `aggregateRecords`.
 *
 * @throws {ReportInputError} when a file cannot be read (bad lines are only counted).
 * @example
 * ```ts
 * const report = await buildReport({ sources: ['records.jsonl'], by: ['provider'] });
 * ```
 */
export async function buildReport(options: BuildReportOptions): Promise<Report> {
  const reader = readRecords({
    sources: options.sources,
    ...(options.validation ? { validation: options.validation } : {}),
    ...(options.onBadLine ? { onBadLine: options.onBadLine } : {}),
  });
  return aggregateRecords({
    records: reader,
    sources: options.sources.map((source) => (typeof source === 'string' ? source : source.name)),
    ...(options.by ? { by: options.by } : {}),
    ...(options.bucketMs !== undefined ? { bucketMs: options.bucketMs } : {}),
    ...(options.events ? { events: options.events } : {}),
  });
}
