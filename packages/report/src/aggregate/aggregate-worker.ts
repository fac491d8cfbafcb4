/**
 * Worker-thread entry of {@link buildReport}'s parallel path: reads one byte
 * range of one records file, aggregates it, and posts back the aggregator's
 * state, the read counts and the first bad lines (line numbers relative to
 * the range; the caller shifts them).
 */
import { createReadStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { readRecords } from '../read/read-records.js';
import type { RangeResult, RangeTask } from './read-range.js';
import { ReportAggregator } from './report-aggregator.js';

const task = workerData as RangeTask;
const reader = readRecords({
  sources: [
    { name: task.path, stream: createReadStream(task.path, { start: task.start, end: task.end - 1 }) },
  ],
  validation: task.validation,
  maxBadLineSamples: task.maxBadLineSamples,
});
const aggregator = new ReportAggregator(task.aggregate);
for await (const batch of reader.batches()) for (const record of batch) aggregator.add(record);
const result: RangeResult = { state: aggregator.toState(), stats: reader.stats };
parentPort?.postMessage(result);
