import { hostname } from 'node:os';
import type { LanguageModelV4 } from '@ai-sdk/provider';
import {
  type BudgetStore,
  type ClassifiedFailure,
  type DecisionSink,
  errorCodes,
  type MidStreamMode,
  type SwitchyardConfig,
  type SwitchyardConfigInput,
  SwitchyardError,
} from '@switchyard/core';
import type { AttemptHooks } from './attempt/attempt-hooks.js';
import { noteFailure } from './attempt/note-failure.js';
import { RouterBudgets } from './budget/router-budgets.js';
import type { Classifier } from './classify/classify-error.js';
import { parseAmbientContext } from './context/resolve-request-context.js';
import { validateRouterConfig } from './context/validate-router-config.js';
import { announceRemoteChange } from './health/announce-remote-change.js';
import { handCutoffJurisdictions } from './health/hand-cutoff-jurisdictions.js';
import type { HealthOptions } from './health/health-options.js';
import type { HealthStore } from './health/health-store.js';
import { memoryHealthStore } from './health/memory-health-store.js';
import { targetSnapshot } from './health/target-snapshot.js';
import { prepareTargets } from './prepare/prepare-targets.js';
import { RecordWriter } from './record/record-writer.js';
import { routeModel } from './route-model.js';
import type { Router } from './router.js';
import type { RouterClock } from './router-clock.js';
import { RouterEventBus } from './router-event-bus.js';
import { RouterState } from './router-state.js';

export { RequestOptionsSchema } from './context/resolve-request-context.js';

/** `<host>:<pid>`, printable ASCII: this process when the health store names none. */
function defaultProcessId(): string {
  return `${hostname().replace(/[^!-~]/g, '_') || 'host'}:${process.pid}`;
}

export type { Router } from './router.js';

/** Options of {@link createRouter}. */
export interface CreateRouterOptions {
  /** A validated config (from `parseConfig`) or a config object (validated here). */
  config: SwitchyardConfig | SwitchyardConfigInput;
  /** The model of every target you can call, by target id. Targets without one are skipped (`no_model`). */
  models: Readonly<Record<string, LanguageModelV4>>;
  /** Retry, circuit breaker, timeouts and bulkhead; see `healthDefaults`. */
  health?: HealthOptions;
  /**
   * Where targets' cut-offs, rate limits and `served` flags live (default: this process,
   * `memoryHealthStore()`). A fleet store (e.g. `createRedisHealthStore` of `@switchyard/redis`) shares
   * them, and circuits and latency averages, with every process of the fleet; the request path never
   * waits on it.
   */
  healthStore?: HealthStore;
  /** Where decision records go (default: none). */
  sinks?: readonly DecisionSink[];
  /**
   * Where the config's `budgets` count spend (default: this process,
   * `createMemoryBudgetStore()`). A fleet shares one store (e.g.
   * `createRedisBudgetStore` of `@switchyard/redis`), so every process counts
   * against the same limits.
   */
  budgetStore?: BudgetStore;
  /** Hooks around every attempt (budgets, quotas, tracing); see {@link AttemptHooks}. */
  attemptHooks?: readonly AttemptHooks[];
  /**
   * Time source for policy evaluation and records (default: `Date.now`), and the waits before a
   * retry on the same target when it has `wait` (see {@link RouterClock}). Other timers (attempt
   * timeouts, the circuit breaker) use the global `setTimeout`.
   */
  clock?: RouterClock;
  /** Record prompts in decision records. Off by default: prompts never reach records. */
  recordPrompts?: boolean;
  /** Your own classifier, consulted first; return undefined to use the built-in ones. */
  classify?: Classifier;
  /** What a `content_filtered` failure does: `fail` (default) or `fallback` to the next candidate. */
  contentFiltered?: 'fail' | 'fallback';
  /** Deadline of a whole call, in ms, across every attempt and wait (default: none). */
  deadlineMs?: number;
  /** Random source for `weighted` and backoff jitter (default `Math.random`). */
  random?: () => number;
  /** Generates each request's id (default: a random UUID); a drill derives them from its seed. */
  requestId?: () => string;
  /**
   * What a stream that fails after content reached the caller does, unless
   * its route or the request says otherwise: `continue` (default: the next
   * allowed candidate finishes the same answer, no word repeated) or `error`
   * (the stream ends with an error; `streamText`'s results reject).
   */
  midStream?: MidStreamMode;
}

/**
 * Creates a router: every call on `router.languageModel(route)` goes to a
 * target the policy allows for this caller at this instant, that is not cut
 * off, that can do what the call needs, and that is best by the route's
 * strategy; failures are classified once and retried, fallen back from, or
 * failed fast; and every call leaves a decision record. The request path is
 * told file by file in `REQUEST-FLOW.md`.
 *
 * Retries: the router is the only owner of retries. Switchyard adapters build
 * their SDK clients with `maxRetries: 0`; give any other model the same.
 *
 * Errors outside requests (a sink that cannot write, a listener that throws)
 * never reach the host: they are `error` events, or process warnings when
 * nothing listens.
 *
 * @param options.config the config (targets, routes, groups, policy, default context).
 * @param options.models the model of each target id.
 * @param options.health retry, breaker, timeouts, bulkhead (`healthDefaults`).
 * @param options.sinks where decision records go (`memorySink`, `jsonlSink`, `callbackSink`).
 * @returns the router.
 * @throws {ConfigError} when the config is invalid, listing every problem.
 * @throws {SwitchyardError} `SWITCHYARD_TARGET_UNKNOWN` when `models` names a target the config does not define.
 *
 * @example
 * ```ts
 * const router = createRouter({ config, models: { 'openai-gpt': openai.languageModel('gpt-5.4') } });
 * const { text } = await generateText({ model: router.languageModel('chat'), prompt: 'Hello',
 *   providerOptions: { switchyard: { jurisdiction: 'DE', dataClass: 'regulated' } } });
 * ```
 */
export function createRouter(options: CreateRouterOptions): Router {
  const { config, health, midStream } = validateRouterConfig({
    config: options.config,
    health: options.health,
    midStream: options.midStream,
  });
  const events = new RouterEventBus();
  const healthStore = options.healthStore ?? memoryHealthStore();
  const processId = healthStore.processId ?? defaultProcessId();
  const state = new RouterState(
    config,
    prepareTargets({
      targets: config.targets,
      models: options.models,
      health,
      healthStore,
      clock: options.clock ?? Date,
    }),
    events,
    new RecordWriter(options.sinks ?? [], events),
    options.clock ?? Date,
    options.random ?? Math.random,
    options.attemptHooks ?? [],
    config.budgets.length > 0
      ? new RouterBudgets({
          budgets: config.budgets,
          groups: config.groups,
          store: options.budgetStore,
          events,
        })
      : undefined,
    {
      recordPrompts: options.recordPrompts ?? false,
      contentFiltered: options.contentFiltered ?? 'fail',
      deadlineMs: options.deadlineMs,
      classify: options.classify,
      requestId: options.requestId,
      midStream,
      processId,
    },
  );
  const unsubscribe = healthStore.onRemoteChange?.((change) => announceRemoteChange(state, change));
  const models = new Map<string, LanguageModelV4>();

  return {
    languageModel(routeName) {
      const existing = models.get(routeName);
      if (existing) return existing;
      const route = state.routes.get(routeName);
      if (!route) {
        throw new SwitchyardError({
          code: errorCodes.ROUTE_UNKNOWN,
          message: `route "${routeName}" is not in the config; its routes are: ${[...state.routes.keys()].join(', ')}`,
        });
      }
      const model = routeModel(state, route);
      models.set(routeName, model);
      return model;
    },
    withContext(context, fn) {
      return state.contextStore.run(parseAmbientContext(context, state.defaultContext, state.policy), fn);
    },
    setPolicy(policy) {
      state.setPolicy(policy);
    },
    get policy() {
      return state.policy;
    },
    basis() {
      return state.basis();
    },
    health: {
      state(targetId) {
        return state.target(targetId).health.state(state.clock.now());
      },
      restore(targetId, restoreOptions = {}) {
        const entry = state.target(targetId);
        const jurisdictions = handCutoffJurisdictions({
          method: 'router.health.restore',
          jurisdiction: restoreOptions.jurisdiction,
          policy: state.policy,
        });
        for (const jurisdiction of jurisdictions ?? [undefined]) {
          if (entry.health.restore(jurisdiction)) {
            events.emit('target-restored', {
              targetId,
              ...(jurisdiction ? { jurisdiction } : {}),
              source: 'local',
              by: processId,
            });
          }
        }
      },
      cutOff(targetId, cutOptions = {}) {
        const entry = state.target(targetId);
        const jurisdictions = handCutoffJurisdictions({
          method: 'router.health.cutOff',
          jurisdiction: cutOptions.jurisdiction,
          reason: cutOptions.reason,
          policy: state.policy,
        });
        const failure: ClassifiedFailure = {
          kind: 'cutoff',
          scope: jurisdictions === undefined ? 'target' : 'jurisdiction',
          ...(cutOptions.reason ? { cutoffReason: cutOptions.reason } : {}),
          message: 'cut off by hand',
        };
        for (const jurisdiction of jurisdictions ?? [undefined]) {
          noteFailure({ state, entry, context: { jurisdiction }, failure, now: state.clock.now() });
        }
      },
      snapshot() {
        const now = state.clock.now();
        return {
          takenAt: now,
          processId,
          targets: [...state.targets.values()]
            .map((entry) => targetSnapshot({ health: entry.health, now, processId }))
            .sort((a, b) => (a.targetId < b.targetId ? -1 : a.targetId > b.targetId ? 1 : 0)),
        };
      },
      processId,
    },
    get sinks() {
      return { records: state.records.records, errors: state.records.errors };
    },
    on(event, listener) {
      return events.on(event, listener);
    },
    async close() {
      state.closed = true;
      unsubscribe?.();
      if (state.openStreams > 0) reportOpenStreams(events, state.openStreams);
      await state.budgets?.drain();
      await state.records.close();
      // The attempt timeouts' shared timers nothing waits for (an in-flight request keeps its own).
      state.timeouts.releaseIdle();
    },
  };
}

/**
 * Says that `count` served streams were still open at `close()`: their records are not lost,
 * but come only when the streams end, and a stream nobody reads or cancels never does.
 */
function reportOpenStreams(events: RouterEventBus, count: number): void {
  const one = count === 1;
  const message = `router.close(): ${count} ${one ? 'stream was' : 'streams were'} still open; ${
    one ? 'its decision record is' : 'their decision records are'
  } written only when ${one ? 'it ends' : 'they end'}. A stream the caller stopped reading without cancelling is ended by its attempt timeout (attemptTimeoutMs), which keeps the process alive until then: abort the call's abortSignal when you stop reading (with the AI SDK's streamText, cancelling textStream does not reach the model's stream)`;
  events.emit('error', { source: 'close', origin: 'open streams', message, error: new Error(message) });
}
