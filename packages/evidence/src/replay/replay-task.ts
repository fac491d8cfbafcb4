import { readFile } from 'node:fs/promises';
import { parseConfig, parseInstant } from '@switchyard/core';
import { readLines } from '../chain/read-lines.js';
import { configBasis, type DecisionBasis } from './decision-basis.js';
import { parseRecordLine } from './parse-record-line.js';
import { ReplayBasis } from './replay-basis.js';
import type { ReplayHealth } from './replay-candidates.js';
import { type ReplayDifference, selfCheck } from './self-check.js';
import { whatIf } from './what-if.js';
import { WhatIfSummary, type WhatIfSummaryData } from './what-if-summary.js';

/** A line that is not a decision record, or a record that was not reproduced: where it is. */
export interface LineAt {
  readonly file: string;
  /** 1-based line in the file. */
  readonly line: number;
}

/** A record the self-check did not reproduce. */
export interface Mismatch extends LineAt {
  readonly requestId: string;
  readonly differences: readonly ReplayDifference[];
}

/** A line that is not a decision record. */
export interface BadRecordLine extends LineAt {
  readonly message: string;
}

/** The self-check of many records. */
export interface SelfCheckReport {
  /** Decision records read. */
  records: number;
  /** Records reproduced exactly. */
  reproduced: number;
  /** Records not reproduced (every one is a failure). */
  mismatched: number;
  /** Lines that were not decision records (every one is a failure). */
  badLines: number;
  /** The first mismatches, in file order. */
  readonly mismatches: Mismatch[];
  /** The first bad lines, in file order. */
  readonly badLineSamples: BadRecordLine[];
}

/** One byte range of one records file to replay (the whole file, or a worker thread's part). */
export interface ReplayTask {
  readonly kind: 'self-check' | 'what-if';
  readonly path: string;
  readonly start?: number;
  readonly end?: number;
  /** Self-check: the basis documents file of this records file. */
  readonly basisPath?: string;
  /** What-if: the other config file, the instant (ISO 8601) and the health replayed. */
  readonly configPath?: string;
  readonly at?: string;
  readonly health?: ReplayHealth;
  /** Mismatches, bad lines and examples kept (default 20). */
  readonly maxShown?: number;
}

/** What one task found; line numbers count from the range's start (`lines` says how many it read). */
export interface ReplayTaskResult {
  readonly lines: number;
  readonly selfCheck?: SelfCheckReport;
  readonly whatIf?: WhatIfSummaryData;
}

/** Empty self-check counts. */
export function emptySelfCheck(): SelfCheckReport {
  return { records: 0, reproduced: 0, mismatched: 0, badLines: 0, mismatches: [], badLineSamples: [] };
}

const bases = new Map<string, Promise<ReplayBasis>>();
const configs = new Map<string, Promise<DecisionBasis>>();

/** The basis file of a records file, read once per process. */
export function replayBasisAt(path: string): Promise<ReplayBasis> {
  let found = bases.get(path);
  if (!found) {
    found = ReplayBasis.read(path);
    bases.set(path, found);
  }
  return found;
}

/** A config file's basis, read and compiled once per process. */
export function configBasisAt(path: string): Promise<DecisionBasis> {
  let found = configs.get(path);
  if (!found) {
    found = readFile(path, 'utf8').then((text) => configBasis({ config: parseConfig({ text, file: path }) }));
    configs.set(path, found);
  }
  return found;
}

/**
 * Replays one range of a records file: the self-check of every record under
 * its own basis, or the what-if of every record under the other config.
 * Used in-process for small inputs and by each worker thread for large ones.
 */
export async function runReplayTask(task: ReplayTask): Promise<ReplayTaskResult> {
  const maxShown = task.maxShown ?? 20;
  const report = emptySelfCheck();
  const self = task.kind === 'self-check' ? await replayBasisAt(task.basisPath as string) : undefined;
  const other = task.kind === 'what-if' ? await configBasisAt(task.configPath as string) : undefined;
  const at =
    task.at === undefined ? undefined : (parseInstant(task.at) as { ok: true; epochMs: number }).epochMs;
  const summary = new WhatIfSummary({
    config: task.configPath ?? '',
    at: task.at ?? null,
    health: task.health ?? 'as-recorded',
    maxExamples: maxShown,
  });
  let lines = 0;
  for await (const batch of readLines({
    path: task.path,
    ...(task.start === undefined ? {} : { start: task.start }),
    ...(task.end === undefined ? {} : { end: task.end }),
  })) {
    for (const { bytes, line } of batch.lines) {
      lines = line;
      const parsed = parseRecordLine(bytes.toString('utf8'));
      if ('error' in parsed) {
        report.badLines++;
        summary.addBadLine({ file: task.path, line, message: parsed.error });
        if (report.badLineSamples.length < maxShown)
          report.badLineSamples.push({ file: task.path, line, message: parsed.error });
        continue;
      }
      const { record } = parsed;
      report.records++;
      if (self) {
        let result: ReturnType<typeof selfCheck>;
        try {
          result = selfCheck({ record, basis: self });
        } catch (error) {
          result = {
            requestId: record.requestId,
            reproduced: false,
            differences: [
              {
                path: '(record)',
                recorded: '',
                replayed: `could not be replayed: ${(error as Error).message}`,
              },
            ],
          };
        }
        if (result.reproduced) report.reproduced++;
        else {
          report.mismatched++;
          if (report.mismatches.length < maxShown)
            report.mismatches.push({
              file: task.path,
              line,
              requestId: record.requestId,
              differences: result.differences,
            });
        }
      } else if (other) {
        summary.add(
          whatIf({
            record,
            basis: other,
            ...(at === undefined ? {} : { at }),
            health: task.health ?? 'as-recorded',
          }),
        );
      }
    }
  }
  return task.kind === 'self-check' ? { lines, selfCheck: report } : { lines, whatIf: summary.toJSON() };
}
