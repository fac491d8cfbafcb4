import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { errorCodes, parseInstant, SwitchyardError } from '@switchyard/core';
import { notAFileReason, unreadableReason } from '@switchyard/core/node';
import { splitAtLines } from '@switchyard/report';
import { basisPathFor } from '@switchyard/router';
import type { ReplayHealth } from './replay-candidates.js';
import {
  configBasisAt,
  emptySelfCheck,
  type ReplayTask,
  type ReplayTaskResult,
  replayBasisAt,
  runReplayTask,
  type SelfCheckReport,
} from './replay-task.js';
import { WhatIfSummary, type WhatIfSummaryData } from './what-if-summary.js';

/** The worker entry: `.ts` beside this file when running from source (under tsx), `.js` when built. */
const fromSource = import.meta.url.endsWith('.ts');
const workerEntry = new URL(fromSource ? './replay-worker.ts' : './replay-worker.js', import.meta.url);
/** Files at least this large (in total) are split across worker threads by default. */
const parallelFromBytes = 8 * 1024 * 1024;

function runWorker(task: ReplayTask): Promise<ReplayTaskResult> {
  const loader = fromSource && !process.execArgv.some((argument) => argument.includes('tsx'));
  const worker = new Worker(workerEntry, {
    workerData: task,
    ...(fromSource
      ? {
          execArgv: loader
            ? [...process.execArgv, '--import', 'tsx', '--conditions=@switchyard/source']
            : process.execArgv,
        }
      : {}),
  });
  return new Promise((resolve, reject) => {
    worker.once('message', (message: ReplayTaskResult) => resolve(message));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`replay worker for ${task.path} exited with code ${code}`));
    });
  });
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * The basis file of a records file: beside it (`records.basis.jsonl`), or
 * beside the first file of its rotation (`records.2.jsonl` ->
 * `records.basis.jsonl`).
 *
 * @throws {SwitchyardError} `SWITCHYARD_CONFIG_UNREADABLE` when there is none.
 */
export async function basisFileFor(path: string): Promise<string> {
  const candidates = [basisPathFor(path)];
  if (/\.\d+\.jsonl$/.test(path)) candidates.push(basisPathFor(path.replace(/\.\d+\.jsonl$/, '.jsonl')));
  for (const candidate of candidates) if (await exists(candidate)) return candidate;
  throw new SwitchyardError({
    code: errorCodes.CONFIG_UNREADABLE,
    message: `no basis documents beside ${path} (looked for ${candidates.join(', ')}): a sink or drill that keeps records writes them there; give --basis FILE`,
  });
}

async function tasksOf(options: {
  files: readonly string[];
  workers: number | undefined;
  task: (path: string) => Promise<Omit<ReplayTask, 'path'>>;
}): Promise<{ tasks: ReplayTask[]; workers: number }> {
  const sizes: number[] = [];
  for (const path of options.files) {
    // A named pipe nothing writes to would hang the open: refused before it.
    const notAFile = await notAFileReason(path);
    if (notAFile !== undefined)
      throw new SwitchyardError({
        code: errorCodes.CONFIG_UNREADABLE,
        message: `cannot read records file ${path}: ${notAFile}`,
      });
    try {
      sizes.push((await stat(path)).size);
    } catch (error) {
      throw new SwitchyardError({
        code: errorCodes.CONFIG_UNREADABLE,
        message: `cannot read records file ${path}: ${unreadableReason(error)}`,
        cause: error,
      });
    }
  }
  const total = sizes.reduce((sum, size) => sum + size, 0);
  const workers = Math.max(
    1,
    Math.floor(options.workers ?? (total >= parallelFromBytes ? Math.min(availableParallelism(), 4) : 1)),
  );
  const tasks: ReplayTask[] = [];
  for (const [index, path] of options.files.entries()) {
    const base = await options.task(path);
    const size = sizes[index] as number;
    const parts = workers === 1 ? 1 : Math.max(1, Math.round((workers * size) / Math.max(1, total)));
    if (parts === 1) {
      tasks.push({ ...base, path });
      continue;
    }
    for (const [start, end] of await splitAtLines({ path, size, parts }))
      tasks.push({ ...base, path, start, end });
  }
  return { tasks, workers };
}

/** Runs the tasks, on worker threads when there are several workers; results in task order. */
async function runTasks(tasks: readonly ReplayTask[], workers: number): Promise<ReplayTaskResult[]> {
  if (workers === 1 || tasks.length === 1) {
    const results: ReplayTaskResult[] = [];
    for (const task of tasks) results.push(await runReplayTask(task));
    return results;
  }
  const results = new Array<ReplayTaskResult>(tasks.length);
  let next = 0;
  const lane = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await runWorker(tasks[index] as ReplayTask);
    }
  };
  await Promise.all(Array.from({ length: Math.min(workers, tasks.length) }, lane));
  return results;
}

/** Line offsets of each task: the lines of the earlier ranges of the same file. */
function lineOffsets(tasks: readonly ReplayTask[], results: readonly ReplayTaskResult[]): number[] {
  const offsets: number[] = [];
  const perFile = new Map<string, number>();
  tasks.forEach((task, index) => {
    offsets.push(perFile.get(task.path) ?? 0);
    perFile.set(task.path, (perFile.get(task.path) ?? 0) + (results[index]?.lines ?? 0));
  });
  return offsets;
}

/**
 * Self-checks every record of records files: each replayed under its own
 * policy, catalog, prices and state (the basis documents beside its file,
 * or `basis`) must reproduce exactly. Large inputs are split across worker
 * threads (`workers`; default: up to 4 from 8 MiB); the result is the same.
 *
 * @param options.files records files (JSONL).
 * @param options.basis the basis file (default: beside each records file).
 * @param options.workers threads (default automatic; 1: in this thread).
 * @param options.maxShown mismatches and bad lines kept (default 20; all are counted).
 * @returns counts, and the first mismatches and bad lines with file and line.
 * @throws {SwitchyardError} `SWITCHYARD_CONFIG_UNREADABLE` when a records or basis file cannot be read.
 * @example
 * ```ts
 * const report = await selfCheckRecords({ files: ['out/records.jsonl'] });
 * if (report.mismatched + report.badLines > 0) process.exitCode = 1;
 * ```
 */
export async function selfCheckRecords(options: {
  files: readonly string[];
  basis?: string;
  workers?: number;
  maxShown?: number;
}): Promise<SelfCheckReport> {
  const maxShown = options.maxShown ?? 20;
  const { tasks, workers } = await tasksOf({
    files: options.files,
    workers: options.workers,
    task: async (path) => ({
      kind: 'self-check',
      basisPath: options.basis ?? (await basisFileFor(path)),
      maxShown,
    }),
  });
  // Read here first: a bad basis file is reported with its own error, not a worker's.
  for (const path of new Set(tasks.map((task) => task.basisPath as string))) {
    // A named pipe nothing writes to would hang the open: refused before it.
    const notAFile = await notAFileReason(path);
    if (notAFile !== undefined)
      throw new SwitchyardError({
        code: errorCodes.CONFIG_UNREADABLE,
        message: `cannot read the basis file ${path}: ${notAFile}`,
      });
    await replayBasisAt(path);
  }
  const results = await runTasks(tasks, workers);
  const offsets = lineOffsets(tasks, results);
  const report = emptySelfCheck();
  results.forEach((result, index) => {
    const part = result.selfCheck ?? emptySelfCheck();
    const offset = offsets[index] as number;
    report.records += part.records;
    report.reproduced += part.reproduced;
    report.mismatched += part.mismatched;
    report.badLines += part.badLines;
    for (const mismatch of part.mismatches)
      if (report.mismatches.length < maxShown)
        report.mismatches.push({ ...mismatch, line: mismatch.line + offset });
    for (const bad of part.badLineSamples)
      if (report.badLineSamples.length < maxShown)
        report.badLineSamples.push({ ...bad, line: bad.line + offset });
  });
  return report;
}

/**
 * The what-if of records files under another config: every record replayed
 * with its inputs under `config` (at its own instant or `at`, with health as
 * recorded or all healthy), summed by route, caller jurisdiction and
 * tenant, with where the traffic moves and which rules made the difference.
 * Large inputs are split across worker threads; the summary is the same.
 *
 * @param options.files records files (JSONL).
 * @param options.config the other config file (YAML or JSON).
 * @param options.at decide every record at this ISO 8601 instant (default: each at its own).
 * @param options.health `as-recorded` (default) or `all-healthy`.
 * @param options.workers threads (default automatic; 1: in this thread).
 * @param options.maxShown changed records kept as examples (default 20).
 * @returns the summary.
 * @throws {ConfigError} when the config is invalid; {SwitchyardError} when a file cannot be read or `at` is not an instant.
 * @example
 * ```ts
 * const summary = await whatIfRecords({ files: ['out/records.jsonl'], config: 'switchyard.before.yaml' });
 * summary.total.elsewhere;
 * ```
 */
export async function whatIfRecords(options: {
  files: readonly string[];
  config: string;
  at?: string;
  health?: ReplayHealth;
  workers?: number;
  maxShown?: number;
}): Promise<WhatIfSummaryData> {
  if (options.at !== undefined) {
    const parsed = parseInstant(options.at);
    if (!parsed.ok)
      throw new SwitchyardError({ code: errorCodes.CONFIG_INVALID, message: `at: ${parsed.message}` });
  }
  const health = options.health ?? 'as-recorded';
  const maxShown = options.maxShown ?? 20;
  // Compiled here first: an invalid config is reported with its own error (file, line), not a worker's.
  await configBasisAt(options.config);
  const { tasks, workers } = await tasksOf({
    files: options.files,
    workers: options.workers,
    task: async () => ({
      kind: 'what-if',
      configPath: options.config,
      ...(options.at === undefined ? {} : { at: options.at }),
      health,
      maxShown,
    }),
  });
  const results = await runTasks(tasks, workers);
  const summary = new WhatIfSummary({
    config: options.config,
    at: options.at ?? null,
    health,
    maxExamples: maxShown,
  });
  const offsets = lineOffsets(tasks, results);
  results.forEach((result, index) => {
    if (result.whatIf) summary.merge(result.whatIf, { lineOffset: offsets[index] as number });
  });
  return summary.toJSON();
}
