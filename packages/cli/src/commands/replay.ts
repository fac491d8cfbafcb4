import { errorCodes, parseInstant, SwitchyardError } from '@switchyard/core';
import {
  type ReplayHealth,
  type SelfCheckReport,
  selfCheckRecords,
  whatIfLead,
  whatIfRecords,
  whatIfTables,
} from '@switchyard/evidence';
import { ReportInputError, refuseEmptyRecords, renderTablePage, renderTableText } from '@switchyard/report';
import { type Command, Option } from 'commander';
import { UsageError } from '../exit-codes.js';
import { parseNumberOption } from '../option-values.js';
import type { Output } from '../output.js';
import { prepareOutputFile } from '../output-path.js';
import { refuseRepeatedFiles } from '../refuse-repeated-files.js';
import { writeOutputFile } from '../write-output-file.js';

interface ReplayCommandOptions {
  selfCheck: boolean;
  config?: string;
  at?: string;
  health: ReplayHealth;
  basis?: string;
  html?: string;
  json?: string;
  workers?: number;
  show: number;
}

/** What failed in a self-check: records not reproduced, and lines that are not records, each counted as what it is. */
function selfCheckFailure(report: SelfCheckReport): string {
  const lines = `${report.badLines} ${report.badLines === 1 ? 'line is' : 'lines are'} not a decision record`;
  if (report.records === 0) return `${lines} (no decision record read)`;
  return report.badLines > 0 && report.mismatched === 0
    ? `${lines} (all ${report.records} records reproduced)`
    : `${report.mismatched} of ${report.records} records not reproduced${report.badLines > 0 ? `, ${lines}` : ''}`;
}

/**
 * Input where no line is a decision record (only bad lines) is not records: a
 * self-check or what-if of it would check nothing. Refused as `report` refuses it.
 */
function refuseNoRecords(options: { files: readonly string[]; records: number; badLines: number }): void {
  if (options.records > 0 || options.badLines === 0) return;
  const given = options.files.join(', ');
  throw new ReportInputError({
    source: given,
    unreadable: false,
    message: `${given}: none of its ${options.badLines} line(s) is a decision record (the bad lines are above); expected decision records, one JSON object per line, as jsonlSink and switchyard drill write them`,
  });
}

/** The self-check's differences, as a diff per record: `-` what the record says, `+` what the replay gives. */
export function formatSelfCheck(report: SelfCheckReport): string {
  const lines: string[] = [];
  for (const mismatch of report.mismatches) {
    lines.push(`${mismatch.file}:${mismatch.line} ${mismatch.requestId} is not reproduced by its replay:`);
    for (const difference of mismatch.differences) {
      lines.push(`  ${difference.path}`);
      lines.push(`  - recorded: ${difference.recorded}`);
      lines.push(`  + replayed: ${difference.replayed}`);
    }
  }
  for (const bad of report.badLineSamples)
    lines.push(`${bad.file}:${bad.line}: not a decision record: ${bad.message}`);
  const shown = report.mismatches.length + report.badLineSamples.length;
  const failures = report.mismatched + report.badLines;
  if (failures > shown) lines.push(`... and ${failures - shown} more`);
  lines.push(
    failures === 0
      ? `self-check: all ${report.records} records reproduced exactly under their own policy and state`
      : `self-check FAILED: ${selfCheckFailure(report)}`,
  );
  return `${lines.join('\n')}\n`;
}

/**
 * Registers `switchyard replay RECORDS`: `--self-check` replays every record
 * under its own policy, catalog, prices and state (the basis documents
 * beside the records) and must reproduce it exactly (any difference printed
 * as a diff, exit 1); `--config OTHER.yaml` tells, for every record, whether
 * the other config would have denied it, served it elsewhere (which target,
 * by which rule) or served it as it was, and what it would cost, every
 * figure labelled observed, estimated or unknowable, summed by route,
 * jurisdiction and tenant (terminal tables, `--html`, `--json`).
 *
 * @example
 * ```sh
 * switchyard replay out/records.jsonl --self-check
 * switchyard replay out/records.jsonl --config switchyard.before.yaml --html what-if.html
 * ```
 */
export function registerReplayCommand(program: Command, output: Output): Command {
  return program
    .command('replay')
    .description(
      'Replay decision records: --self-check reproduces each under its own policy and state; --config tells what another config would have decided',
    )
    .argument('<records...>', 'records files (JSONL, decision records version 2)')
    .option(
      '--self-check',
      'replay every record under its own policy and state: any difference exits 1',
      false,
    )
    .option('--config <file>', 'what-if: replay every record under this config (YAML or JSON)')
    .option(
      '--at <instant>',
      'what-if: decide every record at this ISO 8601 instant (default: each at its own)',
    )
    .addOption(
      new Option(
        '--health <mode>',
        "what-if: health as recorded, every target healthy, or local-only (without what the fleet's shared health added)",
      )
        .choices(['as-recorded', 'all-healthy', 'local-only'])
        .default('as-recorded'),
    )
    .option(
      '--basis <file>',
      'self-check: the basis documents (default: beside each records file, records.basis.jsonl)',
    )
    .option('--html <file>', 'what-if: write the report as one self-contained HTML file')
    .option('--json <file>', 'what-if: write the summary as JSON (self-check: the report)')
    .option(
      '--workers <count>',
      'worker threads (default: automatic, from 8 MiB of records)',
      parseNumberOption('--workers', { integer: true, min: 1 }),
    )
    .option(
      '--show <count>',
      'differences or changed records shown (default 20)',
      parseNumberOption('--show', { integer: true, min: 1 }),
      20,
    )
    .addHelpText(
      'after',
      `
Exit codes: 0 done (self-check: every record reproduced); 1 a record not reproduced
or a line not a decision record (self-check); 2 bad usage; 3 unreadable or invalid
records (none at all, or no line a decision record), basis or config; 4 an output
file cannot be written.

Examples:
  $ switchyard replay .switchyard/runs/export-control-day/records.jsonl --self-check
  $ switchyard replay records.jsonl --config switchyard.before.yaml --html what-if.html
  $ switchyard replay records.jsonl --config switchyard.next.yaml --at 2026-07-01T00:00:00Z --health all-healthy`,
    )
    .action(async (records: string[], options: ReplayCommandOptions) => {
      refuseRepeatedFiles({ files: records, what: 'records file' });
      if (options.selfCheck === (options.config !== undefined))
        throw new UsageError('give --self-check, or --config OTHER.yaml for a what-if (one of them)');
      if (options.selfCheck && (options.at !== undefined || options.html !== undefined))
        throw new UsageError('--at and --html are for a what-if (--config), not --self-check');
      if (options.at !== undefined) {
        const parsedAt = parseInstant(options.at);
        if (!parsedAt.ok) throw new UsageError(`--at: ${parsedAt.message}`);
      }
      const workers = options.workers === undefined ? {} : { workers: options.workers };
      // Every output path is checked (and its folder made) before the records are read.
      for (const [file, option] of [
        [options.json, '--json'],
        [options.html, '--html'],
      ] as const)
        if (file !== undefined) await prepareOutputFile({ file, option });
      // Records files with nothing in them would reproduce or move nothing, and pass.
      await refuseEmptyRecords({ files: records });
      if (options.selfCheck) {
        const report = await selfCheckRecords({
          files: records,
          ...(options.basis === undefined ? {} : { basis: options.basis }),
          ...workers,
          maxShown: options.show,
        });
        if (options.json !== undefined)
          await writeOutputFile({
            path: options.json,
            what: 'the JSON self-check report',
            text: `${JSON.stringify(report, null, 2)}\n`,
          });
        const text = formatSelfCheck(report);
        if (report.mismatched + report.badLines > 0) {
          output.stdout(text);
          refuseNoRecords({ files: records, records: report.records, badLines: report.badLines });
          throw new SwitchyardError({
            code: errorCodes.REPLAY_MISMATCH,
            message: selfCheckFailure(report),
          });
        }
        output.stdout(text);
        return;
      }
      const summary = await whatIfRecords({
        files: records,
        config: options.config as string,
        ...(options.at === undefined ? {} : { at: options.at }),
        health: options.health,
        ...workers,
        maxShown: options.show,
      });
      const lead = whatIfLead(summary);
      if (summary.total.records === 0) {
        for (const bad of summary.badLineSamples)
          output.stderr(`${bad.file}:${bad.line}: not a decision record: ${bad.message}\n`);
        refuseNoRecords({ files: records, records: 0, badLines: summary.badLines });
      }
      const tables = whatIfTables(summary);
      output.stdout(`${lead.join('\n')}\n\n${renderTableText({ tables, color: output.interactive })}`);
      if (options.html !== undefined) {
        await writeOutputFile({
          path: options.html,
          what: 'the HTML what-if report',
          text: renderTablePage({ title: `What if: ${options.config}`, lead, tables }),
        });
        output.stdout(`HTML what-if report: ${options.html}\n`);
      }
      if (options.json !== undefined) {
        await writeOutputFile({
          path: options.json,
          what: 'the JSON what-if summary',
          text: `${JSON.stringify(summary, null, 2)}\n`,
        });
        output.stdout(`JSON what-if summary: ${options.json}\n`);
      }
    });
}
