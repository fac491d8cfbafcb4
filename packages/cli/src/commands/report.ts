import {
  type BadLine,
  buildReport,
  compareReports,
  type Dimension,
  emptyRecordsError,
  eventsOrigin,
  parseBucket,
  parseDimensions,
  parseEvents,
  type RecordSource,
  ReportInputError,
  readEventsJson,
  renderHtml,
  renderJson,
  renderMarkdown,
  renderTerminal,
} from '@switchyard/report';
import { type Command, Option } from 'commander';
import { UsageError } from '../exit-codes.js';
import type { Output } from '../output.js';
import { prepareOutputFile } from '../output-path.js';
import { readConfigOrScenarioFile } from '../read-config-file.js';
import { refuseRepeatedFiles } from '../refuse-repeated-files.js';
import { repeatable } from '../refuse-repeated-options.js';
import { basisTargets, configTargets } from '../report-targets.js';
import { writeOutputFile } from '../write-output-file.js';

interface ReportCommandOptions {
  by: string;
  bucket: string;
  html?: string;
  md?: string;
  json?: string;
  compare: string[];
  events?: string;
  config?: string;
  title?: string;
  strict: boolean;
  quiet: boolean;
}

function usage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (ReportInputError.isInstance(error)) throw new UsageError(error.message);
    throw error;
  }
}

/**
 * Registers `switchyard report`: cost and latency over decision records
 * (JSONL), as terminal tables, and optionally Markdown, JSON and one
 * self-contained HTML file with charts; `--compare` adds the deltas against
 * another run. Bad lines are reported on stderr with file:line and are
 * skipped; records given with bad lines and no record at all, or with no
 * line at all (empty files, blank lines), are an error.
 * `-` reads records from stdin.
 *
 * Local open weights are labelled by the catalog kept beside the records
 * (`records.basis.jsonl`), or by `--config` (a config, or a drill scenario).
 *
 * Exit codes: 0 done (even with bad lines beside records), 2 bad option
 * (`--by`, `--bucket`, a `--config` naming none of the records' targets),
 * 3 a records, events or config file cannot be read or is invalid, or the
 * records have bad lines and no record, or hold no records at all, 4 an
 * output file cannot be written.
 *
 * @example
 * ```sh
 * switchyard report drill-out/records.jsonl --by provider,jurisdiction --html report.html
 * ```
 */
export function registerReportCommand(program: Command, output: Output): Command {
  return program
    .command('report')
    .description(
      'Report cost, fallbacks and latency percentiles from decision records (JSONL); write Markdown, JSON or a self-contained HTML file with charts',
    )
    .argument('<records...>', 'records files (JSONL), or - for stdin')
    .option(
      '--by <dimensions>',
      'group by any of provider, target, route, jurisdiction, data-class, tenant, time (comma-separated)',
      'provider',
    )
    .option('--bucket <duration>', 'time bucket width, e.g. 10s, 1m, 1h', '1m')
    .option('--html <file>', 'write one self-contained HTML report with charts (opens offline)')
    .option('--md <file>', 'write the report as Markdown')
    .option('--json <file>', 'write the report as JSON')
    .addOption(
      repeatable(
        new Option(
          '--compare <records>',
          'records of a baseline run to compare with (repeatable): deltas of cost, latency and share',
        )
          .argParser((value: string, all: string[]) => [...all, value])
          .default([]),
      ),
    )
    .option(
      '--events <file>',
      'JSON array of { "at": ISO 8601 or epoch ms, "label": string } to mark on the charts (a drill\'s events.json, with offsetMs, also puts the time axis in offsets from its start)',
    )
    .option(
      '--config <file>',
      'the config (or drill scenario) the records were made with: its targets with hostedIn: self and weights: open are labelled local open weights',
    )
    .option('--title <title>', 'title of the HTML and Markdown reports')
    .option('--strict', 'validate every record with the full schema (slower; rejects unknown keys)', false)
    .option('-q, --quiet', 'do not print the tables (only the files written)', false)
    .action(async (records: string[], options: ReportCommandOptions) => {
      refuseRepeatedFiles({ files: records, what: 'records file' });
      const by: Dimension[] = usage(() => parseDimensions(options.by));
      const bucketMs = usage(() => parseBucket(options.bucket));
      const eventsJson = options.events === undefined ? [] : await readEventsJson(options.events);
      const events = parseEvents({ events: eventsJson, source: options.events ?? 'events' });
      // A drill's events.json says when the drill started: its offsets are the tables' time axis, as in the drill's summary.
      const origin = eventsOrigin({ events: eventsJson, source: options.events ?? 'events' });
      const config =
        options.config === undefined ? undefined : await readConfigOrScenarioFile(options.config, '--config');
      // Every output path is checked (and its folder made) before the records are read.
      for (const [file, option] of [
        [options.md, '--md'],
        [options.json, '--json'],
        [options.html, '--html'],
      ] as const)
        if (file !== undefined) await prepareOutputFile({ file, option });
      const sources = records.map(
        (path): RecordSource => (path === '-' ? { name: 'stdin', stream: process.stdin } : path),
      );
      let shown = 0;
      const onBadLine = (badLine: BadLine) => {
        if (shown < 10) output.stderr(`switchyard: ${badLine.source}:${badLine.line}: ${badLine.message}\n`);
        shown += 1;
      };
      const validation = options.strict ? 'full' : 'fast';
      const report = await buildReport({ sources, by, bucketMs, events, validation, onBadLine });
      const baseline =
        options.compare.length === 0
          ? undefined
          : await buildReport({ sources: options.compare, by, bucketMs, validation, onBadLine });
      const comparison =
        baseline === undefined ? undefined : compareReports({ before: baseline, after: report });
      // Worker threads hand over only the first bad lines of each file: count from the reports.
      const badLines = report.input.badLines + (baseline?.input.badLines ?? 0);
      const printed = Math.min(shown, 10);
      if (badLines > printed) output.stderr(`switchyard: ... and ${badLines - printed} more bad line(s)\n`);
      if (badLines > 0) output.stderr(`switchyard: ${badLines} bad line(s) skipped\n`);
      // Bad lines beside good ones are skipped; input with bad lines and no record at all is not records,
      // and input with no line at all (empty, or blank lines) reports nothing: both are errors.
      for (const [built, given] of [
        [report, records],
        [baseline, options.compare],
      ] as const) {
        if (built !== undefined && built.input.records === 0 && built.input.badLines === 0)
          throw emptyRecordsError({ sources: given.map((path) => (path === '-' ? 'stdin' : path)) });
        if (built !== undefined && built.input.records === 0 && built.input.badLines > 0)
          throw new ReportInputError({
            source: given.join(', '),
            unreadable: false,
            message: `${given.join(', ')}: none of its ${built.input.badLines} line(s) is a decision record (the bad lines are above); expected decision records, one JSON object per line, as jsonlSink and switchyard drill write them`,
          });
      }
      // Local open weights are labelled by the config given, else by the catalogs kept beside the records.
      const targets =
        config === undefined || options.config === undefined
          ? await basisTargets({ files: [...records, ...options.compare], output })
          : configTargets({ config, file: options.config, reports: [report, baseline], output });
      const presentation = {
        ...(origin === undefined ? {} : { origin }),
        ...(targets === undefined ? {} : { targets }),
      };
      const rendered = {
        report,
        ...(comparison ? { comparison } : {}),
        ...(Object.keys(presentation).length === 0 ? {} : { presentation }),
      };
      const title = options.title === undefined ? {} : { title: options.title };
      if (!options.quiet) output.stdout(renderTerminal({ ...rendered, color: output.interactive }));
      const files: [string | undefined, string, () => string][] = [
        [options.md, 'Markdown', () => renderMarkdown({ ...rendered, ...title })],
        [options.json, 'JSON', () => renderJson(rendered)],
        [options.html, 'HTML', () => renderHtml({ ...rendered, ...title })],
      ];
      for (const [path, kind, render] of files) {
        if (path === undefined) continue;
        await writeOutputFile({ path, what: `the ${kind} report`, text: render() });
        output.stdout(`${kind} report: ${path}\n`);
      }
    });
}
