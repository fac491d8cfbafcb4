import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { errorCodes, SwitchyardError } from '@switchyard/core';
import { inputFileProblem } from '@switchyard/core/node';
import {
  basisPathFor,
  checkpointsPathFor,
  logSegments,
  publicKeyVariable,
  readPublicKey,
  type VerifyReport,
  verifyRecords,
} from '@switchyard/evidence';
import { emptyRecordsError } from '@switchyard/report';
import { segmentPath } from '@switchyard/router';
import type { Command } from 'commander';
import type { Output } from '../output.js';
import { refuseRepeatedFiles } from '../refuse-repeated-files.js';

interface VerifyCommandOptions {
  checkpoints?: string;
  publicKey?: string;
  basis?: string;
  json: boolean;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** The files of the log: each given one, with the segments that follow it when it is the first of a rotation. */
async function logFiles(records: readonly string[]): Promise<string[]> {
  if (records.length !== 1) return [...records];
  const segments = await logSegments(records[0] as string);
  return segments.length > 0 ? segments : [...records];
}

/**
 * Rotated files of the log numbered past the segments found (`records.4.jsonl`
 * when `records.3.jsonl` is missing): `logSegments` stops at the first gap,
 * so without this the log would read as ending there.
 */
async function strandedSegments(path: string, found: number): Promise<string[]> {
  if (!path.endsWith('.jsonl')) return [];
  const stem = basename(path).slice(0, -'.jsonl'.length);
  let names: string[];
  try {
    names = await readdir(dirname(path));
  } catch {
    return [];
  }
  const numbered = names
    .map((name) => ({
      name,
      index: name.startsWith(`${stem}.`) ? /^(\d+)\.jsonl$/.exec(name.slice(stem.length + 1)) : null,
    }))
    .filter((entry) => entry.index !== null && Number(entry.index?.[1]) >= found)
    .sort((a, b) => Number(a.index?.[1]) - Number(b.index?.[1]));
  return numbered.map((entry) => join(dirname(path), entry.name));
}

/** One line per fact of a verification. */
export function formatVerifyReport(report: VerifyReport): string {
  const megabytes = (report.bytes / 1e6).toFixed(1);
  if (!report.ok && report.finding) {
    const { finding } = report;
    return `TAMPERED: ${finding.file}:${finding.line}: ${finding.message}${finding.seq === undefined ? '' : ` [first record not as written: seq ${finding.seq}, ${finding.kind}]`}\n`;
  }
  const lines = [
    `verified: ${report.records} records (${report.signed} signed by ${report.checkpoints} checkpoints${report.unsigned > 0 ? `, ${report.unsigned} after the last checkpoint` : ''}), ${report.basis} basis documents, ${megabytes} MB`,
  ];
  if (report.unsigned > 0)
    lines.push(
      `note: the last ${report.unsigned} records are chained but not signed yet: a change to the very last one, or removing records from the end, cannot be told until the next checkpoint`,
    );
  return `${lines.join('\n')}\n`;
}

/**
 * Registers `switchyard verify RECORDS --checkpoints FILE --public-key KEY`:
 * checks a tamper-evident records log (written by `jsonlSink` with a
 * `recordChain`) and names the first modified, removed, reordered or
 * inserted record, across file rotation. The key comes from a file or the
 * environment (`SWITCHYARD_EVIDENCE_PUBLIC_KEY`), never from the records.
 *
 * @example
 * ```sh
 * switchyard verify logs/records.jsonl --checkpoints logs/records.checkpoints.jsonl --public-key evidence.pub.pem
 * ```
 */
export function registerVerifyCommand(program: Command, output: Output): Command {
  return program
    .command('verify')
    .description(
      'Verify a tamper-evident records log: name the first modified, removed, reordered or inserted record',
    )
    .argument(
      '<records...>',
      'the log (records.jsonl: its rotated files records.1.jsonl, ... follow), or its files in order',
    )
    .option(
      '--checkpoints <file>',
      'the signed checkpoints (default: beside the records, records.checkpoints.jsonl)',
    )
    .option(
      '--public-key <file>',
      `the Ed25519 public key, PEM (default: the environment variable ${publicKeyVariable})`,
    )
    .option('--basis <file>', 'the basis documents to check too (default: beside the records, when there)')
    .option('--json', 'print the report as JSON', false)
    .addHelpText(
      'after',
      `
Exit codes: 0 verified; 1 tampering found (the first record not as written is
named); 2 bad usage; 3 unreadable key, records or checkpoints.

Example:
  $ switchyard verify logs/records.jsonl --checkpoints logs/records.checkpoints.jsonl --public-key evidence.pub.pem`,
    )
    .action(async (records: string[], options: VerifyCommandOptions) => {
      refuseRepeatedFiles({ files: records, what: 'records file' });
      const files = await logFiles(records);
      for (const file of files) {
        const problem = await inputFileProblem(file);
        if (problem !== undefined)
          throw new SwitchyardError({
            code: errorCodes.CONFIG_UNREADABLE,
            message: `cannot read records file ${file}: ${problem}`,
          });
      }
      const checkpoints = options.checkpoints ?? checkpointsPathFor(files[0] as string);
      if (!(await exists(checkpoints)))
        throw new SwitchyardError({
          code: errorCodes.CONFIG_UNREADABLE,
          message: `cannot read the checkpoints file ${checkpoints} (give --checkpoints FILE): only a log written with a record chain (\`chainedJsonlSink\`) has checkpoints; a drill's records.jsonl has none (\`switchyard replay --self-check\` checks each of its records' decisions, not that none was removed or moved)`,
        });
      // The key after the files: a log that cannot be verified at all says so before asking for a key.
      const publicKey = await readPublicKey(
        options.publicKey === undefined ? { env: publicKeyVariable } : { file: options.publicKey },
      );
      const defaultBasis = basisPathFor(files[0] as string);
      const basis = options.basis ?? ((await exists(defaultBasis)) ? defaultBasis : undefined);
      const report = await verifyRecords({
        files,
        checkpoints,
        publicKey,
        ...(basis === undefined ? {} : { basis }),
      });
      // A log with no record verifies nothing: refused, unless it was tampered with (exit 1 first).
      if (report.ok && report.records === 0) throw emptyRecordsError({ sources: files });
      const stranded =
        !report.ok && records.length === 1 ? await strandedSegments(records[0] as string, files.length) : [];
      const shown: VerifyReport =
        stranded.length > 0 && report.finding
          ? {
              ...report,
              finding: {
                ...report.finding,
                message: `${report.finding.message}; ${stranded.join(', ')} ${stranded.length === 1 ? 'follows' : 'follow'} a missing ${segmentPath(records[0] as string, files.length)}: a file of the rotated log is missing (restore it, or give the files in order to verify the rest)`,
              },
            }
          : report;
      output.stdout(options.json ? `${JSON.stringify(shown, null, 2)}\n` : formatVerifyReport(shown));
      if (!shown.ok)
        throw new SwitchyardError({
          code: errorCodes.EVIDENCE_TAMPERED,
          message: shown.finding?.message ?? 'the log does not verify',
        });
    });
}
