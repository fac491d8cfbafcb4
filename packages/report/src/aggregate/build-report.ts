import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { notAFileReason, unreadableReason } from '@switchyard/core/node';
import { ReportInputError } from '../errors/report-input-error.js';
import type { BadLine } from '../read/bad-line.js';
import type { ReportEvent } from '../read/read-events.js';
import {
  type ReadStats,
  type RecordSource,
  type RecordValidation,
  readRecords,
} from '../read/read-records.js';
import { aggregateRecords } from './aggregate-records.js';
import type { Dimension } from './dimension.js';
import { type RangeResult, type RangeTask, splitAtLines } from './read-range.js';
import type { Report } from './report.js';
import { ReportAggregator } from './report-aggregator.js';

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
  /** Bad lines kept with their details (default 20). */
  readonly maxBadLineSamples?: number;
  /**
   * Called for bad lines. Read in one thread: for every bad line, as found.
   * Read by worker threads: for the first `maxBadLineSamples` of each file, once it is read.
   */
  readonly onBadLine?: (badLine: BadLine) => void;
  /**
   * Threads that read and aggregate a records file in parallel, each over
   * one byte range (JSON.parse is most of the cost). Default: the available
   * parallelism (at most 4) when the files add up to 32 MiB or more, else 1.
   * Streams are always read in the calling thread.
   */
  readonly workers?: number;
}

const parallelFromBytes = 32 * 2 ** 20;
const minBytesPerRange = 4 * 2 ** 20;

/** The worker entry: `.ts` beside this file when running from source (under tsx), `.js` when built. */
const fromSource = import.meta.url.endsWith('.ts');
const workerEntry = new URL(fromSource ? './aggregate-worker.ts' : './aggregate-worker.js', import.meta.url);

function runWorker(task: RangeTask): Promise<RangeResult> {
  const loader = fromSource && !process.execArgv.some((argument) => argument.includes('tsx'));
  const worker = new Worker(workerEntry, {
    workerData: task,
    // A small young generation keeps each thread's memory down (~45 MB instead of ~60) at no measured cost in time.
    resourceLimits: { maxYoungGenerationSizeMb: 4 },
    ...(loader
      ? { execArgv: [...process.execArgv, '--import', 'tsx', '--conditions=@switchyard/source'] }
      : {}),
  });
  return new Promise<RangeResult>((resolve, reject) => {
    let result: RangeResult | undefined;
    worker.once('message', (message: RangeResult) => {
      result = message;
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (result !== undefined) resolve(result);
      else
        reject(
          new Error(`report worker for ${task.path} [${task.start}, ${task.end}) exited with code ${code}`),
        );
    });
  });
}

async function sizes(sources: readonly RecordSource[]): Promise<number[] | undefined> {
  if (!sources.every((source) => typeof source === 'string')) return undefined;
  return Promise.all(
    (sources as readonly string[]).map(async (path) => {
      // A named pipe nothing writes to would hang the open: refused before it.
      const notAFile = await notAFileReason(path);
      if (notAFile !== undefined)
        throw new ReportInputError({
          source: path,
          message: `cannot read records file ${path}: ${notAFile}`,
        });
      try {
        return (await stat(path)).size;
      } catch (error) {
        throw new ReportInputError({
          source: path,
          message: `cannot read records file ${path}: ${unreadableReason(error)}`,
          cause: error,
        });
      }
    }),
  );
}

/**
 * Reads records files (streaming) and aggregates them into a report: the
 * one-call form of `readRecords` + `aggregateRecords`. Large files are read
 * by several worker threads at once (see `workers`); the report is the same.
 *
 * @param options.sources records files or `{ name, stream }`.
 * @param options.by grouping dimensions.
 * @param options.workers threads for large files (default: automatic).
 * @throws {ReportInputError} when a file cannot be read (bad lines are only counted).
 * @example
 * ```ts
 * const report = await buildReport({ sources: ['records.jsonl'], by: ['provider'] });
 * ```
 */
export async function buildReport(options: BuildReportOptions): Promise<Report> {
  const names = options.sources.map((source) => (typeof source === 'string' ? source : source.name));
  const validation = options.validation ?? 'fast';
  const maxBadLineSamples = options.maxBadLineSamples ?? 20;
  const aggregate = {
    ...(options.by ? { by: options.by } : {}),
    ...(options.bucketMs !== undefined ? { bucketMs: options.bucketMs } : {}),
  };
  const fileSizes = await sizes(options.sources);
  const total = fileSizes?.reduce((sum, size) => sum + size, 0) ?? 0;
  const workers = Math.max(
    1,
    Math.floor(options.workers ?? (total >= parallelFromBytes ? Math.min(availableParallelism(), 4) : 1)),
  );
  if (fileSizes === undefined || workers === 1) {
    const reader = readRecords({
      sources: options.sources,
      validation,
      maxBadLineSamples,
      ...(options.onBadLine ? { onBadLine: options.onBadLine } : {}),
    });
    return aggregateRecords({
      records: reader,
      sources: names,
      ...aggregate,
      ...(options.events ? { events: options.events } : {}),
    });
  }

  const aggregator = new ReportAggregator({
    ...aggregate,
    ...(options.events ? { events: options.events } : {}),
  });
  const stats: ReadStats = { lines: 0, blankLines: 0, records: 0, badLines: 0, badLineSamples: [] };
  for (const [index, path] of (options.sources as readonly string[]).entries()) {
    const size = fileSizes[index] as number;
    // Automatic: at least 4 MiB per range. Explicit `workers`: as asked (ranges still start at lines).
    const parts =
      options.workers === undefined
        ? Math.max(1, Math.min(workers, Math.floor(size / minBytesPerRange)))
        : workers;
    const ranges = parts === 1 ? [[0, size] as [number, number]] : await splitAtLines({ path, size, parts });
    const tasks = ranges.map(
      ([start, end]): RangeTask => ({ path, start, end, validation, maxBadLineSamples, aggregate }),
    );
    // The first range is read here, the others by worker threads, all at once.
    const results = await Promise.all(
      tasks.map(async (task, taskIndex): Promise<RangeResult> => {
        if (taskIndex > 0) return runWorker(task);
        const reader = readRecords({
          sources: [{ name: path, stream: createReadStream(path, { start: task.start, end: task.end - 1 }) }],
          validation,
          maxBadLineSamples,
        });
        const local = new ReportAggregator(aggregate);
        for await (const batch of reader.batches()) for (const record of batch) local.add(record);
        return { state: local.toState(), stats: reader.stats };
      }),
    );
    let lineOffset = 0;
    for (const result of results) {
      aggregator.mergeState(result.state);
      stats.lines += result.stats.lines;
      stats.blankLines += result.stats.blankLines;
      stats.records += result.stats.records;
      stats.badLines += result.stats.badLines;
      for (const sample of result.stats.badLineSamples) {
        const badLine: BadLine = { ...sample, line: sample.line + lineOffset };
        if (stats.badLineSamples.length < maxBadLineSamples) stats.badLineSamples.push(badLine);
        options.onBadLine?.(badLine);
      }
      lineOffset += result.stats.lines + result.stats.blankLines;
    }
  }
  return aggregator.finish({ sources: names, stats });
}
