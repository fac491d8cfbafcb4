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
import { callerHeaderFetch } from '../faults/caller-store.js';
import { faultInjectingModel } from '../faults/fault-injecting-model.js';
import { FaultState } from '../faults/fault-state.js';
import { simulatorFaultFor } from '../faults/simulator-faults.js';
import type { FaultEvent, Scenario } from '../scenario/scenario-schema.js';
import type { DrillMode } from './drill-result.js';
import { type ModelFactory, simulatedProviders } from './model-factory.js';

type Simulator = Pick<SimulatorHandle, 'addFault' | 'removeFault' | 'clearFaults' | 'stop'>;

/** The models a drill routes to, and the levers its timeline pulls on them. */
export interface DrillBackend {
  /** The model of every target, by id. */
  readonly models: Readonly<Record<string, LanguageModelV4>>;
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
 * - `simulated`: one in-process simulator per provider (`createSimulator`), answered through
 *   its `fetch` by the official SDKs; with the drill's virtual clock, reproducible. A target
 *   given in `models` uses that model instead (faults of the timeline do not reach it).
 * - `loopback`: one loopback HTTP simulator per provider, delays divided by `timeScale`.
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
}): Promise<DrillBackend> {
  const { mode, scenario } = options;
  const targets = scenario.config.targets as Target[];
  const models: Record<string, LanguageModelV4> = {};
  if (mode === 'live') {
    const faults = new FaultState();
    for (const target of targets) {
      const model = options.models?.[target.id] ?? (await options.modelFactory({ target }));
      models[target.id] = faultInjectingModel({ model, target, faults });
    }
    return {
      models,
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
  // every other target gets a simulator of its provider.
  const given = (target: Target) => options.models?.[target.id];
  for (const target of targets) {
    const model = given(target);
    if (model !== undefined) models[target.id] = model;
    else if (!simulatedProviders.includes(target.provider as SimulatorKind)) {
      throw new SwitchyardError({
        code: errorCodes.CONFIG_INVALID,
        message: `target "${target.id}": provider "${target.provider}" has no simulator (openai, anthropic, ollama); give its model in \`models\` (wrapped in realWorkModel when it runs in process) or run the drill live`,
      });
    }
  }
  const simulated = targets.filter((target) => given(target) === undefined);
  const simulators = new Map<string, Simulator>();
  const rules = new Map<number, { provider: string; id: string; targetId: string }[]>();
  try {
    for (const provider of new Set(simulated.map((target) => target.provider))) {
      const served = simulated.filter((target) => target.provider === provider);
      const settings: StartSimulatorOptions = {
        kind: provider as SimulatorKind,
        models: served.map((target) => {
          const latency = scenario.latency[target.id] ?? scenario.latency['*'];
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
        simulators.set(provider, simulator);
        baseURL = simulator.baseURL;
        fetch = simulator.fetch;
      } else {
        const simulator = await startSimulator({ ...settings, timeScale: options.timeScale });
        simulators.set(provider, simulator);
        baseURL = simulator.baseURL;
      }
      const fetchWithCaller = callerHeaderFetch(fetch ? { fetch } : {});
      for (const target of served) {
        models[target.id] = await options.modelFactory({
          target,
          baseURL,
          apiKey: 'sk-drill-simulated',
          fetch: fetchWithCaller,
        });
      }
    }
  } catch (error) {
    await Promise.allSettled([...simulators.values()].map((simulator) => simulator.stop()));
    throw error;
  }
  const simulatedModels = new Map(simulated.map((target) => [target.id, target.model]));
  return {
    models,
    referenceAnswer(targetId, prompt) {
      const model = simulatedModels.get(targetId);
      return model === undefined ? undefined : simulatedAnswer({ model, prompt });
    },
    applyFault(eventIndex, event, hit, callers) {
      const added: { provider: string; id: string; targetId: string }[] = [];
      for (const target of hit) {
        const simulator = simulators.get(target.provider);
        if (!simulator) continue;
        const id = simulator.addFault({
          id: `ev${eventIndex}-${target.id}`,
          fault: simulatorFaultFor(event),
          model: target.model,
          ...(callers ? { callers: [...callers] } : {}),
        });
        added.push({ provider: target.provider, id, targetId: target.id });
      }
      rules.set(eventIndex, added);
    },
    liftFault(eventIndex) {
      for (const rule of rules.get(eventIndex) ?? []) simulators.get(rule.provider)?.removeFault(rule.id);
      rules.delete(eventIndex);
    },
    restore(targetIds) {
      for (const [eventIndex, list] of rules) {
        const kept = list.filter((rule) => {
          if (!targetIds.has(rule.targetId)) return true;
          simulators.get(rule.provider)?.removeFault(rule.id);
          return false;
        });
        rules.set(eventIndex, kept);
      }
    },
    reset() {
      for (const simulator of simulators.values()) simulator.clearFaults();
      rules.clear();
    },
    stop: async () => {
      await Promise.allSettled([...simulators.values()].map((simulator) => simulator.stop()));
    },
  };
}
