import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, errorCodes, SwitchyardError, terminalSafe } from '@switchyard/core';
import { notAFileReason, unreadableReason } from '@switchyard/core/node';
// Only the drill's types and its scenario reader load with this command: the runner (router,
// simulators, report) is imported once the scenario's in-process models have started loading.
import type { DrillProgress, DrillResult } from '@switchyard/drill';
import { preloadInProcessModels } from '@switchyard/drill/preload';
import {
  formatDuration,
  parseScenario,
  type Scenario,
  type ScenarioInput,
  scenarioWarnings,
  validateScenario,
} from '@switchyard/drill/scenario';
import { type Command, Option } from 'commander';
import { UsageError } from '../exit-codes.js';
import { parseNumberOption } from '../option-values.js';
import type { Output } from '../output.js';
import { prepareOutputFolder } from '../output-path.js';
import type { CliInvocation } from '../relaunch-with-node-flags.js';
import { runLongDrillInChild } from './run-long-drill-in-child.js';

/** Parsed options of `switchyard drill`. */
export interface DrillCommandOptions {
  /** Folder for records.jsonl, events.json, the report and the summaries (default `.switchyard/runs/<scenario file name>`). */
  out?: string;
  /** Write the report (report.html, report.md, report.json) next to the records (default true; `--no-report`). */
  report: boolean;
  /** Workload seed (default 1). */
  seed: number;
  /** `simulated` (default, virtual time, reproducible), `loopback` (real sockets, scaled real time) or `live`. */
  mode: 'simulated' | 'loopback' | 'live';
  /** Live mode: stop when the cost reaches this many USD (required with `--mode live`). */
  maxSpend?: number;
  /** Loopback mode: simulated seconds per real second; absent: the scenario's `timeScale`. */
  timeScale?: number;
  /** Also run the workload without the timeline and report what the events cost. */
  baseline?: boolean;
  /** Real seconds between plain progress lines (not a terminal, or `CI` set). */
  progressEvery: number;
}

const scriptExtensions = new Set(['.ts', '.mts', '.js', '.mjs']);

/** The largest `--seed`: `maxSeed` of `@switchyard/drill` (its generator keeps 32 bits), not imported to keep start-up light. */
const maxSeed = 4_294_967_295;

/** The signals that stop a drill and still write what it gathered (exit 130). */
const stopSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Reads a drill scenario: YAML or JSON (validated with `file:line:column`
 * errors), or a TypeScript/JavaScript module whose default export (or
 * `scenario` export) is the scenario.
 *
 * @throws {ConfigError} when the file cannot be read or the scenario is invalid.
 */
export async function readScenarioFile(file: string): Promise<Scenario> {
  const unreadable = (error: unknown, message: string) =>
    new ConfigError({ file, unreadable: true, cause: error, issues: [{ file, path: '(file)', message }] });
  if (scriptExtensions.has(extname(file))) {
    let module: Record<string, unknown>;
    try {
      module = (await import(pathToFileURL(resolve(file)).href)) as Record<string, unknown>;
    } catch (error) {
      throw unreadable(error, `cannot load the scenario module: ${(error as Error).message}`);
    }
    const scenario = module.default ?? module.scenario;
    if (scenario === undefined || scenario === null || typeof scenario !== 'object') {
      throw unreadable(undefined, 'expected the module to export the scenario as default (or as "scenario")');
    }
    return validateScenario(scenario as ScenarioInput, { file });
  }
  let text: string;
  // In the words of the config reader (`readTextFile`), not Node's `EISDIR: illegal operation ...`;
  // a named pipe nothing writes to would hang the open: refused before it.
  const notAFile = await notAFileReason(file);
  if (notAFile !== undefined) throw unreadable(undefined, `cannot read the scenario: ${notAFile}`);
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw unreadable(error, `cannot read the scenario: ${unreadableReason(error)}`);
  }
  return parseScenario({ text, file });
}

const percent = (value: number) => `${Math.round(value * 100)}%`;

/** The traffic share per target, in the config's order, e.g. `frontier-us 40% | claude-eu 60%`. */
function formatShare(progress: DrillProgress, targetIds: readonly string[]): string {
  const parts = targetIds
    .filter((id) => (progress.share[id] ?? 0) > 0)
    .map((id) => `${id} ${percent(progress.share[id] ?? 0)}`);
  return parts.length === 0 ? '-' : parts.join(' | ');
}

/** One plain progress line (CI logs, pipes). */
export function formatProgressLine(progress: DrillProgress, targetIds: readonly string[]): string {
  return terminalSafe(
    `[${(progress.realElapsedMs / 1000).toFixed(1)}s] ${progress.baseline ? 'baseline (no timeline) ' : ''}+${formatDuration(progress.elapsedMs)} simulated: sent ${progress.sent}/${progress.total}, served ${progress.served}, fallbacks ${progress.fallbacks}, failures ${progress.failed}, in flight ${progress.inFlight}; share ${formatShare(progress, targetIds)}`,
  );
}

/** The live block redrawn in a terminal. */
function formatProgressBlock(progress: DrillProgress, targetIds: readonly string[]): string[] {
  const done = progress.total === 0 ? 1 : progress.sent / progress.total;
  const width = 24;
  const filled = Math.round(done * width);
  return [
    `  ${progress.baseline ? 'baseline (no timeline) ' : ''}${'#'.repeat(filled)}${'.'.repeat(width - filled)} ${percent(done).padStart(4)}  elapsed ${(progress.realElapsedMs / 1000).toFixed(1)}s (+${formatDuration(progress.elapsedMs)} simulated)`,
    `  sent ${progress.sent}/${progress.total}  served ${progress.served}  fallbacks ${progress.fallbacks}  failures ${progress.failed}  in flight ${progress.inFlight}`,
    `  traffic now: ${formatShare(progress, targetIds)}`,
    `  last event: ${progress.lastEvent ?? '-'}`,
  ].map(terminalSafe);
}

/**
 * Shows a drill's progress: a block redrawn in place on a terminal, or
 * plain lines (one per event, one status line every `everyMs`) otherwise.
 * Events are printed as they happen in both cases.
 */
function progressView(options: {
  output: Output;
  targetIds: readonly string[];
  everyMs: number;
  columns: number;
}) {
  const { output, targetIds } = options;
  let lastEvent: string | undefined;
  let drawn = 0;
  let lastLine = Number.NEGATIVE_INFINITY;
  const clip = (line: string) =>
    line.length > options.columns ? `${line.slice(0, options.columns - 1)}…` : line;
  // An event's label may come from a config (a rule id): written out if it holds a control character.
  const eventLine = (progress: DrillProgress) =>
    terminalSafe(`  +${formatDuration(progress.elapsedMs).padEnd(6)} ${progress.lastEvent ?? ''}`);
  return {
    update(progress: DrillProgress, final = false) {
      const isEvent = progress.lastEvent !== undefined && progress.lastEvent !== lastEvent;
      lastEvent = progress.lastEvent;
      if (output.interactive) {
        let text = drawn > 0 ? `\x1b[${drawn}A\x1b[0J` : '';
        if (isEvent) text += `${clip(eventLine(progress))}\n`;
        const block = formatProgressBlock(progress, targetIds).map(clip);
        text += `${block.join('\n')}\n`;
        drawn = block.length;
        output.stderr(text);
        return;
      }
      if (isEvent) output.stderr(`${eventLine(progress)}\n`);
      if (final || progress.realElapsedMs - lastLine >= options.everyMs) {
        lastLine = progress.realElapsedMs;
        output.stderr(`${formatProgressLine(progress, targetIds)}\n`);
      }
    },
  };
}

/**
 * Runs `switchyard drill`: reads the scenario, runs it with live progress,
 * prints the summary, where the records went and, last, the HTML report.
 *
 * @param options.file the scenario file.
 * @param options.scenario the scenario already read from `file` (default: read here).
 * @param options.options the parsed command-line options.
 * @param options.output where to write (progress on stderr, summary on stdout).
 * @param options.signal stops the drill (Ctrl-C); what was gathered is still written.
 * @returns the result.
 * @throws {SwitchyardError} `SWITCHYARD_ASSERTION_FAILED` naming the failed assertions (exit 1),
 *   `SWITCHYARD_ABORTED` when stopped by the signal (exit 130).
 */
export async function runDrillCommand(options: {
  file: string;
  scenario?: Scenario;
  options: DrillCommandOptions;
  output: Output;
  signal?: AbortSignal;
}): Promise<DrillResult> {
  const { file, output } = options;
  const flags = options.options;
  if (flags.mode === 'live' && flags.maxSpend === undefined) {
    throw new UsageError('--mode live calls real providers and needs a spend cap: add --max-spend USD');
  }
  if (flags.mode !== 'live' && flags.maxSpend !== undefined) {
    throw new UsageError('--max-spend applies to --mode live only');
  }
  if (flags.mode !== 'loopback' && flags.timeScale !== undefined) {
    throw new UsageError(
      `--time-scale applies to --mode loopback only (real sockets, scaled real time); ${flags.mode === 'live' ? 'live drills run in real time' : 'simulated drills run on virtual time, as fast as the machine computes, and need no scale'}`,
    );
  }
  const loaded = options.scenario ?? (await readScenarioFile(file));
  const scenario: Scenario =
    flags.timeScale === undefined ? loaded : { ...loaded, timeScale: flags.timeScale };
  const out = flags.out ?? join('.switchyard', 'runs', basename(file, extname(file)));
  await prepareOutputFolder({ folder: out, option: '--out' });
  const targetIds = scenario.config.targets.map((target) => target.id);
  const speed =
    flags.mode === 'live'
      ? 'real time'
      : flags.mode === 'loopback'
        ? `${scenario.timeScale}x real time over loopback sockets (not reproducible)`
        : 'virtual time (reproducible: same scenario and seed, same records)';
  output.stderr(
    `Drill "${scenario.name}" from ${file}: ${scenario.workload.total} requests, ${scenario.timeline.length} timeline events, ${scenario.assertions.length} assertions; ${flags.mode} mode at ${speed}, seed ${flags.seed}\n`,
  );
  if (scenario.description) output.stderr(`${scenario.description.trim()}\n`);
  for (const warning of scenarioWarnings(scenario)) output.stderr(`warning: ${warning}\n`);
  // Its local models start loading (llama.cpp checks its binary in a child process) before the runner loads.
  const baseDir = dirname(resolve(file));
  await preloadInProcessModels({ scenario, baseDir });
  const { formatDrillSummary, runDrill, unendedWarning } = await import('@switchyard/drill');
  const view = progressView({
    output,
    targetIds,
    everyMs: flags.progressEvery * 1000,
    columns: Math.max(40, process.stderr.columns || 120),
  });
  let latest: DrillProgress | undefined;
  const result = await runDrill({
    scenario,
    mode: flags.mode,
    out,
    report: flags.report !== false,
    seed: flags.seed,
    ...(flags.baseline ? { baseline: true } : {}),
    // A llama-cpp target's model path is relative to the scenario file.
    baseDir,
    ...(flags.maxSpend === undefined ? {} : { maxSpendUsd: flags.maxSpend }),
    progressIntervalMs: output.interactive ? 200 : 250,
    onProgress: (progress) => {
      // The drill's last snapshot is printed before the baseline's first: the baseline's own
      // figures (no fallbacks, every target up) must not read as the drill's.
      if (progress.baseline === true && latest !== undefined && latest.baseline !== true)
        view.update(latest, true);
      latest = progress;
      view.update(progress);
    },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (latest) view.update(latest, true);
  output.stderr(
    `\nRan in ${(result.realMs / 1000).toFixed(1)} s real time${result.baseline ? ' (drill and baseline)' : ''}\n\n`,
  );
  output.stdout(`${formatDrillSummary(result)}\n`);
  for (const event of result.unended ?? []) output.stderr(`warning: ${unendedWarning(event, result)}\n`);
  if (result.stopped === 'signal') {
    throw new SwitchyardError({
      code: errorCodes.ABORTED,
      message: `drill "${result.name}" interrupted after ${result.counts.sent} of ${result.counts.planned} requests; what was gathered is in ${out}`,
    });
  }
  if (!result.passed) {
    const failed = result.verdicts.filter((verdict) => !verdict.passed).map((verdict) => verdict.name);
    const why = [
      failed.length > 0 ? `assertion(s) failed: ${failed.join(', ')}` : '',
      result.stopped === 'max-spend' ? `stopped at the spend cap ($${flags.maxSpend})` : '',
      result.stopped === 'duration' ? 'stopped at the scenario duration before every request settled' : '',
      result.unplayed
        ? `timeline event(s) never played, the drill ended first: ${result.unplayed.map((event) => `timeline[${event.index}] ${event.label}`).join(', ')}`
        : '',
      result.unmet
        ? `fault event(s) no request met: ${result.unmet.map((fault) => `timeline[${fault.index}] ${fault.label}`).join(', ')}`
        : '',
    ].filter(Boolean);
    throw new SwitchyardError({
      code: errorCodes.ASSERTION_FAILED,
      message: `drill "${result.name}" failed: ${why.join('; ')}`,
    });
  }
  if (result.reportError) {
    throw new Error(
      `drill "${result.name}" passed, but its report could not be written: ${result.reportError}. The records are in ${out}: run \`switchyard report ${result.files?.records ?? join(out, 'records.jsonl')}\` to retry, or pass --no-report`,
    );
  }
  return result;
}

/**
 * Registers `switchyard drill <scenario>`: replays a timeline of cut-offs,
 * outages and policy changes against a workload through the router, and
 * checks the assertions over the decision records.
 *
 * A drill of at least 10,000 requests (`longDrillRequests`) run by the
 * `switchyard` bin (`invocation` given) runs again in a Node process with V8 heap
 * settings that keep its memory bounded (`longDrillHeapFlags`), unless Node
 * already has heap flags of its own (command line or `NODE_OPTIONS`).
 *
 * Exit codes: 0 every assertion held, 1 an assertion failed (named on
 * stderr), 2 bad option, 3 invalid scenario, 4 the run failed, 130
 * interrupted (Ctrl-C; what was gathered is written).
 *
 * @example
 * ```sh
 * switchyard drill examples/drills/export-control-day.yaml --out .switchyard/runs/export-control-day
 * ```
 */
export function registerDrillCommand(program: Command, output: Output, invocation?: CliInvocation): Command {
  return program
    .command('drill')
    .description(
      'Rehearse cut-offs, outages and policy changes: run a scenario through the router (on simulators by default) and check its assertions',
    )
    .argument('<scenario>', 'scenario file: YAML, JSON, or a .ts/.js module exporting it as default')
    .option(
      '-o, --out <dir>',
      'folder for records.jsonl, events.json, report.html/.md/.json, summary.json and summary.txt (default .switchyard/runs/<scenario file name>)',
    )
    .option(
      '--no-report',
      'do not write the report (report.html, report.md, report.json) next to the records',
    )
    .option('--seed <n>', 'workload seed', parseNumberOption('--seed', { integer: true, max: maxSeed }), 1)
    .addOption(
      new Option(
        '--mode <mode>',
        'simulated: in-process simulators on virtual time, reproducible; loopback: simulators on real sockets in scaled real time, not reproducible; live: real providers (costs money, needs --max-spend)',
      )
        .choices(['simulated', 'loopback', 'live'])
        .default('simulated'),
    )
    .option(
      '--max-spend <usd>',
      'live mode: stop when the cost reaches this many USD (required with --mode live)',
      parseNumberOption('--max-spend', { above: 0 }),
    )
    .option(
      '--time-scale <n>',
      "--mode loopback only: simulated seconds per real second, up to 10000 (default: the scenario's timeScale); simulated mode runs on virtual time and live mode in real time",
      // The scenario's own bound (`timeScale` at most 10,000): refused here as the flag it is.
      parseNumberOption('--time-scale', { above: 0, max: 10_000 }),
    )
    .option(
      '--baseline',
      'also run the same workload and seed without the timeline, and report what the events cost (cost, latency, served share per jurisdiction and target, requests moved to local open weights)',
    )
    .option(
      '--progress-every <seconds>',
      'seconds between progress lines when not on a terminal or when CI is set',
      parseNumberOption('--progress-every', { above: 0 }),
      2,
    )
    .addHelpText(
      'after',
      `
Progress goes to stderr (redrawn in place on a terminal; plain lines when piped or
when CI is set); the summary goes to stdout, and its last line is the path of the
HTML report (a single file that opens offline). Ctrl-C (or SIGTERM, SIGHUP) stops sending,
aborts what is in flight and still writes what was gathered.

Exit codes: 0 every assertion held; 1 an assertion failed (named on stderr);
2 bad option; 3 invalid or unreadable scenario; 4 the run failed; 130 interrupted (Ctrl-C,
SIGTERM or SIGHUP).

Examples:
  $ switchyard drill examples/drills/export-control-day.yaml
  $ switchyard drill examples/drills/provider-outage.yaml --seed 7 --out runs/outage
  $ switchyard drill examples/drills/export-control-day.yaml --baseline
  $ switchyard drill my-drill.yaml --mode live --max-spend 2`,
    )
    .action(async (file: string, options: DrillCommandOptions) => {
      const scenario = await readScenarioFile(file);
      // Before this process listens for Ctrl-C: a child that runs the drill gets it from the terminal.
      await runLongDrillInChild({ scenario, baseline: options.baseline === true, invocation, output });
      const controller = new AbortController();
      let interrupts = 0;
      // Ctrl-C, and the signals `timeout`, `docker stop`, CI cancels and a closed terminal send: each
      // stops the drill the same way; a second one quits at once.
      const onStopSignal = (signal: NodeJS.Signals) => {
        interrupts++;
        if (interrupts > 1) process.exit(130);
        const again = signal === 'SIGINT' ? 'Ctrl-C' : signal;
        output.stderr(
          `\nStopping: aborting requests in flight and writing what was gathered (${again} again to quit at once)\n`,
        );
        controller.abort();
      };
      for (const signal of stopSignals) process.on(signal, onStopSignal);
      try {
        if (scenario.fleet !== undefined) {
          const { runFleetDrillCommand } = await import('./fleet-drill.js');
          await runFleetDrillCommand({ file, scenario, flags: options, output, signal: controller.signal });
        } else {
          await runDrillCommand({ file, scenario, options, output, signal: controller.signal });
        }
      } finally {
        for (const signal of stopSignals) process.off(signal, onStopSignal);
      }
    });
}
