import { rm, rmdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { LanguageModelV4 } from '@ai-sdk/provider';
import { errorCodes, SwitchyardError, type Target } from '@switchyard/core';
import { createPolicyTimeline } from '../assertions/policy-timeline.js';
import { validateScenario } from '../scenario/parse-scenario.js';
import type { Scenario, ScenarioInput } from '../scenario/scenario-schema.js';
import type { DrillTimers } from '../timeline/schedule-timeline.js';
import { realWork } from '../virtual-time/real-work.js';
import { runOnVirtualTime } from '../virtual-time/run-on-virtual-time.js';
import { maxSeed } from '../workload/seeded-random.js';
import { checkOutOption } from './check-out-option.js';
import { compareBaseline } from './compare-baseline.js';
import { createDrillBackend } from './drill-backend.js';
import type { DrillProgress } from './drill-progress.js';
import type { DrillMode, DrillResult } from './drill-result.js';
import { adapterModelFactory, type ModelFactory } from './model-factory.js';
import { RecordsFile } from './records-file.js';
import { type Pass, runPass } from './run-pass.js';
import { warmUpModels } from './warm-up-models.js';
import { drillReportAggregator, writeDrillResults } from './write-drill-results.js';

/** Options of {@link runDrill}. */
export interface RunDrillOptions {
  /** The scenario (validated here; `parseScenario` output or a TypeScript object). */
  scenario: Scenario | ScenarioInput;
  /**
   * `simulated` (default): in-process simulators on a virtual clock, reproducible (same
   * scenario and seed, same bytes); `loopback`: simulators on real sockets in scaled real time,
   * not reproducible; `live`: real providers, faults at the adapter boundary.
   */
  mode?: DrillMode;
  /**
   * Folder for `records.jsonl`, `events.json`, the report (`report.html`, `report.md`,
   * `report.json`), `summary.json` and `summary.txt`; absent: nothing is written.
   */
  out?: string;
  /** Write the report next to the records (default true; only with `out`). */
  report?: boolean;
  /** Workload seed, an integer from 0 to `maxSeed` (4,294,967,295; default 1). */
  seed?: number;
  /** Also run the same workload and seed without the timeline, and report what the events cost (default false). */
  baseline?: boolean;
  /** Keep every decision record in `result.records` (default: only when there is no `out`). */
  keepRecords?: boolean;
  /** Loopback mode: simulated ms per real ms (default the scenario's `timeScale`). */
  timeScale?: number;
  /** Called with a snapshot every `progressIntervalMs` real ms and on every event. */
  onProgress?: (progress: DrillProgress) => void;
  /** Real ms between progress snapshots (default 250). */
  progressIntervalMs?: number;
  /** Stops sending, aborts what is in flight, and still evaluates and writes what was gathered. */
  signal?: AbortSignal;
  /** Live mode: stop when the records' cost reaches this many USD. Required in live mode. */
  maxSpendUsd?: number;
  /**
   * The model of some target ids. Live mode: the real models (default: built by `modelFactory` from
   * the environment's keys). Simulated and loopback modes: these targets use the given model instead
   * of a simulator, e.g. local open weights in process; wrap a model that does real work the virtual
   * clock cannot see (inference) in `realWorkModel`. Timeline faults do not reach them.
   */
  models?: Readonly<Record<string, LanguageModelV4>>;
  /** How to build a target's model (default: the Switchyard adapter of its provider). */
  modelFactory?: ModelFactory;
  /**
   * Folder that relative paths in the scenario resolve against, such as the
   * `model` of a `llama-cpp` target (a `.gguf` file): the scenario file's
   * folder. Default: the working directory.
   */
  baseDir?: string;
  /** Loopback and live modes: timers (default the global ones); tests inject fake ones. */
  timers?: DrillTimers;
}

/**
 * Runs a drill: builds the models (in-process simulators, loopback
 * simulators or the real providers), builds the router over the scenario's
 * config, sends the workload while the timeline plays (faults, policy
 * changes, restores, rules' effective dates) and evaluates every assertion
 * over the decision records as they arrive, streaming them to
 * `out/records.jsonl`.
 *
 * Time. `simulated` (default) runs on a virtual clock ({@link runOnVirtualTime}):
 * the workload, the timeline, the router (its clock, timeouts, backoffs,
 * retry-after waits and breaker) and the simulators' latencies all read it,
 * and it jumps to the next timer once nothing else is in flight. Same
 * scenario and seed, same records, summary and report, byte for byte, on any
 * machine under any load, and minutes of scenario take seconds. `loopback`
 * runs the simulators on real sockets at `timeScale` times real time (not
 * reproducible: the machine's load shows in the latencies); `live` runs in
 * real time against the real providers.
 *
 * Everything that can be checked is checked before the first request: the
 * scenario, every policy of the timeline (compiled), the simulators, the
 * records file (created empty), the live spend cap.
 *
 * @param options see {@link RunDrillOptions}.
 * @returns the result; `passed` is true only when every assertion held and the records were written.
 * @throws {ConfigError} when the scenario is invalid, a target's provider included: one without a
 *   simulator that does not run in process, whose model is not given in `models` (any provider in
 *   live mode with a `modelFactory`).
 * @throws {SwitchyardError} `SWITCHYARD_CONFIG_INVALID` for live mode without `maxSpendUsd`.
 *
 * @example
 * ```ts
 * const result = await runDrill({ scenario: parseScenario({ text, file }), out: 'drill-out', baseline: true });
 * process.exitCode = result.passed ? 0 : 1;
 * ```
 */
export async function runDrill(options: RunDrillOptions): Promise<DrillResult> {
  checkOutOption(options.out);
  const mode = options.mode ?? 'simulated';
  // The targets whose model the drill does not build itself: any provider will do for them.
  const givenModels =
    mode === 'live' && options.modelFactory !== undefined ? 'all' : Object.keys(options.models ?? {});
  const scenario = validateScenario(options.scenario as ScenarioInput, { givenModels });
  if (scenario.fleet !== undefined) {
    throw new SwitchyardError({
      code: errorCodes.CONFIG_INVALID,
      message: `scenario "${scenario.name}" is a fleet drill (fleet: { processes: ${scenario.fleet.processes} }): run it with runFleetDrill (switchyard drill does)`,
    });
  }
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed) || seed < 0 || seed > maxSeed) {
    throw new SwitchyardError({
      code: errorCodes.CONFIG_INVALID,
      message: `seed ${seed}: expected an integer from 0 to ${maxSeed} (the workload's generator keeps 32 bits, so a larger seed would replay a smaller one's workload under its own name)`,
    });
  }
  if (mode === 'live' && (options.maxSpendUsd === undefined || !(options.maxSpendUsd > 0))) {
    throw new SwitchyardError({
      code: errorCodes.CONFIG_INVALID,
      message: 'a live drill needs a spend cap: give maxSpendUsd (--max-spend USD) above 0',
    });
  }
  const timeScale = mode === 'loopback' ? (options.timeScale ?? scenario.timeScale) : 1;
  const startMs = Date.parse(scenario.start);
  const policy = createPolicyTimeline({ config: scenario.config, timeline: scenario.timeline, startMs });
  const keepRecords = options.keepRecords ?? options.out === undefined;
  const tracked = mode === 'simulated' ? realWork : undefined;
  // The report's figures are gathered as the records are written, not read back from the files.
  const aggregated = () => (options.report === false ? {} : { aggregator: drillReportAggregator() });
  const recordsFile =
    options.out === undefined
      ? undefined
      : await RecordsFile.create({
          path: join(options.out, 'records.jsonl'),
          ...(tracked ? { realWork: tracked } : {}),
          ...aggregated(),
        });
  const baselineFile =
    options.out === undefined || options.baseline !== true
      ? undefined
      : await RecordsFile.create({
          path: join(options.out, 'baseline', 'records.jsonl'),
          ...(tracked ? { realWork: tracked } : {}),
          ...aggregated(),
        });
  const real = {
    now: performance.now.bind(performance),
    setInterval: globalThis.setInterval,
    clearInterval: globalThis.clearInterval,
  };
  const backend = await createDrillBackend({
    mode,
    scenario,
    timeScale,
    modelFactory: options.modelFactory ?? adapterModelFactory,
    ...(options.models ? { models: options.models } : {}),
    ...(options.baseDir === undefined ? {} : { baseDir: options.baseDir }),
  });
  const common = { scenario, mode, seed, startMs, timeScale, backend, options, real, keepRecords };
  let drill: Pass;
  let baselinePass: Pass | undefined;
  try {
    // A model that loads during the run is not warmed up: the drill would wait for its loading.
    const warmed = (scenario.config.targets as Target[]).filter(
      (target) => !backend.loadingDuringRun.has(target.id),
    );
    const warmUp = () => warmUpModels({ models: backend.models, targets: warmed });
    if (mode === 'simulated') await runOnVirtualTime({ startMs, run: warmUp });
    else if (mode === 'loopback') await warmUp();
    const run = (timeline: Scenario['timeline'], file: RecordsFile | undefined, baseline: boolean) => {
      backend.reset();
      const pass = { ...common, timeline, baseline, policy, recordsFile: file };
      return mode === 'simulated'
        ? runOnVirtualTime({ startMs, run: () => runPass(pass) }).then(({ value }) => value)
        : runPass(pass);
    };
    drill = await run(scenario.timeline, recordsFile, false);
    if (options.baseline === true && drill.stopped !== 'signal') {
      baselinePass = await run([], baselineFile, true);
    }
  } finally {
    await backend.stop();
  }
  let recordsError: string | undefined;
  for (const file of [recordsFile, baselineFile]) {
    try {
      await file?.close();
    } catch (error) {
      recordsError ??= (error as Error).message;
    }
  }
  // Stopped before the baseline ran: its empty file is not left behind, nor named in the outputs.
  const ranBaselineFile = baselinePass === undefined ? undefined : baselineFile;
  if (baselineFile !== undefined && ranBaselineFile === undefined) {
    await rm(baselineFile.path, { force: true });
    await rmdir(dirname(baselineFile.path)).catch(() => {});
  }
  // A drill that ended before an event of its timeline, or whose fault no request met, did not
  // rehearse it: it does not pass.
  const passed =
    drill.stopped === undefined &&
    drill.unplayed.length === 0 &&
    drill.unmet.length === 0 &&
    recordsError === undefined &&
    drill.verdicts.every((verdict) => verdict.passed);
  const result: DrillResult = {
    name: scenario.name,
    mode,
    seed,
    startMs,
    passed,
    ...(drill.stopped ? { stopped: drill.stopped } : {}),
    ...(drill.unplayed.length > 0 ? { unplayed: drill.unplayed } : {}),
    ...(drill.unended.length > 0 ? { unended: drill.unended } : {}),
    ...(drill.unmet.length > 0 ? { unmet: drill.unmet } : {}),
    verdicts: drill.verdicts,
    counts: {
      planned: drill.counts.planned,
      sent: drill.counts.sent,
      served: drill.counts.served,
      failed: drill.counts.failed,
      lost: drill.counts.lost,
      attempts: drill.counts.attempts,
      fallbacks: drill.counts.fallbacks,
    },
    ...drill.figures,
    events: drill.events,
    simulatedMs: drill.simulatedMs,
    realMs: drill.realMs + (baselinePass?.realMs ?? 0),
    ...(drill.eventLoop ? { eventLoop: drill.eventLoop } : {}),
    ...(baselinePass
      ? { baseline: compareBaseline({ baseline: baselinePass.figures, drill: drill.figures }) }
      : {}),
    ...(recordsError ? { recordsError } : {}),
    ...(Object.keys(drill.counts.failures).length > 0 ? { failures: drill.counts.failures } : {}),
    ...(drill.lostExamples.length > 0 ? { lostExamples: drill.lostExamples } : {}),
    records: drill.records,
  };
  if (options.out === undefined || recordsFile === undefined) return result;
  return writeDrillResults({
    result,
    scenario,
    out: options.out,
    recordsPath: recordsFile.path,
    ...(ranBaselineFile ? { baselineRecordsPath: ranBaselineFile.path } : {}),
    // Records not all written: the report reads what the files hold, as it always did.
    ...(recordsError === undefined && recordsFile.aggregator
      ? { recordsAggregator: recordsFile.aggregator }
      : {}),
    ...(recordsError === undefined && ranBaselineFile?.aggregator
      ? { baselineAggregator: ranBaselineFile.aggregator }
      : {}),
    ...(options.report === false ? { report: false } : {}),
  });
}
