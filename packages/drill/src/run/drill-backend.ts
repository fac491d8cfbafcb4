import type { LanguageModelV4 } from '@ai-sdk/provider';
import { errorCodes, SwitchyardError, type Target } from '@switchyard/core';
import {
  createSimulator,
  type SimulatorHandle,
  type SimulatorKind,
  type StartSimulatorOptions,
  simulatedAnswer,
  startSimulator,
} from '@switchyard/simulators';
import { withoutCallerHeaderModel } from '../faults/caller-header.js';
import { faultInjectingModel } from '../faults/fault-injecting-model.js';
import { FaultState } from '../faults/fault-state.js';
import { simulatorFaultFor } from '../faults/simulator-faults.js';
import type { FaultEvent, Scenario } from '../scenario/scenario-schema.js';
import { memoizedModel } from '../virtual-time/memoized-model.js';
import { overlappedModel } from '../virtual-time/overlapped-model.js';
import { pacedModel } from '../virtual-time/paced-model.js';
import { realWorkModel } from '../virtual-time/real-work-model.js';
import type { DrillMode } from './drill-result.js';
import {
  adapterImported,
  adapterModelFactory,
  importAdapter,
  inProcessProviders,
  type ModelFactory,
  modelLoaded,
  simulatedProviders,
} from './model-factory.js';
import { simulatorGroups } from './simulator-groups.js';
import { waitForChildProcess } from './wait-for-child-process.js';

type Simulator = Pick<SimulatorHandle, 'addFault' | 'removeFault' | 'clearFaults' | 'stop'>;

/** The models a drill routes to, and the levers its timeline pulls on them. */
export interface DrillBackend {
  /** The model of every target, by id. */
  readonly models: Readonly<Record<string, LanguageModelV4>>;
  /** Loopback mode: each simulated target's simulator base URL, by target id (a fleet drill's processes build their own models on it). */
  readonly baseURLs: Readonly<Record<string, string>>;
  /**
   * Targets whose model may still be loading when the drill starts, and is not
   * warmed up: in simulated mode, the default factory's in-process models,
   * whose compute runs beside the virtual clock (`overlappedModel`). Their
   * first call waits for the load in real time the clock does not count.
   */
  readonly loadingDuringRun: ReadonlySet<string>;
  /** Starts a fault event on the targets it hits (for these callers only, when given). */
  applyFault(
    eventIndex: number,
    event: FaultEvent,
    hit: readonly Target[],
    callers?: readonly string[],
  ): void;
  /** Ends the fault an event started. */
  liftFault(eventIndex: number): void;
  /** Lifts every fault on these targets. */
  restore(targetIds: ReadonlySet<string>): void;
  /** Lifts every fault: the state before the first event (a second pass starts from it). */
  reset(): void;
  /** Stops the simulators. */
  stop(): Promise<void>;
  /** The whole answer a simulated target gives to `prompt` (undefined for other targets; absent live). */
  referenceAnswer?(targetId: string, prompt: string): string | undefined;
}

/**
 * Builds a drill's models for its mode:
 *
 * - `simulated`: one in-process simulator per provider (`createSimulator`; one more for each target
 *   whose model another target of the provider also names: `simulatorGroups`), answered through
 *   its `fetch` by the official SDKs; with the drill's virtual clock, reproducible. A target
 *   given in `models` uses that model instead (faults of the timeline do not reach it).
 * - `loopback`: the same simulators on loopback HTTP servers, delays divided by `timeScale`.
 * - in both: a target of an in-process provider (`llama-cpp`) runs its real model, built by
 *   `modelFactory` (relative to `baseDir`): on virtual time its calls are tracked as real work
 *   (`realWorkModel`, no virtual time), its answers paced by the scenario's `latency` entry for
 *   it (or `"*"`; `pacedModel`), and the timeline's faults injected at its adapter boundary.
 * - `live`: the real models (given, or built by `modelFactory` from the environment's
 *   keys), faults injected at the adapter boundary.
 *
 * @throws {SwitchyardError} `SWITCHYARD_CONFIG_INVALID` when a provider has no simulator.
 */
export async function createDrillBackend(options: {
  mode: DrillMode;
  scenario: Scenario;
  timeScale: number;
  modelFactory: ModelFactory;
  models?: Readonly<Record<string, LanguageModelV4>>;
  baseDir?: string;
}): Promise<DrillBackend> {
  const { mode, scenario } = options;
  const targets = scenario.config.targets as Target[];
  const models: Record<string, LanguageModelV4> = {};
  const baseDir = options.baseDir === undefined ? {} : { baseDir: options.baseDir };
  const faults = new FaultState();
  if (mode === 'live') {
    for (const target of targets) {
      const model = options.models?.[target.id] ?? (await options.modelFactory({ target, ...baseDir }));
      // Live drills run in real time: an in-process model loads before the first request.
      if (inProcessProviders.includes(target.provider)) await modelLoaded(model);
      models[target.id] = faultInjectingModel({ model, target, faults });
    }
    return {
      models,
      baseURLs: {},
      loadingDuringRun: new Set(),
      applyFault: (eventIndex, event, hit, callers) =>
        faults.add({
          id: `ev${eventIndex}`,
          event,
          targetIds: new Set(hit.map((target) => target.id)),
          ...(callers ? { callers: new Set(callers.map((code) => code.toUpperCase())) } : {}),
        }),
      liftFault: (eventIndex) => faults.remove(`ev${eventIndex}`),
      restore: (targetIds) => faults.clear(targetIds),
      reset: () => faults.clear(),
      stop: async () => {},
    };
  }
  // A target given a model (e.g. in-process open weights, wrapped in `realWorkModel`) uses it;
  // an in-process target runs its real model; every other target gets a simulator of its provider.
  const given = (target: Target) => options.models?.[target.id];
  const inProcess = (target: Target) =>
    given(target) === undefined && inProcessProviders.includes(target.provider);
  for (const target of targets) {
    const model = given(target);
    // A given model never sees the caller header (it may not speak HTTP, or speak it to a real provider).
    if (model !== undefined) models[target.id] = withoutCallerHeaderModel(model);
    else if (!inProcess(target) && !simulatedProviders.includes(target.provider as SimulatorKind)) {
      throw new SwitchyardError({
        code: errorCodes.CONFIG_INVALID,
        message: `target "${target.id}": provider "${target.provider}" has no simulator (openai, anthropic, ollama) and does not run in this process (llama-cpp); give its model in \`models\` (wrapped in realWorkModel when it runs in process) or run the drill live`,
      });
    }
  }
  // Every in-process model starts loading now and is awaited after the simulators' SDKs are built:
  // its engine checks its binary in a child process and reads its file off the main thread, while
  // the SDKs load on it. What a broken file gives is unchanged (the factory's model fails every call).
  // Adapters imported before (by preloadInProcessModels, or an earlier drill) have started their engine.
  const firstStart = targets.some((target) => inProcess(target) && !adapterImported(target.provider));
  const loading = targets.filter(inProcess).map((target) => {
    let model: Promise<LanguageModelV4>;
    try {
      model = Promise.resolve(options.modelFactory({ target, ...baseDir }));
    } catch (error) {
      model = Promise.reject(error);
    }
    // Awaited below, or on failure before that; never an unhandled rejection meanwhile.
    model.catch(() => {});
    return { target, model };
  });
  // The default factory's adapters first, alone on the main thread: the engine's binary check and
  // file loading then run while the SDKs load (imported together, both would wait for all of it).
  // The SDKs wait until the check has started too: their module loading would hold back the engine's
  // few file reads before it, and the check (a child process, on another core) would start after them.
  if (options.modelFactory === adapterModelFactory && firstStart) {
    await Promise.allSettled(loading.map(({ target }) => importAdapter(target.provider)));
    await waitForChildProcess({
      until: Promise.allSettled(loading.map(({ model }) => model.then(modelLoaded))),
    });
  }
  // On virtual time the default factory's model computes beside the clock, which waits for it only
  // when nothing else is left to do: the drill starts while it loads. Real time counts its loading.
  const besideClock = mode === 'simulated' && options.modelFactory === adapterModelFactory;
  const wrapInProcess = (target: Target, loaded: LanguageModelV4) => {
    let model = loaded;
    const pace = latencyOf(scenario, target.id);
    if (besideClock) {
      // The default factory's model (one sequence, no prompt cache) answers each call as a function
      // of the call alone: a repeated call gets the same answer from memory instead of the same
      // inference again, and its inference runs beside the virtual clock until its paced first token.
      model = overlappedModel({
        model: memoizedModel(model, memoOptionsOf(model)),
        pace: pace ?? {},
        timeScale: options.timeScale,
      });
    } else {
      // Any other in-process model: the clock waits for its inference, which takes no virtual time...
      if (mode === 'simulated') model = realWorkModel(model);
      // ...and the scenario's latency paces its answers on that clock (timers: outside the tracking).
      if (pace !== undefined) model = pacedModel({ model, pace, timeScale: options.timeScale });
    }
    return faultInjectingModel({ model, target, faults, timeScale: options.timeScale });
  };
  const simulated = targets.filter((target) => given(target) === undefined && !inProcess(target));
  const simulators = new Map<string, Simulator>();
  // The simulator of each simulated target, by target id.
  const simulatorOf = new Map<string, Simulator>();
  const baseURLs: Record<string, string> = {};
  const rules = new Map<number, { id: string; targetId: string }[]>();
  const simulatedModels: Record<string, LanguageModelV4> = {};
  try {
    for (const { key, provider, targets: served } of simulatorGroups(simulated)) {
      const settings: StartSimulatorOptions = {
        kind: provider as SimulatorKind,
        models: served.map((target) => {
          const latency = latencyOf(scenario, target.id);
          return { id: target.model, contextWindow: target.contextWindow, ...(latency ? { latency } : {}) };
        }),
        maxRecordedRequests: 0,
        // Stream content in 100 ms bursts of 8-token events: first tokens and ends stay exact, with
        // far fewer timers and far fewer events for the SDKs to parse.
        chunkIntervalMs: 100,
        tokensPerChunk: 8,
      };
      let baseURL: string;
      let fetch: typeof globalThis.fetch | undefined;
      if (mode === 'simulated') {
        const simulator = createSimulator(settings);
        simulators.set(key, simulator);
        baseURL = simulator.baseURL;
        fetch = simulator.fetch;
      } else {
        const simulator = await startSimulator({ ...settings, timeScale: options.timeScale });
        simulators.set(key, simulator);
        baseURL = simulator.baseURL;
        for (const target of served) baseURLs[target.id] = baseURL;
      }
      for (const target of served) simulatorOf.set(target.id, simulators.get(key) as Simulator);
      // The caller's jurisdiction reaches the simulator as a header of the call (callerHeaders): the SDK sends it.
      for (const target of served) {
        simulatedModels[target.id] = await options.modelFactory({
          target,
          baseURL,
          apiKey: 'sk-drill-simulated',
          ...(fetch ? { fetch } : {}),
        });
      }
    }
    for (const { target, model } of loading) {
      const loaded = await model;
      if (!besideClock) await modelLoaded(loaded);
      models[target.id] = wrapInProcess(target, loaded);
    }
  } catch (error) {
    await Promise.allSettled([...simulators.values()].map((simulator) => simulator.stop()));
    // An in-process model's failure comes first, as when it was built before the simulators.
    for (const settled of await Promise.allSettled(loading.map(({ model }) => model))) {
      if (settled.status === 'rejected') throw settled.reason;
    }
    throw error;
  }
  Object.assign(models, simulatedModels);
  const simulatedModelIds = new Map(simulated.map((target) => [target.id, target.model]));
  return {
    models,
    baseURLs,
    loadingDuringRun: new Set(besideClock ? loading.map(({ target }) => target.id) : []),
    referenceAnswer(targetId, prompt) {
      const model = simulatedModelIds.get(targetId);
      return model === undefined ? undefined : simulatedAnswer({ model, prompt });
    },
    applyFault(eventIndex, event, hit, callers) {
      const added: { id: string; targetId: string }[] = [];
      for (const target of hit) {
        const simulator = simulatorOf.get(target.id);
        if (!simulator) continue;
        const id = simulator.addFault({
          id: `ev${eventIndex}-${target.id}`,
          fault: simulatorFaultFor(event),
          model: target.model,
          ...(callers ? { callers: [...callers] } : {}),
        });
        added.push({ id, targetId: target.id });
      }
      rules.set(eventIndex, added);
      // In-process targets have no simulator: the fault is injected at their adapter boundary.
      const local = hit.filter(inProcess);
      if (local.length > 0) {
        faults.add({
          id: `ev${eventIndex}`,
          event,
          targetIds: new Set(local.map((target) => target.id)),
          ...(callers ? { callers: new Set(callers.map((code) => code.toUpperCase())) } : {}),
        });
      }
    },
    liftFault(eventIndex) {
      for (const rule of rules.get(eventIndex) ?? []) simulatorOf.get(rule.targetId)?.removeFault(rule.id);
      rules.delete(eventIndex);
      faults.remove(`ev${eventIndex}`);
    },
    restore(targetIds) {
      for (const [eventIndex, list] of rules) {
        const kept = list.filter((rule) => {
          if (!targetIds.has(rule.targetId)) return true;
          simulatorOf.get(rule.targetId)?.removeFault(rule.id);
          return false;
        });
        rules.set(eventIndex, kept);
      }
      faults.clear(targetIds);
    },
    reset() {
      for (const simulator of simulators.values()) simulator.clearFaults();
      rules.clear();
      faults.clear();
    },
    stop: async () => {
      await Promise.allSettled([...simulators.values()].map((simulator) => simulator.stop()));
    },
  };
}

/**
 * What the memo in front of a model needs of it, when the model tells it: its bulkhead (sequences
 * plus queue, and its refusal; from its settings, the same before it has loaded as after), and how
 * it makes a tool-call id (so answers with tool calls are replayed with fresh ids).
 */
function memoOptionsOf(model: LanguageModelV4): Parameters<typeof memoizedModel>[1] {
  const local = model as {
    readonly capacity?: number;
    queueFullError?: () => Error;
    newToolCallId?: (index: number) => string;
  };
  const toolCallId = local.newToolCallId?.bind(local);
  const whenFull = local.queueFullError?.bind(local);
  const capacity = local.capacity;
  const bulkhead =
    whenFull === undefined || typeof capacity !== 'number' ? {} : { capacity: () => capacity, whenFull };
  return toolCallId === undefined ? bulkhead : { ...bulkhead, toolCallId };
}

/** The scenario's latency model of a target: its own entry (own keys only), else `*`'s. */
function latencyOf(scenario: Scenario, targetId: string): Scenario['latency'][string] | undefined {
  return Object.hasOwn(scenario.latency, targetId) ? scenario.latency[targetId] : scenario.latency['*'];
}
