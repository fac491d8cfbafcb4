import { join } from 'node:path';
import { type DecisionRecord, errorCodes, SwitchyardError, type Target } from '@switchyard/core';
import { startRedisServer } from '@switchyard/redis/test';
import { namedAssertions } from '../assertions/assertion-names.js';
import { createAssertionEvaluator } from '../assertions/evaluate-assertion.js';
import { createPolicyTimeline } from '../assertions/policy-timeline.js';
import { targetsOf } from '../faults/fault-state.js';
import { checkOutOption } from '../run/check-out-option.js';
import { createDrillBackend } from '../run/drill-backend.js';
import { DrillTally } from '../run/drill-tally.js';
import { adapterModelFactory } from '../run/model-factory.js';
import type { PlayedAction } from '../run/played-event.js';
import { RecordsFile } from '../run/records-file.js';
import { unplayedEvents } from '../run/unplayed-events.js';
import { writeDrillResults } from '../run/write-drill-results.js';
import { validateScenario } from '../scenario/parse-scenario.js';
import type { Scenario, ScenarioInput } from '../scenario/scenario-schema.js';
import { maxDrillSpanMs } from '../scenario/workload-span-problems.js';
import { describeAction, expandTimeline, type TimelineAction } from '../timeline/expand-timeline.js';
import { setLongTimeout } from '../timeline/long-timeout.js';
import { ruleDateEvents } from '../timeline/rule-date-events.js';
import { realTimers, scheduleTimeline } from '../timeline/schedule-timeline.js';
import { FleetCutoffTally } from './fleet-cutoff-tally.js';
import { fleetDrillEvents } from './fleet-drill-events.js';
import { type FleetDrillResult, ProcessTally } from './fleet-drill-result.js';
import { evaluateFleetAssertion } from './fleet-figures.js';
import { FleetMembers } from './fleet-members.js';
import { fleetPresentation } from './fleet-presentation.js';
import { formatFleetSummary } from './format-fleet-summary.js';

export type { FleetDrillResult } from './fleet-drill-result.js';

/** Options of {@link runFleetDrill}. */
export interface RunFleetDrillOptions {
  /** A scenario with a `fleet` block (validated here). */
  scenario: Scenario | ScenarioInput;
  /** Workload seed (default 1). */
  seed?: number;
  /**
   * Simulated ms per real ms (default 1: real time, whatever the scenario's `timeScale`). Above 1,
   * deadlines the processes share (cooldowns, open circuits) mix scaled and real time: keep 1 for
   * drills that exercise circuits.
   */
  timeScale?: number;
  /**
   * Folder for what a single drill writes: `records.jsonl` (every process's records),
   * `events.json`, `summary.json`, `summary.txt` and the report (`report.html`, `report.md`,
   * `report.json`); absent: nothing is written.
   */
  out?: string;
  /** Write the report next to the records (default true; only with `out`). */
  report?: boolean;
  /** Stops sending; what is in flight finishes, and the figures are still computed. */
  signal?: AbortSignal;
  /** Called with each line of the drill's live log (timeline actions, cut-offs as processes learn them). */
  onLog?: (line: string) => void;
  /** Called with each decision record as it arrives (`labels.process` names the process that made it), once it is written. */
  onRecord?: (record: DecisionRecord) => void;
}

/**
 * Runs a fleet drill: the scenario's workload is shared by `fleet.processes`
 * router processes (child processes), each with its own router and a Redis
 * health store shared with the others, against the same loopback simulators;
 * the timeline plays on the simulators (faults), and on every process
 * (policy changes, restores). Then the scenario's assertions are evaluated
 * over every process's records, and the fleet's over the fleet as a whole:
 * how fast each cut-off reached every process, the attempts wasted on it per
 * process, and the attempts made after a process knew of it.
 *
 * With `out`, it writes what a single drill writes, from the combined
 * records (`writeDrillResults`): `records.jsonl`, `events.json`, the report
 * (with the fleet's assertions among its verdicts, and its processes),
 * `summary.json` and `summary.txt` (`formatFleetSummary`).
 *
 * Time: a fleet drill runs in real time on loopback, scaled by `timeScale`
 * (separate processes cannot share one virtual clock), so it is not
 * reproducible byte for byte; propagation is measured in real milliseconds.
 * Timeline events are listed at their scenario offsets, and one that played
 * a millisecond or more away from its offset also says when it played.
 *
 * @returns the result; `passed` only when every assertion (the scenario's and the fleet's) held,
 *   every process finished, every timeline event played and the run was not stopped.
 * @throws {ConfigError} when the scenario is invalid, a target whose provider has no simulator
 *   (`openai`, `anthropic`, `ollama`) included: the processes share the simulators.
 * @throws {SwitchyardError} `SWITCHYARD_CONFIG_INVALID` when the scenario has no `fleet` block.
 *
 * @example
 * ```ts
 * const result = await runFleetDrill({ scenario: parseScenario({ text, file }), out: 'fleet-out' });
 * console.log(formatFleetSummary(result));
 * ```
 */
export async function runFleetDrill(options: RunFleetDrillOptions): Promise<FleetDrillResult> {
  checkOutOption(options.out);
  const scenario = validateScenario(options.scenario as ScenarioInput);
  const fleet = scenario.fleet;
  if (fleet === undefined) {
    throw new SwitchyardError({
      code: errorCodes.CONFIG_INVALID,
      message: `scenario "${scenario.name}" has no fleet block: give fleet: { processes: N } to run it as a fleet drill, or run it with runDrill`,
    });
  }
  const seed = options.seed ?? 1;
  const timeScale = options.timeScale ?? 1;
  const log = options.onLog ?? (() => {});
  const realStart = performance.now();
  // Created before anything starts (a folder that cannot take it fails here); records are
  // streamed to it as they arrive from the processes.
  const recordsFile =
    options.out === undefined
      ? undefined
      : await RecordsFile.create({ path: join(options.out, 'records.jsonl') });
  const server = fleet.redis === undefined ? await startRedisServer() : undefined;
  const redisUrl = fleet.redis ?? (server?.url as string);
  const fleetName = `drill-${scenario.name}-${process.pid}-${Date.now()}`;
  const backend = await createDrillBackend({
    mode: 'loopback',
    scenario,
    timeScale,
    modelFactory: adapterModelFactory,
  });
  const targets = scenario.config.targets as Target[];
  const startMs = Date.parse(scenario.start);
  const policy = createPolicyTimeline({ config: scenario.config, timeline: scenario.timeline, startMs });
  const evaluators = namedAssertions(scenario.assertions).map((assertion) =>
    createAssertionEvaluator(assertion, {
      targets,
      policy,
      startMs,
      budgets: scenario.config.budgets,
      restores: scenario.timeline
        .filter((event) => event.type === 'restore')
        .map((event) => ({
          at: startMs + event.at,
          ...(event.target !== undefined ? { target: event.target } : {}),
          ...(event.provider !== undefined ? { provider: event.provider } : {}),
        })),
    }),
  );
  const actions = expandTimeline({ timeline: scenario.timeline });
  // The rules' dates, as a single drill lists them; each bounds a phase of the combined records.
  const ruleDates = ruleDateEvents({
    policy,
    startMs,
    endMs: startMs + (scenario.duration ?? maxDrillSpanMs),
  });
  // The processes' records carry their router clock's instants (the scenario's start, then real
  // time times the time scale): phases, jurisdictions and targets are tallied as a single drill's.
  const tally = new DrillTally({ targets, actions, ruleDates, startMs });
  // Nothing is kept per record: it goes to the file, the tallies and the assertions as it arrives
  // (and to `result.records` only without `out`, as a single drill).
  const kept: DecisionRecord[] = [];
  const processIds = Array.from({ length: fleet.processes }, (_, index) => `p${index + 1}`);
  const cutoffTally = new FleetCutoffTally(processIds);
  const processTally = new ProcessTally(processIds);
  let attempts = 0;
  let fallbacks = 0;
  const played: PlayedAction[] = [];
  let startedAt = 0;
  /** Real ms since the drill's start, times the time scale: the processes' clocks' offset. */
  const offsetNow = () => (performance.timeOrigin + performance.now() - startedAt) * timeScale;
  const members = new FleetMembers({
    processes: fleet.processes,
    onRecord: (process, made, attemptStarts, at) => {
      // Each record names the process that made it (a label, as a drill's name and phase would be):
      // the processes' figures can be checked against the file.
      const record: DecisionRecord = { ...made, labels: { ...made.labels, process } };
      recordsFile?.write(record);
      if (recordsFile === undefined) kept.push(record);
      tally.add(record);
      for (const evaluator of evaluators) evaluator.add(record);
      processTally.add(process, record);
      cutoffTally.record({ process, record, attemptStarts, at });
      attempts += record.attempts.length;
      if (record.totals.fallbackDepth > 0) fallbacks++;
      options.onRecord?.(record);
    },
    onClock: (process, at) => cutoffTally.heard(process, at),
    onEnd: (process) => cutoffTally.finish(process),
    onHealth: (process, event) => {
      cutoffTally.health({ ...event, process });
      if (event.kind === 'cutoff' && event.source === 'local') {
        log(
          `+${((event.at - startedAt) / 1000).toFixed(3)}s ${process} detected the cut-off of ${event.targetId}${event.scope === '*' ? '' : ` for ${event.scope}`}`,
        );
      }
    },
  });
  let timeline: { cancel(): TimelineAction[] } | undefined;
  let unplayed: TimelineAction[] = [];
  let endMs = 0;
  let recordsError: string | undefined;
  let stopped: FleetDrillResult['stopped'];
  const stop = (reason: NonNullable<FleetDrillResult['stopped']>) => {
    stopped ??= reason;
    members.broadcast({ type: 'stop' });
  };
  const onAbort = () => stop('signal');
  let cancelDuration: (() => void) | undefined;
  try {
    await members.start({
      scenario,
      seed,
      timeScale,
      redisUrl,
      fleet: fleetName,
      baseURLs: backend.baseURLs,
    });
    startedAt = performance.timeOrigin + performance.now() + 100;
    members.broadcast({ type: 'start', startAt: startedAt });
    options.signal?.addEventListener('abort', onAbort, { once: true });
    // The scenario's duration stops the sending, as in a single drill: each process sends nothing at or
    // past it, and what is in flight settles; a run still going then was stopped, and does not pass.
    if (scenario.duration !== undefined) {
      cancelDuration = setLongTimeout(
        realTimers,
        () => stop('duration'),
        startedAt - (performance.timeOrigin + performance.now()) + scenario.duration / timeScale,
      );
    }
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, startedAt - (performance.timeOrigin + performance.now()))),
    );
    timeline = scheduleTimeline({
      actions,
      timeScale,
      timers: realTimers,
      onAction: (action) => {
        const { event } = action;
        // A policy change is applied by each process's own clock at its offset (fleet-member-process).
        if (event.type === 'restore') {
          const hit = targetsOf(event, targets);
          backend.restore(new Set(hit.map((target) => target.id)));
          members.broadcast({ type: 'restore', targetIds: hit.map((target) => target.id) });
        } else if (event.type !== 'policy') {
          if (action.phase === 'start') {
            const callers = 'callers' in event && event.callers ? event.callers : undefined;
            backend.applyFault(action.eventIndex, event, targetsOf(event, targets), callers);
          } else backend.liftFault(action.eventIndex);
        }
        // A policy change is in force from its offset (each process's clock applies it): never late.
        const playedAtMs = event.type === 'policy' ? action.atMs : offsetNow();
        played.push({ action, playedAtMs });
        log(`+${(playedAtMs / timeScale / 1000).toFixed(3)}s ${describeAction(action)}`);
      },
    });
    await members.finished();
    endMs = offsetNow();
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    cancelDuration?.();
    unplayed = timeline?.cancel() ?? [];
    await members.stop();
    await backend.stop();
    await server?.stop();
    // Beside the records, as a single drill's: what `switchyard replay` reproduces them under.
    recordsFile?.basis(members.basis());
    // A records file that could not be written completely fails the drill, as a single drill's.
    await recordsFile?.close().catch((error: Error) => {
      recordsError = error.message;
    });
  }
  const counts = members.counts();
  const processes = members.processIds();
  const cutoffs = cutoffTally.figures({ startedAt, timeScale });
  const verdicts = evaluators.map((evaluator) =>
    evaluator.verdict({
      sent: counts.sent,
      outcomes: { served: counts.served, failed: counts.failed, lost: counts.lost },
    }),
  );
  const fleetVerdicts = fleet.assertions.map((assertion) => evaluateFleetAssertion(assertion, cutoffs));
  const processFailures = members.failures();
  const notPlayed = unplayedEvents(unplayed);
  // Offsets on the drill's axis, as its events': real ms from the start times the time scale.
  const timedEvents = cutoffTally.events
    .map((event) => ({ ...event, atMs: (event.at - startedAt) * timeScale }))
    .sort((a, b) => a.at - b.at);
  const typedFailures = members.typedFailures();
  const result: FleetDrillResult = {
    name: scenario.name,
    mode: 'loopback',
    seed,
    startMs,
    timeScale,
    processes,
    // A fleet drill that was stopped, ended before an event of its timeline or lost a process did not
    // rehearse what it says: it does not pass.
    passed:
      stopped === undefined &&
      notPlayed.unplayed.length === 0 &&
      processFailures.length === 0 &&
      recordsError === undefined &&
      verdicts.every((verdict) => verdict.passed) &&
      fleetVerdicts.every((verdict) => verdict.passed),
    ...(stopped ? { stopped } : {}),
    ...(notPlayed.unplayed.length > 0 ? { unplayed: notPlayed.unplayed } : {}),
    ...(notPlayed.unended.length > 0 ? { unended: notPlayed.unended } : {}),
    verdicts,
    fleetVerdicts,
    counts: {
      planned: scenario.workload.total,
      ...counts,
      attempts,
      fallbacks,
    },
    ...tally.figures(endMs),
    events: fleetDrillEvents({
      played,
      ruleDates,
      detections: timedEvents,
      endMs,
    }),
    simulatedMs: endMs,
    realMs: performance.now() - realStart,
    byProcess: processTally.figures(),
    cutoffs,
    healthEvents: timedEvents,
    processFailures,
    eventLoops: members.eventLoops(),
    ...(Object.keys(typedFailures).length > 0 ? { failures: typedFailures } : {}),
    ...(recordsError ? { recordsError } : {}),
    records: kept,
  };
  if (options.out === undefined || recordsFile === undefined) return result;
  return writeDrillResults({
    result,
    scenario,
    out: options.out,
    recordsPath: recordsFile.path,
    ...(options.report === false ? { report: false } : {}),
    presentation: fleetPresentation(result, scenario),
    title: `Fleet drill: ${scenario.name}`,
    summaryText: formatFleetSummary,
  });
}
