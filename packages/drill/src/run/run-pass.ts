import type { DecisionRecord, Target } from '@switchyard/core';
import {
  createRouter,
  type HealthOptions,
  healthDefaults,
  type Router,
  type RouterClock,
} from '@switchyard/router';
import { namedAssertions } from '../assertions/assertion-names.js';
import type { StreamedAnswer } from '../assertions/assertion-verdict.js';
import { createAssertionEvaluator } from '../assertions/evaluate-assertion.js';
import type { PolicyTimeline } from '../assertions/policy-timeline.js';
import type { Scenario } from '../scenario/scenario-schema.js';
import { maxDrillSpanMs } from '../scenario/workload-span-problems.js';
import { describeAction, expandTimeline } from '../timeline/expand-timeline.js';
import { setLongTimeout } from '../timeline/long-timeout.js';
import { ruleDateEvents } from '../timeline/rule-date-events.js';
import { realTimers, scheduleTimeline } from '../timeline/schedule-timeline.js';
import { workloadRequests } from '../workload/create-workload.js';
import { seededRandom } from '../workload/seeded-random.js';
import type { DrillBackend } from './drill-backend.js';
import type { DrillEvent, DrillProgress } from './drill-progress.js';
import type { DrillFigures, DrillMode, DrillResult, UnplayedEvent } from './drill-result.js';
import { DrillTally } from './drill-tally.js';
import { type DrillEventLoop, watchEventLoop } from './event-loop-lag.js';
import { FaultMeetings, type UnmetFault } from './fault-meetings.js';
import { InFlightStarts } from './in-flight-starts.js';
import { insertEvent } from './insert-event.js';
import { timelinePlayer } from './play-timeline.js';
import { playedEvent } from './played-event.js';
import type { RecordsFile } from './records-file.js';
import type { RunDrillOptions } from './run-drill.js';
import { scaledWait } from './scaled-wait.js';
import { sendWorkload, type WorkloadCounts } from './send-workload.js';
import { unplayedEvents } from './unplayed-events.js';

/**
 * Real-time router health settings, scaled from simulated time (loopback mode, fleet drills): the
 * timeouts and the circuit breaker run on real timers. The waits before a retry (backoff, a
 * provider's `retry-after` and its `maxRetryAfterMs` bound) are not scaled: the router waits them
 * through its clock's `wait` (`scaledWait`), in simulated ms like the `retry-after` it reads.
 */
export function scaledHealth(timeScale: number): HealthOptions {
  const scale = (ms: number) => Math.max(1, Math.round(ms / timeScale));
  return {
    attemptTimeoutMs: scale(healthDefaults.attemptTimeoutMs),
    ttftTimeoutMs: scale(healthDefaults.ttftTimeoutMs),
    stallTimeoutMs: scale(healthDefaults.stallTimeoutMs),
    breakerHalfOpenAfterMs: scale(healthDefaults.breakerHalfOpenAfterMs),
  };
}

/** What one pass of a workload (with or without the timeline) gathered. */
export interface Pass {
  counts: WorkloadCounts & { planned: number; attempts: number; fallbacks: number };
  figures: DrillFigures;
  verdicts: DrillResult['verdicts'];
  events: DrillEvent[];
  simulatedMs: number;
  realMs: number;
  stopped?: DrillResult['stopped'];
  /** Timeline events whose start never played (the pass ended before their offset). */
  unplayed: UnplayedEvent[];
  /** Windowed events that started but whose end never played (past the pass's end). */
  unended: UnplayedEvent[];
  /** Fault events that played but that no request met (simulated mode). */
  unmet: UnmetFault[];
  lostExamples: string[];
  records: DecisionRecord[];
  eventLoop?: DrillEventLoop;
}

/** What one pass needs: the scenario, the timeline to play, the mode and the drill's shared parts. */
export interface PassOptions {
  scenario: Scenario;
  timeline: Scenario['timeline'];
  /** Whether this is the baseline pass (its progress says so). */
  baseline: boolean;
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

/**
 * One pass of a drill: sends the workload through a fresh router while the
 * given timeline plays (the scenario's, or none for the baseline), streams
 * the records to the records file, and evaluates the assertions and tallies
 * the figures as records arrive.
 *
 * @returns what the pass gathered.
 */
export async function runPass(pass: PassOptions): Promise<Pass> {
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
  let listDueRuleDates: (elapsedMs: number) => void = () => {};
  // The router's clock runs every timeline action due by the instant it reads, before returning it:
  // no request or attempt can carry an instant at or after an event's offset without that event in force.
  // Rule dates passed by then are listed too, each at its own instant.
  const routerClock: RouterClock = {
    now: () => {
      const elapsed = elapsedMs();
      runDueActions(elapsed);
      listDueRuleDates(elapsed);
      return startMs + elapsed;
    },
    // Simulated mode: the global (virtual) timers, one clock ms per timer ms.
    ...(virtual ? {} : { wait: scaledWait(timers, timeScale) }),
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

  // Rule dates are collected up to the scenario's end: its duration, else the longest a drill may
  // span (the workload ends it). The timers of dates the run never reaches are cancelled at its end.
  const endMs = startMs + (scenario.duration ?? maxDrillSpanMs);
  // The baseline runs the workload without the drill's events: a rule date is one of them. A drill
  // without a timeline still shows its rules' dates.
  const ruleDates = pass.baseline ? [] : ruleDateEvents({ policy: pass.policy, startMs, endMs });
  const tally = new DrillTally({ targets, actions, ruleDates, startMs });
  // Records carry virtual instants in simulated mode only: there, a fault no request met is known.
  const meetings =
    virtual && pass.timeline.length > 0
      ? new FaultMeetings({ timeline: pass.timeline, targets, startMs })
      : undefined;
  const evaluators = namedAssertions(scenario.assertions).map((assertion) =>
    createAssertionEvaluator(assertion, {
      targets,
      policy: pass.policy,
      startMs,
      budgets: scenario.config.budgets,
      restores: pass.timeline
        .filter((event) => event.type === 'restore')
        .map((event) => ({
          at: startMs + event.at,
          ...(event.target !== undefined ? { target: event.target } : {}),
          ...(event.provider !== undefined ? { provider: event.provider } : {}),
        })),
      ...(backend.referenceAnswer === undefined ? {} : { referenceAnswer: backend.referenceAnswer }),
    }),
  );
  // The answer assertions read the text of continued streams: kept only when one is asked for.
  const answers = scenario.assertions.some(
    (assertion) => assertion.type === 'complete-answers' || assertion.type === 'no-repeated-text',
  )
    ? new Map<string, StreamedAnswer>()
    : undefined;
  const records: DecisionRecord[] = [];
  const events: DrillEvent[] = [];
  // The event listed most recently (progress shows it as it happens): a timeline event or rule date
  // listed at its own offset may sort before a router event listed a moment earlier.
  let lastListed: DrillEvent | undefined;
  /** Lists an event in order of its instant. */
  const listEvent = (event: DrillEvent) => {
    insertEvent(events, event);
    lastListed = event;
  };
  // The targets that served the last 200 requests, a ring (no array shifted on every record).
  const recentServed: string[] = [];
  let recentNext = 0;
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
    // Own keys only: a target named `constructor` counts from 0, not from the object's constructor.
    // Oldest first, as they were served.
    for (let index = 0; index < recentServed.length; index++) {
      const id = recentServed[(recentNext + index) % recentServed.length] as string;
      share[id] = (Object.hasOwn(share, id) ? (share[id] as number) : 0) + 1 / recentServed.length;
    }
    const last = lastListed;
    return {
      ...(pass.baseline ? { baseline: true } : {}),
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
    listEvent({ atMs: elapsedMs(), source, description });
    report();
  };
  let wake: () => void = () => {};
  const stop = (reason: NonNullable<DrillResult['stopped']>, abortInFlight: boolean) => {
    if (stopped === undefined) stopped = reason;
    if (abortInFlight)
      for (const controller of controllers) controller.abort(new Error(`drill stopped: ${reason}`));
    wake();
  };

  // Every attempt still to come starts at or after the send of the oldest request in flight (now, with
  // none in flight): the cut-off assertions check, in start order, the attempts that started before and
  // drop them. A record's `time` is its start truncated to the ms; in real time (loopback, live) the
  // watermark stays a second of wall clock behind, for a clock stepped back.
  const inFlightStarts = new InFlightStarts();
  const advancing = evaluators.filter((evaluator) => evaluator.advance !== undefined);
  const clockSlackMs = virtual ? 0 : 1000 * timeScale;
  router.on('request-end', (record) => {
    pass.recordsFile?.write(record);
    tally.add(record);
    meetings?.add(record);
    for (const evaluator of evaluators) evaluator.add(record);
    if (advancing.length > 0) {
      const earliest = Math.min(elapsedMs(), inFlightStarts.earliest() ?? Number.POSITIVE_INFINITY);
      const watermarkMs = Math.floor(startMs + earliest) - clockSlackMs;
      for (const evaluator of advancing) evaluator.advance?.(watermarkMs);
    }
    if (pass.keepRecords) records.push(record);
    counts.attempts += record.attempts.length;
    costUsd += record.totals.costUsd;
    if (record.totals.fallbackDepth > 0) counts.fallbacks++;
    if (record.servedBy !== null) {
      if (recentServed.length < 200) recentServed.push(record.servedBy);
      else {
        recentServed[recentNext] = record.servedBy;
        recentNext = (recentNext + 1) % 200;
      }
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
  // A target whose model was never there (a typo, a missing model file): an event of the drill,
  // not a process warning.
  router.on('target-misconfigured', (event) => {
    logEvent(
      'router',
      `router set aside ${event.targetId}: misconfigured (${event.failure.code ?? event.failure.cutoffReason ?? event.failure.kind}), probed again every ${event.probeAfterMs / 1000} s`,
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
      // Listed at its offset, as phases and rule dates are: a late timer does not move it. In real time
      // (loopback, live) it also says when it played, a millisecond or more away from its offset.
      log: (action) => {
        listEvent(
          virtual
            ? { atMs: action.atMs, source: 'timeline', description: describeAction(action) }
            : playedEvent({ action, playedAtMs: elapsedMs() }),
        );
        report();
      },
    }),
  });
  runDueActions = timeline.runDue;
  // A rule date is listed at its own instant, not when it is noticed: in loopback and live modes its
  // timer fires late, or a clock read passes it first.
  let nextRuleDate = 0;
  listDueRuleDates = (elapsed) => {
    while (nextRuleDate < ruleDates.length && (ruleDates[nextRuleDate] as DrillEvent).atMs <= elapsed) {
      const { atMs, description } = ruleDates[nextRuleDate++] as DrillEvent;
      listEvent({ atMs, source: 'policy', description });
      report();
    }
  };
  const ruleTimers = ruleDates.map((event) =>
    setLongTimeout(timers, () => listDueRuleDates(Math.max(event.atMs, elapsedMs())), event.atMs / timeScale),
  );
  const onAbort = () => stop('signal', true);
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  const durationTimer =
    scenario.duration === undefined
      ? undefined
      : setLongTimeout(timers, () => stop('duration', false), scenario.duration / timeScale);
  const progressTimer = real.setInterval(report, options.progressIntervalMs ?? 250);
  progressTimer.unref?.();
  let eventLoop: DrillEventLoop | undefined;
  let unplayed: UnplayedEvent[] = [];
  let unended: UnplayedEvent[] = [];
  let unmet: UnmetFault[] = [];
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
      beforeSend: (now) => {
        timeline.runDue(now);
        listDueRuleDates(now);
      },
      onWake: (resolve) => {
        wake = resolve;
      },
      ...(answers === undefined ? {} : { answers }),
      inFlightStarts,
    });
  } finally {
    real.clearInterval(progressTimer);
    durationTimer?.();
    for (const cancelTimer of ruleTimers) cancelTimer();
    options.signal?.removeEventListener('abort', onAbort);
    ({ unplayed, unended } = unplayedEvents(timeline.cancel()));
    eventLoop = eventLoopWatch?.stop();
    await router.close();
    // After close: every record is in. An event that never played is reported as such.
    unmet = (meetings?.unmet() ?? []).filter(
      (fault) => !unplayed.some((event) => event.index === fault.index),
    );
    pass.recordsFile?.basis(router.basis());
  }
  report();
  const simulatedMs = elapsedMs();
  const outcomes = {
    sent: counts.sent,
    outcomes: { served: counts.served, failed: counts.failed, lost: counts.lost },
    ...(answers === undefined ? {} : { answers }),
  };
  return {
    counts,
    figures: tally.figures(simulatedMs),
    verdicts: evaluators.map((evaluator) => evaluator.verdict(outcomes)),
    events,
    simulatedMs,
    realMs: real.now() - realStart,
    ...(stopped ? { stopped } : {}),
    unplayed,
    unended,
    unmet,
    lostExamples,
    records,
    ...(eventLoop ? { eventLoop } : {}),
  };
}
