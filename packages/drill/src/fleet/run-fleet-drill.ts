import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errorCodes, SwitchyardError, type Target } from '@switchyard/core';
import { makeOutputFolder } from '@switchyard/core/node';
import { startRedisServer } from '@switchyard/redis/test';
import { namedAssertions } from '../assertions/assertion-names.js';
import type { AssertionVerdict } from '../assertions/assertion-verdict.js';
import { createAssertionEvaluator } from '../assertions/evaluate-assertion.js';
import { createPolicyTimeline } from '../assertions/policy-timeline.js';
import { targetsOf } from '../faults/fault-state.js';
import { checkOutOption } from '../run/check-out-option.js';
import { createDrillBackend } from '../run/drill-backend.js';
import { adapterModelFactory } from '../run/model-factory.js';
import { validateScenario } from '../scenario/parse-scenario.js';
import type { Scenario, ScenarioInput } from '../scenario/scenario-schema.js';
import { describeAction, expandTimeline } from '../timeline/expand-timeline.js';
import { realTimers, scheduleTimeline } from '../timeline/schedule-timeline.js';
import {
  evaluateFleetAssertion,
  type FleetCutoffFigures,
  type FleetRecord,
  type FleetVerdict,
  fleetFigures,
} from './fleet-figures.js';
import { FleetMembers } from './fleet-members.js';
import type { MemberHealthEvent } from './fleet-messages.js';
import { formatFleetSummary } from './format-fleet-summary.js';

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
  /** Folder for `records.jsonl`, `fleet.json` and `summary.txt`; absent: nothing is written. */
  out?: string;
  /** Stops sending; what is in flight finishes, and the figures are still computed. */
  signal?: AbortSignal;
  /** Called with each line of the drill's live log (timeline actions, cut-offs as processes learn them). */
  onLog?: (line: string) => void;
}

/** What a fleet drill found. */
export interface FleetDrillResult {
  readonly scenario: string;
  readonly seed: number;
  readonly timeScale: number;
  /** The router processes, by id (`p1`...). */
  readonly processes: readonly string[];
  /** Every scenario assertion and every fleet assertion held, and every process finished. */
  readonly passed: boolean;
  /** How the requests ended, over the whole fleet. */
  readonly counts: {
    readonly sent: number;
    readonly served: number;
    readonly failed: number;
    readonly lost: number;
  };
  /** The scenario's assertions, over the records of every process. */
  readonly verdicts: readonly AssertionVerdict[];
  /** The fleet's assertions. */
  readonly fleetVerdicts: readonly FleetVerdict[];
  /** Every cut-off: who detected it first and when, when each process learnt of it, what it cost. */
  readonly cutoffs: readonly FleetCutoffFigures[];
  /** Every cut-off and restore each process announced, with when (ms from the start, real time). */
  readonly healthEvents: readonly (MemberHealthEvent & { readonly process: string; readonly atMs: number })[];
  /** Processes that failed, with why. */
  readonly failures: readonly string[];
  /**
   * How late each process's event loop ran (p99 and max, ms): on a machine that cannot keep up,
   * every figure (propagation included) carries that delay.
   */
  readonly eventLoops: Readonly<Record<string, { readonly p99Ms: number; readonly maxMs: number }>>;
  /** Real ms the drill took. */
  readonly realMs: number;
  /** Files written (with `out`). */
  readonly files?: { readonly records: string; readonly fleet: string; readonly summary: string };
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
 * Time: a fleet drill runs in real time on loopback, scaled by `timeScale`
 * (separate processes cannot share one virtual clock), so it is not
 * reproducible byte for byte; propagation is measured in real milliseconds.
 *
 * @returns the result; `passed` only when every assertion held.
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
  const policy = createPolicyTimeline({
    config: scenario.config,
    timeline: scenario.timeline,
    startMs: Date.parse(scenario.start),
  });
  const evaluators = namedAssertions(scenario.assertions).map((assertion) =>
    createAssertionEvaluator(assertion, {
      targets,
      policy,
      startMs: Date.parse(scenario.start),
      budgets: scenario.config.budgets,
      restores: scenario.timeline
        .filter((event) => event.type === 'restore')
        .map((event) => ({
          at: Date.parse(scenario.start) + event.at,
          ...(event.target !== undefined ? { target: event.target } : {}),
          ...(event.provider !== undefined ? { provider: event.provider } : {}),
        })),
    }),
  );
  const records: FleetRecord[] = [];
  const healthEvents: Array<MemberHealthEvent & { process: string }> = [];
  let startedAt = 0;
  const members = new FleetMembers({
    processes: fleet.processes,
    onRecord: (process, record, attemptStarts) => {
      records.push({ process, record, attemptStarts });
      for (const evaluator of evaluators) evaluator.add(record);
    },
    onHealth: (process, event) => {
      healthEvents.push({ ...event, process });
      if (event.kind === 'cutoff' && event.source === 'local') {
        log(
          `+${((event.at - startedAt) / 1000).toFixed(3)}s ${process} detected the cut-off of ${event.targetId}${event.scope === '*' ? '' : ` for ${event.scope}`}`,
        );
      }
    },
  });
  let timeline: { cancel(): void } | undefined;
  const onAbort = () => members.broadcast({ type: 'stop' });
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
    const actions = expandTimeline({ timeline: scenario.timeline });
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, startedAt - (performance.timeOrigin + performance.now()))),
    );
    timeline = scheduleTimeline({
      actions,
      timeScale,
      timers: realTimers,
      onAction: (action) => {
        const { event } = action;
        if (event.type === 'policy') {
          if (action.phase === 'start') members.broadcast({ type: 'policy', policy: event.policy });
        } else if (event.type === 'restore') {
          const hit = targetsOf(event, targets);
          backend.restore(new Set(hit.map((target) => target.id)));
          members.broadcast({ type: 'restore', targetIds: hit.map((target) => target.id) });
        } else if (action.phase === 'start') {
          const callers = 'callers' in event && event.callers ? event.callers : undefined;
          backend.applyFault(action.eventIndex, event, targetsOf(event, targets), callers);
        } else {
          backend.liftFault(action.eventIndex);
        }
        log(
          `+${((performance.timeOrigin + performance.now() - startedAt) / 1000).toFixed(3)}s ${describeAction(action)}`,
        );
      },
    });
    await members.finished();
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    timeline?.cancel();
    await members.stop();
    await backend.stop();
    await server?.stop();
  }
  const counts = members.counts();
  const processes = members.processIds();
  const cutoffs = fleetFigures({ processes, events: healthEvents, records, startedAt });
  const verdicts = evaluators.map((evaluator) =>
    evaluator.verdict({
      sent: counts.sent,
      outcomes: { served: counts.served, failed: counts.failed, lost: counts.lost },
    }),
  );
  const fleetVerdicts = fleet.assertions.map((assertion) => evaluateFleetAssertion(assertion, cutoffs));
  const failures = members.failures();
  const result: FleetDrillResult = {
    scenario: scenario.name,
    seed,
    timeScale,
    processes,
    passed:
      failures.length === 0 &&
      verdicts.every((verdict) => verdict.passed) &&
      fleetVerdicts.every((verdict) => verdict.passed),
    counts,
    verdicts,
    fleetVerdicts,
    cutoffs,
    healthEvents: healthEvents
      .map((event) => ({ ...event, atMs: event.at - startedAt }))
      .sort((a, b) => a.at - b.at),
    failures,
    eventLoops: members.eventLoops(),
    realMs: performance.now() - realStart,
  };
  if (options.out === undefined) return result;
  const files = {
    records: join(options.out, 'records.jsonl'),
    fleet: join(options.out, 'fleet.json'),
    summary: join(options.out, 'summary.txt'),
  };
  await makeOutputFolder({ folder: options.out });
  await writeFile(files.records, records.map(({ record }) => `${JSON.stringify(record)}\n`).join(''));
  const written = { ...result, files };
  await writeFile(files.fleet, `${JSON.stringify(written, null, 2)}\n`);
  await writeFile(files.summary, `${formatFleetSummary(written)}\n`);
  return written;
}
