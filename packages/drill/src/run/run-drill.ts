import { join } from 'node:path';
import type { LanguageModelV4 } from '@ai-sdk/provider';
import { type DecisionRecord, errorCodes, SwitchyardError, type Target } from '@switchyard/core';
import { createRouter, type HealthOptions, healthDefaults, type Router } from '@switchyard/router';
import { createAssertionEvaluator } from '../assertions/evaluate-assertion.js';
import { createPolicyTimeline, type PolicyTimeline } from '../assertions/policy-timeline.js';
import { validateScenario } from '../scenario/parse-scenario.js';
import type { Scenario, ScenarioInput } from '../scenario/scenario-schema.js';
import { expandTimeline } from '../timeline/expand-timeline.js';
import { ruleDateEvents } from '../timeline/rule-date-events.js';
import { type DrillTimers, realTimers, scheduleTimeline } from '../timeline/schedule-timeline.js';
import { realWork } from '../virtual-time/real-work.js';
import { runOnVirtualTime } from '../virtual-time/run-on-virtual-time.js';
import { workloadRequests } from '../workload/create-workload.js';
import { seededRandom } from '../workload/seeded-random.js';
import { compareBaseline } from './compare-baseline.js';
import { createDrillBackend, type DrillBackend } from './drill-backend.js';
import type { DrillEvent, DrillProgress } from './drill-progress.js';
import type { DrillFigures, DrillMode, DrillResult } from './drill-result.js';
import { DrillTally } from './drill-tally.js';
import { type DrillEventLoop, watchEventLoop } from './event-loop-lag.js';
import { adapterModelFactory, type ModelFactory } from './model-factory.js';
import { timelinePlayer } from './play-timeline.js';
import { RecordsFile } from './records-file.js';
import { sendWorkload, type WorkloadCounts } from './send-workload.js';
import { warmUpModels } from './warm-up-models.js';
import { writeDrillResults } from './write-drill-results.js';

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
  /** Workload seed (default 1). */
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
  /** Loopback and live modes: timers (default the global ones); tests inject fake ones. */
  timers?: DrillTimers;
}

/** Real-time router health settings, scaled from simulated time (loopback mode). */
function scaledHealth(timeScale: number): HealthOptions {
  const scale = (ms: number) => Math.max(1, Math.round(ms / timeScale));
  return {
    initialBackoffMs: scale(healthDefaults.initialBackoffMs),
    maxBackoffMs: scale(healthDefaults.maxBackoffMs),
    maxRetryAfterMs: Math.round(healthDefaults.maxRetryAfterMs / timeScale),
    attemptTimeoutMs: scale(healthDefaults.attemptTimeoutMs),
    ttftTimeoutMs: scale(healthDefaults.ttftTimeoutMs),
    breakerHalfOpenAfterMs: scale(healthDefaults.breakerHalfOpenAfterMs),
  };
}

/** What one pass of a workload (with or without the timeline) gathered. */
interface Pass {
  counts: WorkloadCounts & { planned: number; attempts: number; fallbacks: number };
  figures: DrillFigures;
  verdicts: DrillResult['verdicts'];
  events: DrillEvent[];
  simulatedMs: number;
  realMs: number;
  stopped?: DrillResult['stopped'];
  lostExamples: string[];
  records: DecisionRecord[];
  eventLoop?: DrillEventLoop;
}

interface PassOptions {
  scenario: Scenario;
  timeline: Scenario['timeline'];
  mode: DrillMode;
  seed: number;
  startMs: number;
  timeScale: number;
  backend: DrillBackend;
  policy: PolicyTimeline;
  recordsFile: RecordsFile | undefined;
  keepRecords: boolean;
  options: RunDrillOptions;
  real: { now: () => number; setInterval: typeof setInterval; clearInterval: typeof clearInterval };
}

/** Sends the workload through a fresh router while the timeline plays; evaluates the assertions as records arrive. */
async function runPass(pass: PassOptions): Promise<Pass> {
  const { scenario, mode, seed, startMs, timeScale, backend, options, real } = pass;
  const virtual = mode === 'simulated';
  const timers = virtual ? realTimers : (options.timers ?? realTimers);
  const targets = scenario.config.targets as Target[];
  const actions = expandTimeline({ timeline: pass.timeline });
  const realStart = real.now();
  const clockStart = timers.now();
  const elapsedMs = () => (timers.now() - clockStart) * timeScale;
  const eventLoopWatch = mode === 'loopback' ? watchEventLoop(timeScale) : undefined;
  let runDueActions: (elapsedMs: number) => void = () => {};
  // The router's clock runs every timeline action due by the instant it reads, before returning it:
  // no request or attempt can carry an instant at or after an event's offset without that event in force.
  const routerClock = {
    now: () => {
      const elapsed = elapsedMs();
      runDueActions(elapsed);
      return startMs + elapsed;
    },
  };
  let requestNumber = 0;
  const router: Router = createRouter({
    config: scenario.config,
    models: backend.models,
    clock: routerClock,
    random: seededRandom(seed ^ 0x5eed),
    ...(mode === 'loopback' ? { health: scaledHealth(timeScale) } : {}),
    ...(virtual ? { requestId: () => `drill-${seed}-${String(++requestNumber).padStart(7, '0')}` } : {}),
  });

  const tally = new DrillTally({ targets, actions, startMs });
  const evaluators = scenario.assertions.map((assertion) =>
    createAssertionEvaluator(assertion, {
      targets,
      policy: pass.policy,
      startMs,
      restores: pass.timeline
        .filter((event) => event.type === 'restore')
        .map((event) => ({
          at: startMs + event.at,
          ...(event.target !== undefined ? { target: event.target } : {}),
          ...(event.provider !== undefined ? { provider: event.provider } : {}),
        })),
    }),
  );
  const records: DecisionRecord[] = [];
  const events: DrillEvent[] = [];
  const recentServed: string[] = [];
  const counts = {
    sent: 0,
    served: 0,
    failed: 0,
    failures: {} as WorkloadCounts['failures'],
    lost: 0,
    inFlight: 0,
    planned: scenario.workload.total,
    attempts: 0,
    fallbacks: 0,
  };
  let costUsd = 0;
  let stopped: DrillResult['stopped'];
  const controllers = new Set<AbortController>();
  const lostExamples: string[] = [];

  const progress = (): DrillProgress => {
    const share: Record<string, number> = {};
    for (const id of recentServed) share[id] = (share[id] ?? 0) + 1 / recentServed.length;
    const last = events[events.length - 1];
    return {
      elapsedMs: elapsedMs(),
      realElapsedMs: real.now() - realStart,
      total: counts.planned,
      sent: counts.sent,
      served: counts.served,
      failed: counts.failed + counts.lost,
      inFlight: counts.inFlight,
      fallbacks: counts.fallbacks,
      attempts: counts.attempts,
      share,
      ...(last ? { lastEvent: last.description } : {}),
      costUsd,
    };
  };
  const report = () => options.onProgress?.(progress());
  const logEvent = (source: DrillEvent['source'], description: string) => {
    events.push({ atMs: elapsedMs(), source, description });
    report();
  };
  let wake: () => void = () => {};
  const stop = (reason: NonNullable<DrillResult['stopped']>, abortInFlight: boolean) => {
    if (stopped === undefined) stopped = reason;
    if (abortInFlight)
      for (const controller of controllers) controller.abort(new Error(`drill stopped: ${reason}`));
    wake();
  };

  router.on('request-end', (record) => {
    pass.recordsFile?.write(record);
    tally.add(record);
    for (const evaluator of evaluators) evaluator.add(record);
    if (pass.keepRecords) records.push(record);
    counts.attempts += record.attempts.length;
    costUsd += record.totals.costUsd;
    if (record.totals.fallbackDepth > 0) counts.fallbacks++;
    if (record.servedBy !== null) {
      recentServed.push(record.servedBy);
      if (recentServed.length > 200) recentServed.shift();
    }
    if (options.maxSpendUsd !== undefined && mode === 'live' && costUsd >= options.maxSpendUsd)
      stop('max-spend', true);
  });
  router.on('target-cut-off', (event) => {
    logEvent(
      'router',
      `router cut off ${event.targetId} ${event.scope === 'jurisdiction' ? `for ${event.jurisdiction ?? '?'} callers` : 'for everyone'} (${event.failure.cutoffReason ?? event.failure.code ?? event.failure.kind})`,
    );
  });

  const timeline = scheduleTimeline({
    actions,
    timeScale,
    timers,
    onAction: timelinePlayer({
      router,
      backend,
      targets,
      log: (description) => logEvent('timeline', description),
    }),
  });
  runDueActions = timeline.runDue;
  const endMs =
    startMs + (scenario.duration ?? Math.max(0, ...actions.map((action) => action.atMs)) + 3_600_000);
  const ruleTimers = (
    pass.timeline.length === 0 ? [] : ruleDateEvents({ policy: pass.policy, startMs, endMs })
  ).map((event) => timers.setTimeout(() => logEvent('policy', event.description), event.atMs / timeScale));
  const onAbort = () => stop('signal', true);
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  const durationTimer =
    scenario.duration === undefined
      ? undefined
      : timers.setTimeout(() => stop('duration', false), scenario.duration / timeScale);
  const progressTimer = real.setInterval(report, options.progressIntervalMs ?? 250);
  progressTimer.unref?.();
  let eventLoop: DrillEventLoop | undefined;
  try {
    await sendWorkload({
      model: router.languageModel(scenario.workload.route),
      requests: workloadRequests({ workload: scenario.workload, seed }),
      loop:
        scenario.workload.rate !== undefined
          ? { rate: true }
          : { rate: false, concurrency: scenario.workload.concurrency ?? 1 },
      elapsedMs,
      timeScale,
      counts,
      lostExamples,
      controllers,
      isStopped: () => stopped !== undefined,
      beforeSend: (now) => timeline.runDue(now),
      onWake: (resolve) => {
        wake = resolve;
      },
    });
  } finally {
    real.clearInterval(progressTimer);
    if (durationTimer !== undefined) timers.clearTimeout(durationTimer);
    for (const timer of ruleTimers) timers.clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    timeline.cancel();
    eventLoop = eventLoopWatch?.stop();
    await router.close();
  }
  report();
  const simulatedMs = elapsedMs();
  const outcomes = {
    sent: counts.sent,
    outcomes: { served: counts.served, failed: counts.failed, lost: counts.lost },
  };
  return {
    counts,
    figures: tally.figures(simulatedMs),
    verdicts: evaluators.map((evaluator) => evaluator.verdict(outcomes)),
    events,
    simulatedMs,
    realMs: real.now() - realStart,
    ...(stopped ? { stopped } : {}),
    lostExamples,
    records,
    ...(eventLoop ? { eventLoop } : {}),
  };
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
 * @throws {ConfigError} when the scenario is invalid.
 * @throws {SwitchyardError} `SWITCHYARD_CONFIG_INVALID` for live mode without `maxSpendUsd`, or a provider without a simulator.
 *
 * @example
 * ```ts
 * const result = await runDrill({ scenario: parseScenario({ text, file }), out: 'drill-out', baseline: true });
 * process.exitCode = result.passed ? 0 : 1;
 * ```
 */
export async function runDrill(options: RunDrillOptions): Promise<DrillResult> {
  const scenario = validateScenario(options.scenario as ScenarioInput);
  const mode = options.mode ?? 'simulated';
  const seed = options.seed ?? 1;
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
  const recordsFile =
    options.out === undefined
      ? undefined
      : await RecordsFile.create({
          path: join(options.out, 'records.jsonl'),
          ...(tracked ? { realWork: tracked } : {}),
        });
  const baselineFile =
    options.out === undefined || options.baseline !== true
      ? undefined
      : await RecordsFile.create({
          path: join(options.out, 'baseline', 'records.jsonl'),
          ...(tracked ? { realWork: tracked } : {}),
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
  });
  const common = { scenario, mode, seed, startMs, timeScale, backend, options, real, keepRecords };
  let drill: Pass;
  let baselinePass: Pass | undefined;
  try {
    const warmUp = () =>
      warmUpModels({ models: backend.models, targets: scenario.config.targets as Target[] });
    if (mode === 'simulated') await runOnVirtualTime({ startMs, run: warmUp });
    else if (mode === 'loopback') await warmUp();
    const run = (timeline: Scenario['timeline'], file: RecordsFile | undefined) => {
      backend.reset();
      return mode === 'simulated'
        ? runOnVirtualTime({
            startMs,
            run: () => runPass({ ...common, timeline, policy, recordsFile: file }),
          }).then(({ value }) => value)
        : runPass({ ...common, timeline, policy, recordsFile: file });
    };
    drill = await run(scenario.timeline, recordsFile);
    if (options.baseline === true && drill.stopped !== 'signal') {
      baselinePass = await run([], baselineFile);
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
  const passed =
    drill.stopped === undefined &&
    recordsError === undefined &&
    drill.verdicts.every((verdict) => verdict.passed);
  const result: DrillResult = {
    name: scenario.name,
    mode,
    seed,
    startMs,
    passed,
    ...(drill.stopped ? { stopped: drill.stopped } : {}),
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
    ...(baselineFile ? { baselineRecordsPath: baselineFile.path } : {}),
    ...(options.report === false ? { report: false } : {}),
  });
}
