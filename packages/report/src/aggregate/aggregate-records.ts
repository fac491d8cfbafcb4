import type { DecisionRecord } from '@switchyard/core';
import type { ReportEvent } from '../read/read-events.js';
import type { RecordReader } from '../read/read-records.js';
import type { Dimension } from './dimension.js';
import type { Report } from './report.js';
import { ReportAggregator } from './report-aggregator.js';

/** Options of {@link aggregateRecords}. */
export interface AggregateRecordsOptions {
  /** Records: an array, any (async) iterable, or a {@link RecordReader} (its stats and batches are used). */
  readonly records: Iterable<DecisionRecord> | AsyncIterable<DecisionRecord> | RecordReader;
  /** Grouping dimensions (default: none). */
  readonly by?: readonly Dimension[];
  /** Width of time buckets, ms (default 60,000). */
  readonly bucketMs?: number;
  /** Events to mark on the time charts. */
  readonly events?: readonly ReportEvent[];
  /** Most time-series buckets (default 240); the series is widened beyond. */
  readonly maxSeriesBuckets?: number;
  /** Source names for the report's header. */
  readonly sources?: readonly string[];
}

function isReader(records: AggregateRecordsOptions['records']): records is RecordReader {
  return typeof (records as RecordReader).batches === 'function' && 'stats' in records;
}

/**
 * Aggregates decision records into a {@link Report}: requests, served,
 * failed, fallback rate and depth, cut-offs, wasted attempts, tokens, cost
 * served and wasted, latency and TTFT percentiles (HdrHistogram, within
 * 0.1%), per group of `by` and per time bucket, with traffic share per target.
 * Memory stays constant in the number of records.
 *
 * @param options.records the records (or a reader from `readRecords`).
 * @param options.by grouping dimensions, e.g. `['provider', 'jurisdiction']`.
 * @param options.bucketMs time bucket width, ms (default one minute).
 * @param options.events events to mark on the charts.
 * @returns the report (plain JSON).
 * @example
 * ```ts
 * const report = await aggregateRecords({ records: readRecords({ sources: ['records.jsonl'] }), by: ['provider'] });
 * console.log(report.total.costWastedUsd);
 * ```
 */
export async function aggregateRecords(options: AggregateRecordsOptions): Promise<Report> {
  const aggregator = new ReportAggregator({
    ...(options.by ? { by: options.by } : {}),
    ...(options.bucketMs !== undefined ? { bucketMs: options.bucketMs } : {}),
    ...(options.events ? { events: options.events } : {}),
    ...(options.maxSeriesBuckets !== undefined ? { maxSeriesBuckets: options.maxSeriesBuckets } : {}),
  });
  const records = options.records;
  if (isReader(records)) {
    for await (const batch of records.batches()) for (const record of batch) aggregator.add(record);
    return aggregator.finish({ sources: options.sources ?? [], stats: records.stats });
  }
  if (Symbol.asyncIterator in records) {
    for await (const record of records) aggregator.add(record);
  } else for (const record of records) aggregator.add(record);
  return aggregator.finish({ sources: options.sources ?? [] });
}
