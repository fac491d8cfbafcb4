import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4FunctionTool,
} from '@ai-sdk/provider';
import { type DecisionRecord, errorCodes, SwitchyardError, type Target } from '@switchyard/core';
import { createRouter, type HealthOptions, healthDefaults, jsonlSink, type Router } from '@switchyard/router';
import { type SimulatorHandle, type SimulatorKind, startSimulator } from '@switchyard/simulators';
import { evaluateAssertions } from '../assertions/evaluate-assertion.js';
import { createPolicyTimeline } from '../assertions/policy-timeline.js';
import { callerHeaderFetch, callerStore } from '../faults/caller-store.js';
import { faultInjectingModel } from '../faults/fault-injecting-model.js';
import { FaultState, targetsOf } from '../faults/fault-state.js';
import { simulatorFaultFor } from '../faults/simulator-faults.js';
import { validateScenario } from '../scenario/parse-scenario.js';
import type { FaultEvent, Scenario, ScenarioInput } from '../scenario/scenario-schema.js';
import { describeAction, expandTimeline, type TimelineAction } from '../timeline/expand-timeline.js';
import { type DrillTimers, realTimers, scheduleTimeline } from '../timeline/schedule-timeline.js';
import { type PlannedRequest, planWorkload } from '../workload/create-workload.js';
import { seededRandom } from '../workload/seeded-random.js';
import type { DrillEvent, DrillProgress } from './drill-progress.js';
import type { DrillResult } from './drill-result.js';
import { type DrillEventLoop, watchEventLoop } from './event-loop-lag.js';
import {
  adapterModelFactory,
  inProcessProviders,
  type ModelFactory,
  simulatedProviders,
} from './model-factory.js';
import { summarizeDrill } from './summarize-drill.js';
import { writeDrillResults } from './write-drill-results.js';

/** Options of {@link runDrill}. */
export interface RunDrillOptions {
  /** The scenario (validated here; `parseScenario` output or a TypeScript object). */
  scenario: Scenario | ScenarioInput;
  /** `simulated` (default): simulators stand in for every provider; `live`: real providers, faults at the adapter boundary. */
  mode?: 'simulated' | 'live';
  /**
   * Folder for `records.jsonl`, `events.json`, the report (`report.html`,
   * `report.md`, `report.json`), `summary.json` and `summary.txt`; absent:
   * nothing is written.
   */
  out?: string;
  /** Write the report next to the records (default true; only with `out`). */
  report?: boolean;
  /** Workload seed (default 1). */
  seed?: number;
  /** Called with a snapshot every `progressIntervalMs` real ms and on every event. */
  onProgress?: (progress: DrillProgress) => void;
  /** Real ms between progress snapshots (default 250). */
  progressIntervalMs?: number;
  /** Stops sending, aborts what is in flight, and still evaluates and writes what was gathered. */
  signal?: AbortSignal;
  /** Live mode: stop when the records' cost reaches this many USD. Required in live mode. */
  maxSpendUsd?: number;
  /** Live mode: the real model of each target id (default: built by `modelFactory` from the environment's keys). */
  models?: Readonly<Record<string, LanguageModelV4>>;
  /** How to build a target's model (default: the Switchyard adapter of its provider). */
  modelFactory?: ModelFactory;
  /**
   * Folder that relative paths in the scenario resolve against, such as the
   * `model` of a `llama-cpp` target (a `.gguf` file): the scenario file's
   * folder. Default: the working directory.
   */
  baseDir?: string;
  /** Timers (default the global ones); tests inject fake ones. */
  timers?: DrillTimers;
}

const toolDefinition: LanguageModelV4FunctionTool = {
  type: 'function',
  name: 'lookup_order',
  description: 'Looks up an order by id',
  inputSchema: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
};

const words = ['route', 'policy', 'target', 'switch', 'track', 'signal', 'freight', 'yard'];

/**
 * Sends a few requests through a throwaway router (no sinks, its own health)
 * before the drill's clock starts, so module loading, JIT and the first
 * connections do not count as simulated latency. Simulated mode only.
 */
async function warmUp(options: {
  scenario: Scenario;
  models: Record<string, LanguageModelV4>;
  plan: readonly PlannedRequest[];
  rounds?: number;
}): Promise<void> {
  const router = createRouter({ config: options.scenario.config, models: options.models });
  const model = router.languageModel(options.scenario.workload.route);
  const sample = options.plan.slice(0, 16);
  try {
    for (let round = 0; round < (options.rounds ?? 4); round++) {
      await Promise.all(
        sample.map(async (request, index) => {
          const call: LanguageModelV4CallOptions = {
            prompt: [{ role: 'user', content: [{ type: 'text', text: 'warm up' }] }],
            maxOutputTokens: 8,
            providerOptions: { switchyard: { ...request.context } },
          };
          try {
            await callerStore.run(request.context.jurisdiction ?? '', async () => {
              if (index % 2 === 0) {
                await model.doGenerate(call);
                return;
              }
              const reader = (await model.doStream(call)).stream.getReader();
              while (!(await reader.read()).done) {}
            });
          } catch {
            // A warm-up failure is not the drill's business: the run itself shows it.
          }
        }),
      );
    }
  } finally {
    await router.close();
  }
}

/** Real-time router health settings, scaled from simulated time. */
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

/**
 * Runs a drill: starts the simulators (simulated mode) or wraps the real
 * models (live mode), builds the router over the scenario's config, sends the
 * workload, plays the timeline (faults, policy changes, restores) at its
 * offsets, then evaluates every assertion over the decision records.
 *
 * Time: simulated time runs `scenario.timeScale` times faster than real time.
 * Timeline offsets, workload arrivals, simulator latencies and the router's
 * timeouts and backoffs are all divided by it, and the router's clock (which
 * stamps records and evaluates the policy) reads simulated time from
 * `scenario.start`. Live mode always runs at time scale 1.
 *
 * @param options see {@link RunDrillOptions}.
 * @returns the result; `passed` is true only when every assertion held.
 * @throws {ConfigError} when the scenario is invalid.
 * @throws {SwitchyardError} `SWITCHYARD_CONFIG_INVALID` for live mode without `maxSpendUsd`.
 *
 * @example
 * ```ts
 * const result = await runDrill({ scenario: parseScenario({ text, file }), out: 'drill-out' });
 * process.exitCode = result.passed ? 0 : 1;
 * ```
 */
export async function runDrill(options: RunDrillOptions): Promise<DrillResult> {
  const scenario = validateScenario(options.scenario as ScenarioInput);
  const mode = options.mode ?? 'simulated';
  const seed = options.seed ?? 1;
  const timers = options.timers ?? realTimers;
  if (mode === 'live' && (options.maxSpendUsd === undefined || !(options.maxSpendUsd > 0))) {
    throw new SwitchyardError({
      code: errorCodes.CONFIG_INVALID,
      message: 'a live drill needs a spend cap: give maxSpendUsd (--max-spend USD) above 0',
    });
  }
  const timeScale = mode === 'live' ? 1 : scenario.timeScale;
  const startMs = Date.parse(scenario.start);
  const targets: readonly Target[] = scenario.config.targets as Target[];
  const plan = planWorkload({ workload: scenario.workload, seed });
  const actions = expandTimeline({ timeline: scenario.timeline });
  const modelFactory = options.modelFactory ?? adapterModelFactory;

  // Models and fault drivers.
  const simulators = new Map<string, SimulatorHandle>();
  const faults = new FaultState();
  const models: Record<string, LanguageModelV4> = {};
  const cleanup: (() => Promise<void>)[] = [];
  try {
    if (mode === 'simulated') {
      for (const target of targets) {
        const inProcess = inProcessProviders.includes(target.provider);
        if (!inProcess && !(simulatedProviders as readonly string[]).includes(target.provider)) {
          throw new SwitchyardError({
            code: errorCodes.CONFIG_INVALID,
            message: `target "${target.id}": provider "${target.provider}" has no simulator (openai, anthropic, ollama) and does not run in-process (llama-cpp); run it live`,
          });
        }
        if (inProcess && scenario.latency[target.id] !== undefined) {
          throw new SwitchyardError({
            code: errorCodes.CONFIG_INVALID,
            message: `latency.${target.id}: target "${target.id}" runs in this process (${target.provider}): its latency is real, not simulated; remove the entry`,
          });
        }
      }
      const fetchWithCaller = callerHeaderFetch();
      const simulated = targets.filter((target) => !inProcessProviders.includes(target.provider));
      for (const provider of new Set(simulated.map((target) => target.provider))) {
        const served = simulated.filter((target) => target.provider === provider);
        const handle = await startSimulator({
          kind: provider as SimulatorKind,
          models: served.map((target) => ({
            id: target.model,
            contextWindow: target.contextWindow,
            ...((scenario.latency[target.id] ?? scenario.latency['*'])
              ? { latency: scenario.latency[target.id] ?? scenario.latency['*'] }
              : {}),
          })),
          timeScale,
          maxRecordedRequests: 100,
        });
        simulators.set(provider, handle);
        cleanup.push(() => handle.stop());
        for (const target of served) {
          models[target.id] = await modelFactory({
            target,
            baseURL: handle.baseURL,
            apiKey: 'sk-drill-simulated',
            fetch: fetchWithCaller,
          });
        }
      }
      // In-process targets run for real; timeline faults reach them at the adapter boundary.
      for (const target of targets.filter((entry) => inProcessProviders.includes(entry.provider))) {
        const model = await modelFactory({
          target,
          ...(options.baseDir === undefined ? {} : { baseDir: options.baseDir }),
        });
        models[target.id] = faultInjectingModel({ model, target, faults, timeScale });
      }
    } else {
      for (const target of targets) {
        const model =
          options.models?.[target.id] ??
          (await modelFactory({
            target,
            ...(options.baseDir === undefined ? {} : { baseDir: options.baseDir }),
          }));
        models[target.id] = faultInjectingModel({ model, target, faults, timeScale });
      }
    }
  } catch (error) {
    await Promise.allSettled(cleanup.map((stop) => stop()));
    throw error;
  }

  if (mode === 'simulated') await warmUp({ scenario, models, plan });

  const recordsPath = options.out === undefined ? undefined : join(options.out, 'records.jsonl');
  if (recordsPath !== undefined) await rm(recordsPath, { force: true });
  const realStart = timers.now();
  const simElapsed = () => (timers.now() - realStart) * timeScale;
  // A late event loop is late by `timeScale` times as much in simulated time: measure it.
  const eventLoopWatch = watchEventLoop(timeScale);
  let eventLoop: DrillEventLoop | undefined;
  // The router's clock runs every timeline action due by the instant it reads, before returning
  // it: a timer fires a little late (scaled time magnifies that), yet no request or attempt can
  // carry an instant at or after an event's offset without that event already in force.
  let runDueActions: (elapsedMs: number) => void = () => {};
  const routerClock = {
    now: () => {
      const elapsed = simElapsed();
      runDueActions(elapsed);
      return startMs + elapsed;
    },
  };
  const router: Router = createRouter({
    config: scenario.config,
    models,
    clock: routerClock,
    health: scaledHealth(timeScale),
    random: seededRandom(seed ^ 0x5eed),
    sinks: recordsPath === undefined ? [] : [jsonlSink({ path: recordsPath })],
  });

  // Live state.
  const records: DecisionRecord[] = [];
  const events: DrillEvent[] = [];
  const recentServed: string[] = [];
  let sent = 0;
  let served = 0;
  let failed = 0;
  let lost = 0;
  let fallbacks = 0;
  let attempts = 0;
  let costUsd = 0;
  let inFlight = 0;
  let stopped: DrillResult['stopped'];
  const controllers = new Set<AbortController>();
  const lostExamples: string[] = [];

  const progress = (): DrillProgress => {
    const share: Record<string, number> = {};
    for (const id of recentServed) share[id] = (share[id] ?? 0) + 1 / recentServed.length;
    const last = events[events.length - 1];
    return {
      elapsedMs: simElapsed(),
      realElapsedMs: timers.now() - realStart,
      total: plan.length,
      sent,
      served,
      failed: failed + lost,
      inFlight,
      fallbacks,
      attempts,
      share,
      ...(last ? { lastEvent: last.description } : {}),
      costUsd,
    };
  };
  const report = () => options.onProgress?.(progress());
  const logEvent = (source: DrillEvent['source'], description: string) => {
    events.push({ atMs: simElapsed(), source, description });
    report();
  };

  const stop = (reason: NonNullable<DrillResult['stopped']>, abortInFlight: boolean) => {
    if (stopped === undefined) stopped = reason;
    if (abortInFlight)
      for (const controller of controllers) controller.abort(new Error(`drill stopped: ${reason}`));
    wakeSender();
  };

  router.on('request-end', (record) => {
    records.push(record);
    attempts += record.attempts.length;
    costUsd += record.totals.costUsd;
    if (record.totals.fallbackDepth > 0) fallbacks++;
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

  // Timeline.
  const ruleIds = new Map<number, { provider: string; id: string; targetIds: Set<string> }[]>();
  const applyAction = (action: TimelineAction) => {
    const { event } = action;
    if (event.type === 'policy') {
      if (action.phase === 'start') router.setPolicy(event.policy);
    } else if (event.type === 'restore') {
      const hit = targetsOf(event, targets);
      const ids = new Set(hit.map((target) => target.id));
      faults.clear(ids);
      for (const [eventIndex, rules] of ruleIds) {
        const kept = rules.filter((rule) => {
          if (![...rule.targetIds].some((id) => ids.has(id))) return true;
          simulators.get(rule.provider)?.removeFault(rule.id);
          return false;
        });
        ruleIds.set(eventIndex, kept);
      }
      for (const target of hit) router.health.restore(target.id);
    } else if (action.phase === 'start') {
      applyFault(action.eventIndex, event);
    } else {
      faults.remove(`ev${action.eventIndex}`);
      for (const rule of ruleIds.get(action.eventIndex) ?? [])
        simulators.get(rule.provider)?.removeFault(rule.id);
      ruleIds.delete(action.eventIndex);
    }
    logEvent('timeline', describeAction(action));
  };
  const applyFault = (eventIndex: number, event: FaultEvent) => {
    const hit = targetsOf(event, targets);
    const callers = 'callers' in event && event.callers ? event.callers : undefined;
    const injected =
      mode === 'live' ? hit : hit.filter((target) => inProcessProviders.includes(target.provider));
    if (injected.length > 0) {
      faults.add({
        id: `ev${eventIndex}`,
        event,
        targetIds: new Set(injected.map((target) => target.id)),
        ...(callers ? { callers: new Set(callers.map((code) => code.toUpperCase())) } : {}),
      });
    }
    if (mode === 'live') return;
    const rules: { provider: string; id: string; targetIds: Set<string> }[] = [];
    for (const target of hit) {
      const handle = simulators.get(target.provider);
      if (!handle) continue;
      const id = handle.addFault({
        id: `ev${eventIndex}-${target.id}`,
        fault: simulatorFaultFor(event),
        model: target.model,
        ...(callers ? { callers } : {}),
      });
      rules.push({ provider: target.provider, id, targetIds: new Set([target.id]) });
    }
    ruleIds.set(eventIndex, rules);
  };
  const timeline = scheduleTimeline({ actions, timeScale, onAction: applyAction, timers });
  runDueActions = timeline.runDue;

  // Workload.
  const promptCache = new Map<number, LanguageModelV4CallOptions['prompt']>();
  const promptOf = (tokens: number) => {
    let prompt = promptCache.get(tokens);
    if (!prompt) {
      const text = Array.from({ length: tokens }, (_, index) => words[index % words.length]).join(' ');
      prompt = [{ role: 'user', content: [{ type: 'text', text }] }];
      promptCache.set(tokens, prompt);
    }
    return prompt;
  };
  const model = router.languageModel(scenario.workload.route);
  const send = async (request: PlannedRequest) => {
    sent++;
    inFlight++;
    const controller = new AbortController();
    controllers.add(controller);
    const call: LanguageModelV4CallOptions = {
      prompt: promptOf(request.promptTokens),
      maxOutputTokens: request.outputTokens,
      abortSignal: controller.signal,
      providerOptions: { switchyard: { ...request.context } },
      ...(request.tools ? { tools: [toolDefinition] } : {}),
    };
    try {
      await callerStore.run(request.context.jurisdiction ?? '', async () => {
        if (!request.stream) {
          await model.doGenerate(call);
          return;
        }
        const { stream } = await model.doStream(call);
        const reader = stream.getReader();
        let finished = false;
        for (;;) {
          const next = await reader.read();
          if (next.done) break;
          if (next.value.type === 'error') throw next.value.error;
          if (next.value.type === 'finish') finished = true;
        }
        if (!finished) throw new Error('stream ended without a finish part');
      });
      served++;
    } catch (error) {
      if (SwitchyardError.isInstance(error)) failed++;
      else {
        lost++;
        if (lostExamples.length < 5)
          lostExamples.push(error instanceof Error ? error.message : String(error));
      }
    } finally {
      inFlight--;
      controllers.delete(controller);
    }
  };

  let wake: (() => void) | undefined;
  function wakeSender() {
    wake?.();
  }
  const running = new Set<Promise<void>>();
  const track = (promise: Promise<void>) => {
    running.add(promise);
    void promise.finally(() => running.delete(promise));
  };
  const sending = new Promise<void>((resolve) => {
    wake = resolve;
    let next = 0;
    if (scenario.workload.rate !== undefined) {
      const pump = () => {
        if (stopped !== undefined) return resolve();
        const now = simElapsed();
        timeline.runDue(now);
        while (next < plan.length && ((plan[next] as PlannedRequest).offsetMs ?? 0) <= now) {
          track(send(plan[next++] as PlannedRequest));
        }
        if (next >= plan.length) return resolve();
        timers.setTimeout(
          pump,
          Math.max(0, (((plan[next] as PlannedRequest).offsetMs ?? 0) - now) / timeScale),
        );
      };
      pump();
    } else {
      let workers = scenario.workload.concurrency ?? 1;
      const worker = async () => {
        while (stopped === undefined && next < plan.length) {
          timeline.runDue(simElapsed());
          await send(plan[next++] as PlannedRequest);
        }
        if (--workers === 0) resolve();
      };
      for (let index = 0; index < workers; index++) track(worker());
    }
  });
  const onAbort = () => stop('signal', true);
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  const durationTimer =
    scenario.duration === undefined
      ? undefined
      : timers.setTimeout(() => stop('duration', false), scenario.duration / timeScale);
  const progressTimer = setInterval(report, options.progressIntervalMs ?? 250);
  progressTimer.unref?.();

  try {
    await sending;
    while (running.size > 0) await Promise.allSettled([...running]);
  } finally {
    clearInterval(progressTimer);
    if (durationTimer !== undefined) timers.clearTimeout(durationTimer);
    options.signal?.removeEventListener('abort', onAbort);
    timeline.cancel();
    eventLoop = eventLoopWatch.stop();
    await router.close();
    await Promise.allSettled(cleanup.map((stopSimulator) => stopSimulator()));
  }
  report();

  const restores = scenario.timeline
    .filter((event) => event.type === 'restore')
    .map((event) => ({
      at: startMs + event.at,
      ...(event.target !== undefined ? { target: event.target } : {}),
      ...(event.provider !== undefined ? { provider: event.provider } : {}),
    }));
  // Windowed fault ends also lift faults, but router quarantine persists: only `restore` resets cut-off detection.
  const verdicts = evaluateAssertions(scenario.assertions, {
    records,
    targets,
    policy: createPolicyTimeline({ config: scenario.config, timeline: scenario.timeline, startMs }),
    startMs,
    restores,
    sent,
    outcomes: { served, failed, lost },
  });
  const result = summarizeDrill({
    scenario,
    mode,
    seed,
    records,
    verdicts,
    events,
    counts: { planned: plan.length, sent, served, failed, lost, attempts, fallbacks },
    startMs,
    simulatedMs: simElapsed(),
    realMs: timers.now() - realStart,
    ...(eventLoop ? { eventLoop } : {}),
    ...(stopped ? { stopped } : {}),
    lostExamples,
  });
  if (options.out === undefined || recordsPath === undefined) return result;
  return writeDrillResults({
    result,
    out: options.out,
    recordsPath,
    startMs,
    ...(options.report === false ? { report: false } : {}),
  });
}
