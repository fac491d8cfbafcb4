import { basename, extname, join } from 'node:path';
import { errorCodes, SwitchyardError } from '@switchyard/core';
import { redactSecrets } from '@switchyard/core/failure';
import { type FleetDrillResult, formatFleetSummary, runFleetDrill, type Scenario } from '@switchyard/drill';
import { UsageError } from '../exit-codes.js';
import type { Output } from '../output.js';
import { prepareOutputFolder } from '../output-path.js';

/**
 * Runs a fleet drill for `switchyard drill` (a scenario with a `fleet` block):
 * N router processes sharing health through Redis, against the same
 * loopback simulators, in real time. Prints the live log on stderr and the
 * summary (verdicts first; then who detected each cut-off, when each process
 * got the news, and what it cost; then what a single drill's summary shows,
 * and where the files went) on stdout. It writes what a single drill writes:
 * records, events, summaries and the report.
 *
 * @throws {UsageError} for options a fleet drill does not take (`--mode`, `--baseline`, `--max-spend`).
 * @throws {SwitchyardError} `SWITCHYARD_ASSERTION_FAILED` when an assertion fails (exit 1),
 *   `SWITCHYARD_ABORTED` when stopped by the signal (exit 130).
 */
export async function runFleetDrillCommand(options: {
  file: string;
  scenario: Scenario;
  flags: {
    mode: string;
    out?: string;
    seed: number;
    report: boolean;
    baseline?: boolean;
    maxSpend?: number;
    timeScale?: number;
  };
  output: Output;
  signal?: AbortSignal;
}): Promise<FleetDrillResult> {
  const { file, scenario, flags, output } = options;
  if (flags.mode !== 'simulated' || flags.baseline || flags.maxSpend !== undefined) {
    throw new UsageError(
      'a fleet drill (fleet: in the scenario) runs its processes in real time over loopback simulators: --mode, --baseline and --max-spend do not apply',
    );
  }
  const fleet = scenario.fleet as NonNullable<Scenario['fleet']>;
  const out = flags.out ?? join('.switchyard', 'runs', basename(file, extname(file)));
  await prepareOutputFolder({ folder: out, option: '--out' });
  output.stderr(
    `Fleet drill "${scenario.name}" from ${file}: ${scenario.workload.total} requests over ${fleet.processes} router processes sharing health through ${fleet.redis === undefined ? 'an embedded redis-server' : redactSecrets(fleet.redis)}; real time x${flags.timeScale ?? 1} over loopback simulators (not reproducible), seed ${flags.seed}\n`,
  );
  const result = await runFleetDrill({
    scenario,
    out,
    seed: flags.seed,
    report: flags.report !== false,
    ...(flags.timeScale === undefined ? {} : { timeScale: flags.timeScale }),
    onLog: (line) => output.stderr(`${line}\n`),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  // The summary ends with where the files went, as a single drill's does (the HTML report last).
  output.stdout(`${formatFleetSummary(result)}\n`);
  if (options.signal?.aborted) {
    throw new SwitchyardError({
      code: errorCodes.ABORTED,
      message: `fleet drill "${scenario.name}" interrupted; what was gathered is in ${out}`,
    });
  }
  if (!result.passed) {
    const failed = [
      ...result.verdicts.filter((verdict) => !verdict.passed).map((verdict) => verdict.name),
      ...result.fleetVerdicts.filter((verdict) => !verdict.passed).map((verdict) => verdict.name),
      ...result.processFailures,
      ...(result.stopped === 'duration'
        ? ['stopped at the scenario duration before every request settled']
        : []),
      ...(result.unplayed ?? []).map((event) => `timeline[${event.index}] ${event.label} never played`),
    ];
    throw new SwitchyardError({
      code: errorCodes.ASSERTION_FAILED,
      message: `fleet drill "${scenario.name}" failed: ${failed.join(', ')}`,
    });
  }
  if (result.reportError) {
    throw new Error(
      `fleet drill "${scenario.name}" passed, but its report could not be written: ${result.reportError}. The records are in ${out}: run \`switchyard report ${result.files?.records ?? join(out, 'records.jsonl')}\` to retry, or pass --no-report`,
    );
  }
  return result;
}
