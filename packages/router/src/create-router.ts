import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamPart,
  LanguageModelV4StreamResult,
  SharedV4ProviderOptions,
} from '@ai-sdk/provider';
import {
  type AttemptRecord,
  type ClassifiedFailure,
  type CompiledPolicy,
  compilePolicy,
  type DecisionRecord,
  type DecisionSink,
  type ErrorCode,
  errorCodes,
  isRetryableKind,
  type PolicyInput,
  type RequestContext,
  RequestContextSchema,
  resolvePrice,
  type SwitchyardConfig,
  type SwitchyardConfigInput,
  SwitchyardError,
  validateConfig,
} from '@switchyard/core';
import {
  handleWhen,
  type IBackoff,
  type IBackoffFactory,
  type IRetryBackoffContext,
  isBrokenCircuitError,
  isBulkheadRejectedError,
  isTaskCancelledError,
  retry,
  TimeoutStrategy,
  timeout,
  wrap,
} from 'cockatiel';
import { z } from 'zod';
import { type Classifier, classifyError } from './classify/classify-error.js';
import { NoEligibleTargetError } from './errors/no-eligible-target-error.js';
import { RequestFailedError } from './errors/request-failed-error.js';
import { RequestOptionsError } from './errors/request-options-error.js';
import { AttemptFailure } from './health/attempt-failure.js';
import {
  type HealthOptions,
  HealthOptionsSchema,
  resolveTargetHealthOptions,
} from './health/health-options.js';
import { TargetHealth, type TargetHealthState } from './health/target-health.js';
import {
  attemptCost,
  buildRecord,
  fallbackDepthOf,
  needsOf,
  type PreparedRoute,
  type PreparedTarget,
  type RequestNeeds,
  type RequestPlan,
  tokenUsageOf,
} from './request-plan.js';
import type { RouterEvents } from './router-events.js';

/** Options of {@link createRouter}. */
export interface CreateRouterOptions {
  /** A validated config (from `parseConfig`) or a config object (validated here). */
  config: SwitchyardConfig | SwitchyardConfigInput;
  /** The model of every target you can call, by target id. Targets without one are skipped (`no_model`). */
  models: Readonly<Record<string, LanguageModelV4>>;
  /** Retry, circuit breaker, timeouts and bulkhead; see `healthDefaults`. */
  health?: HealthOptions;
  /** Where decision records go (default: none). */
  sinks?: readonly DecisionSink[];
  /** Time source for policy evaluation and records (default: `Date.now`). Timers use the global `setTimeout`. */
  clock?: { now(): number };
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
  /** Generates each request's id (default `crypto.randomUUID`); a drill derives them from its seed. */
  requestId?: () => string;
}

/** Options a request may give in `providerOptions.switchyard`. */
export const RequestOptionsSchema = RequestContextSchema.extend({
  /** Deadline of this call, in ms (overrides the router's). */
  deadlineMs: z.number().int().positive().optional().describe('Deadline of this call, in ms'),
}).strict();

/** The router: one `LanguageModelV4` per route, plus health, events and evidence. */
export interface Router {
  /**
   * The model of a route, for `generateText`, `streamText`, `generateObject`, ...
   *
   * @throws {SwitchyardError} `SWITCHYARD_ROUTE_UNKNOWN` when the route is not in the config.
   */
  languageModel(route: string): LanguageModelV4;
  /** Runs `fn` with `context` as the default request context of every call inside it. */
  withContext<T>(context: RequestContext, fn: () => T): T;
  /** Replaces the policy (recompiled for every route); a drill's `policy` event uses it. */
  setPolicy(policy: PolicyInput): void;
  /** The compiled policy in force. */
  readonly policy: CompiledPolicy;
  /** Health of the targets. */
  readonly health: {
    /** The health of one target. */
    state(targetId: string): TargetHealthState;
    /** Lifts a cut-off: for every caller, or for one caller jurisdiction. */
    restore(targetId: string, options?: { jurisdiction?: string }): void;
    /** Cuts a target off by hand (e.g. on a vendor's notice). */
    cutOff(
      targetId: string,
      options?: { jurisdiction?: string; reason?: ClassifiedFailure['cutoffReason'] },
    ): void;
  };
  /** Subscribes to an event; returns the unsubscribe function. */
  on<Name extends keyof RouterEvents>(
    event: Name,
    listener: (payload: RouterEvents[Name]) => void,
  ): () => void;
  /** Flushes and closes the sinks. Calls after this fail with `SWITCHYARD_ROUTER_CLOSED`. */
  close(): Promise<void>;
}

const metadataParts = new Set([
  'stream-start',
  'response-metadata',
  'raw',
  'text-start',
  'reasoning-start',
  'tool-input-start',
]);

/**
 * Creates a router: every call on `router.languageModel(route)` goes to a
 * target the policy allows for this caller at this instant, that is not cut
 * off, that can do what the call needs, and that is best by the route's
 * strategy; failures are classified and retried, fallen back from, or failed
 * fast; and every call leaves a decision record.
 *
 * Retries: the router is the only owner of retries. Switchyard adapters build
 * their SDK clients with `maxRetries: 0`; give any other model the same.
 *
 * @param options.config the config (targets, routes, groups, policy, default context).
 * @param options.models the model of each target id.
 * @param options.health retry, breaker, timeouts, bulkhead (`healthDefaults`).
 * @param options.sinks where decision records go (`memorySink`, `jsonlSink`, `callbackSink`).
 * @returns the router.
 * @throws {ConfigError} when the config is invalid, listing every problem.
 *
 * @example
 * ```ts
 * const router = createRouter({ config, models: { 'openai-gpt': openai.languageModel('gpt-5.4') } });
 * const { text } = await generateText({ model: router.languageModel('chat'), prompt: 'Hello',
 *   providerOptions: { switchyard: { jurisdiction: 'DE', dataClass: 'regulated' } } });
 * ```
 */
export function createRouter(options: CreateRouterOptions): Router {
  const config = validateConfig(options.config, { file: '<createRouter config>' });
  const healthOptions = options.health === undefined ? undefined : parseHealthOptions(options.health);
  const clock = options.clock ?? Date;
  const random = options.random ?? Math.random;
  const requestId = options.requestId ?? randomUUID;
  const sinks = options.sinks ?? [];
  const contextStore = new AsyncLocalStorage<RequestContext>();
  const listeners = new Map<keyof RouterEvents, Set<(payload: never) => void>>();
  let compiled = compilePolicy({ policy: config.policy, targets: config.targets, groups: config.groups });
  let closed = false;

  const emit = <Name extends keyof RouterEvents>(event: Name, payload: RouterEvents[Name]) => {
    const set = listeners.get(event);
    if (!set) return;
    for (const listener of set) {
      try {
        (listener as (value: RouterEvents[Name]) => void)(payload);
      } catch {
        // A listener's error never reaches a request.
      }
    }
  };

  const prepared = new Map<string, PreparedTarget>();
  for (const target of config.targets) {
    const model = options.models[target.id];
    const health = new TargetHealth(target.id, resolveTargetHealthOptions(healthOptions, target.id));
    const providerKeys = [target.provider];
    if (model) {
      const modelProvider = model.provider.split('.')[0];
      if (modelProvider && !providerKeys.includes(modelProvider)) providerKeys.push(modelProvider);
    }
    prepared.set(target.id, {
      target,
      model,
      price: resolvePrice(target),
      health,
      hasTools: target.capabilities.includes('tools'),
      hasJson: target.capabilities.includes('json'),
      hasVision: target.capabilities.includes('vision'),
      providerKeys,
    });
  }
  const unknownModels = Object.keys(options.models).filter((id) => !prepared.has(id));
  if (unknownModels.length > 0) {
    throw new SwitchyardError({
      code: errorCodes.TARGET_UNKNOWN,
      message: `models are given for targets the config does not define: ${unknownModels.join(', ')}; defined targets: ${[
        ...prepared.keys(),
      ].join(', ')}`,
    });
  }

  function wrapTarget(entry: PreparedTarget) {
    const health = entry.health;
    const retryPolicy = retry(
      handleWhen(
        (error) =>
          error instanceof AttemptFailure &&
          isRetryableKind(error.failure.kind) &&
          (error.failure.retryAfterMs === undefined ||
            error.failure.retryAfterMs <= health.options.maxRetryAfterMs),
      ),
      { maxAttempts: health.options.maxRetries, backoff: new RetryAfterBackoff(health.options, random) },
    );
    // abortOnReturn: false: a settled attempt needs no abort (and an abort builds a DOMException, the
    // most expensive step of a call); a stream keeps its own controller past the opening stage.
    const attemptTimeout = timeout(health.options.attemptTimeoutMs, {
      strategy: TimeoutStrategy.Aggressive,
      abortOnReturn: false,
    });
    const ttftTimeout = timeout(health.options.ttftTimeoutMs, {
      strategy: TimeoutStrategy.Aggressive,
      abortOnReturn: false,
    });
    return {
      retry: retryPolicy,
      generate: wrap(health.breaker, health.bulkhead, attemptTimeout),
      open: wrap(health.breaker, health.bulkhead, ttftTimeout),
    };
  }
  const policies = new Map<string, ReturnType<typeof wrapTarget>>();
  for (const entry of prepared.values()) policies.set(entry.target.id, wrapTarget(entry));

  const routes = new Map<string, PreparedRoute>();
  const prepareRoutes = () => {
    for (const [name, route] of Object.entries(config.routes)) {
      const ids = [...route.targets, ...route.lastResort.filter((id) => !route.targets.includes(id))];
      const existing = routes.get(name);
      if (existing) {
        existing.policy = compiled.forTargets(ids);
        continue;
      }
      routes.set(name, {
        name,
        strategy: route.strategy,
        weights: route.weights ?? {},
        candidates: ids.map((id) => prepared.get(id) as PreparedTarget),
        lastResortFrom: route.targets.length,
        policy: compiled.forTargets(ids),
      });
    }
  };
  prepareRoutes();

  const defaultContext = config.defaults.context;

  function resolveContext(providerOptions: SharedV4ProviderOptions | undefined): {
    context: RequestContext;
    deadlineMs: number | undefined;
  } {
    const given = providerOptions?.switchyard;
    const ambient = contextStore.getStore();
    if (given === undefined) {
      return { context: ambient ?? defaultContext, deadlineMs: options.deadlineMs };
    }
    const parsed = RequestOptionsSchema.safeParse(given);
    if (!parsed.success) {
      throw new RequestOptionsError({
        issues: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
      });
    }
    const { deadlineMs, ...context } = parsed.data;
    if (context.jurisdiction !== undefined && !compiled.jurisdictions.isKnown(context.jurisdiction)) {
      throw new RequestOptionsError({
        issues: [
          `jurisdiction: "${context.jurisdiction}" is neither an ISO 3166-1 alpha-2 code (upper case, e.g. DE) nor a group (${compiled.jurisdictions.groupNames.join(', ')})`,
        ],
      });
    }
    return {
      context: { ...defaultContext, ...ambient, ...context },
      deadlineMs: deadlineMs ?? options.deadlineMs,
    };
  }

  function plan(
    route: PreparedRoute,
    callOptions: LanguageModelV4CallOptions,
  ): { plan: RequestPlan; deadlineMs?: number; needs: RequestNeeds } {
    const { context, deadlineMs } = resolveContext(callOptions.providerOptions);
    const startedAt = clock.now();
    const verdicts = route.policy.evaluate(context, startedAt);
    const needs = needsOf(callOptions);
    const ordered: PreparedTarget[] = [];
    const degraded: PreparedTarget[] = [];
    const lastResort: PreparedTarget[] = [];
    const skipped: RequestPlan['skipped'] = [];
    const ineligible: RequestPlan['ineligible'] = [];
    for (let index = 0; index < route.candidates.length; index++) {
      const entry = route.candidates[index] as PreparedTarget;
      const verdict = verdicts[index];
      const id = entry.target.id;
      if (!verdict?.allowed) {
        ineligible.push({ targetId: id, reason: 'policy', detail: verdict?.reason ?? 'no verdict' });
        continue;
      }
      let reason: RequestPlan['skipped'][number]['reason'] | undefined;
      let detail = '';
      if (!entry.model) {
        reason = 'no_model';
        detail = `no model was given for target ${id} in createRouter({ models })`;
      } else if (entry.health.isCutOff(context.jurisdiction, startedAt)) {
        const cutoff = entry.health.state(startedAt).cutoffs[0];
        reason = 'cut_off';
        detail = `cut off${cutoff?.reason ? ` (${cutoff.reason})` : ''} since ${new Date(cutoff?.since ?? startedAt).toISOString()}: ${cutoff?.failure.message ?? ''}`;
      } else if (
        (needs.tools && !entry.hasTools) ||
        (needs.json && !entry.hasJson) ||
        (needs.vision && !entry.hasVision)
      ) {
        reason = 'capability';
        detail = `lacks ${[needs.tools && !entry.hasTools && 'tools', needs.json && !entry.hasJson && 'json', needs.vision && !entry.hasVision && 'vision'].filter(Boolean).join(', ')}`;
      } else if (needs.promptTokens > entry.target.contextWindow) {
        reason = 'context_window';
        detail = `the prompt (~${needs.promptTokens} tokens) exceeds its context window of ${entry.target.contextWindow}`;
      }
      if (reason) {
        skipped.push({ targetId: id, reason, detail });
        ineligible.push({ targetId: id, reason: reason === 'not_reached' ? 'no_model' : reason, detail });
        continue;
      }
      if (index >= route.lastResortFrom) lastResort.push(entry);
      else if (entry.health.isDegraded(startedAt)) degraded.push(entry);
      else ordered.push(entry);
    }
    orderByStrategy(route, ordered, needs, callOptions, random);
    if (degraded.length > 0) orderByStrategy(route, degraded, needs, callOptions, random);
    for (const entry of degraded) ordered.push(entry);
    for (const entry of lastResort) ordered.push(entry);
    return {
      plan: {
        requestId: requestId(),
        startedAt,
        policy: route.policy,
        context,
        verdicts,
        ordered,
        skipped,
        ineligible,
        attempts: [],
      },
      deadlineMs,
      needs,
    };
  }

  function finish(options_: {
    route: PreparedRoute;
    plan: RequestPlan;
    operation: 'generate' | 'stream';
    servedBy: string | null;
    ttftMs?: number;
    error?: { code: string; message: string };
    prompt: unknown;
  }): DecisionRecord | undefined {
    // Hot path: with no sink and no request-end listener, a served call builds no record.
    if (options_.servedBy !== null && sinks.length === 0 && (listeners.get('request-end')?.size ?? 0) === 0) {
      return undefined;
    }
    const record = buildRecord({
      plan: options_.plan,
      route: options_.route.name,
      operation: options_.operation,
      policyVersion: compiled.version,
      servedBy: options_.servedBy,
      finishedAt: clock.now(),
      ...(options_.ttftMs === undefined ? {} : { ttftMs: options_.ttftMs }),
      ...(options_.error ? { error: options_.error } : {}),
      ...(options.recordPrompts ? { prompt: options_.prompt } : {}),
    });
    for (const sink of sinks) {
      try {
        sink.write(record);
      } catch {
        // A sink's failure never fails a request.
      }
    }
    emit('request-end', record);
    return record;
  }

  function classify(error: unknown, entry: PreparedTarget): ClassifiedFailure {
    if (options.classify) {
      const custom = options.classify(error, {
        id: entry.target.id,
        provider: entry.target.provider,
        model: entry.target.model,
      });
      if (custom) return custom;
    }
    return classifyError(error);
  }

  function noteFailure(
    entry: PreparedTarget,
    context: RequestContext,
    failure: ClassifiedFailure,
    now: number,
  ) {
    if (failure.kind === 'cutoff') {
      const scope =
        failure.scope === 'jurisdiction' && context.jurisdiction !== undefined ? 'jurisdiction' : 'target';
      const isNew = entry.health.cutOff({
        scope,
        ...(scope === 'jurisdiction' ? { jurisdiction: context.jurisdiction } : {}),
        ...(failure.cutoffReason ? { reason: failure.cutoffReason } : {}),
        failure,
        since: now,
      });
      if (isNew) {
        emit('target-cut-off', {
          targetId: entry.target.id,
          scope,
          ...(scope === 'jurisdiction' && context.jurisdiction ? { jurisdiction: context.jurisdiction } : {}),
          failure,
        });
      }
    } else if (failure.kind === 'rate_limited') {
      entry.health.rateLimitedUntil = now + (failure.retryAfterMs ?? 1_000);
    }
  }

  /**
   * Fail closed at the very instant an attempt starts (the instant its record
   * carries): when the clock or the policy moved since the plan, the target is
   * checked again (a cached slice lookup), so an effective date or a
   * `setPolicy` that lands between the plan and the attempt is honoured.
   * Throws {@link PolicyDeniedNow}.
   */
  function admitAttempt(
    route: PreparedRoute,
    plan: RequestPlan,
    entry: PreparedTarget,
    startedAt: number,
  ): void {
    if (startedAt === plan.startedAt && route.policy === plan.policy) return;
    const verdict = route.policy.evaluate(plan.context, startedAt)[route.candidates.indexOf(entry)];
    if (verdict?.allowed) return;
    throw new PolicyDeniedNow(
      `denied by the policy in force when its turn came: ${verdict?.reason ?? 'no verdict'}`,
    );
  }

  /** Why the loop stopped, when it stops before trying everyone. */
  type Stop = { code: ErrorCode; message: string; cause: unknown };

  function callSignal(callOptions: LanguageModelV4CallOptions, deadlineMs: number | undefined): CallSignal {
    const caller = callOptions.abortSignal;
    // Hot path: no caller signal and no deadline, nothing can abort the call as a whole.
    if (caller === undefined && deadlineMs === undefined) return unabortableCall;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let reason: 'deadline' | 'aborted' | undefined;
    const onAbort = () => {
      reason ??= 'aborted';
      controller.abort(caller?.reason);
    };
    if (caller) {
      if (caller.aborted) onAbort();
      else caller.addEventListener('abort', onAbort, { once: true });
    }
    if (deadlineMs !== undefined) {
      timer = setTimeout(() => {
        reason ??= 'deadline';
        controller.abort(new Error(`deadline of ${deadlineMs} ms exceeded`));
      }, deadlineMs);
    }
    return {
      signal: controller.signal,
      get reason() {
        return reason;
      },
      dispose() {
        if (timer !== undefined) clearTimeout(timer);
        caller?.removeEventListener('abort', onAbort);
      },
    };
  }

  function stopForSignal(
    reason: 'deadline' | 'aborted' | undefined,
    deadlineMs: number | undefined,
    cause: unknown,
  ): Stop | undefined {
    if (reason === 'deadline') {
      return {
        code: errorCodes.DEADLINE_EXCEEDED,
        message: `the deadline of ${deadlineMs} ms passed before any target served`,
        cause,
      };
    }
    if (reason === 'aborted')
      return { code: errorCodes.ABORTED, message: 'the caller aborted the request', cause };
    return undefined;
  }

  /**
   * Runs attempts over the ordered candidates. `attempt` does one attempt on
   * one target and returns its result, or throws an AttemptFailure.
   */
  async function runCandidates<Result>(options_: {
    route: PreparedRoute;
    plan: RequestPlan;
    operation: 'generate' | 'stream';
    signal: CallSignal;
    deadlineMs: number | undefined;
    prompt: unknown;
    /** One attempt, admitted by the policy at `startedAt` (the instant its record carries). */
    attempt: (
      entry: PreparedTarget,
      signal: AbortSignal,
      record: (attempt: AttemptRecord) => void,
      startedAt: number,
    ) => Promise<Result>;
    stage: 'generate' | 'open';
  }): Promise<{ entry: PreparedTarget; result: Result }> {
    const { route, plan, signal } = options_;
    if (plan.ordered.length === 0) {
      finish({
        route,
        plan,
        operation: options_.operation,
        servedBy: null,
        error: { code: errorCodes.NO_ELIGIBLE_TARGET, message: 'no eligible target' },
        prompt: options_.prompt,
      });
      throw new NoEligibleTargetError({ route: route.name, candidates: plan.ineligible });
    }
    let lastError: unknown;
    let stop: Stop | undefined;
    let largestFailedWindow = 0;
    let previous: string | undefined;
    for (const entry of plan.ordered) {
      if (signal.signal.aborted) {
        stop = stopForSignal(signal.reason, options_.deadlineMs, lastError);
        break;
      }
      if (entry.target.contextWindow <= largestFailedWindow) {
        plan.skipped.push({
          targetId: entry.target.id,
          reason: 'context_window',
          detail: `a target with a context window of ${largestFailedWindow} already rejected the prompt as too long`,
        });
        continue;
      }
      if (entry.health.isCutOff(plan.context.jurisdiction, clock.now())) {
        plan.skipped.push({
          targetId: entry.target.id,
          reason: 'cut_off',
          detail: 'cut off while this request was running',
        });
        continue;
      }
      const policy = policies.get(entry.target.id) as ReturnType<typeof wrapTarget>;
      const inner = options_.stage === 'generate' ? policy.generate : policy.open;
      try {
        const result = await raceAbort(
          signal === unabortableCall ? undefined : signal.signal,
          policy.retry.execute(({ attempt, signal: retrySignal }) => {
            // Fail closed over time: every attempt, fallbacks and retries included, is admitted by
            // the policy in force at the instant it starts, before the circuit breaker sees it (a
            // denial is not a trial). From here to the model's call nothing waits on a timer or
            // I/O, so no policy change can land in between.
            const startedAt = clock.now();
            admitAttempt(route, plan, entry, startedAt);
            if (attempt === 0) {
              if (previous !== undefined)
                emit('fallback', { requestId: plan.requestId, from: previous, to: entry.target.id });
              previous = entry.target.id;
            }
            return inner.execute(({ signal: attemptSignal }) => {
              const combined =
                signal === unabortableCall ? attemptSignal : AbortSignal.any([attemptSignal, signal.signal]);
              return options_.attempt(
                entry,
                combined,
                (attempt) => {
                  plan.attempts.push(attempt);
                  emit('attempt-end', { requestId: plan.requestId, attempt });
                },
                startedAt,
              );
            }, retrySignal);
          }, signal.signal),
        );
        return { entry, result };
      } catch (error) {
        if (error instanceof PolicyDeniedNow) {
          plan.skipped.push({ targetId: entry.target.id, reason: 'policy', detail: error.message });
          continue;
        }
        lastError = error;
        if (signal.signal.aborted) {
          stop = stopForSignal(signal.reason, options_.deadlineMs, error);
          break;
        }
        if (isBrokenCircuitError(error) || isBulkheadRejectedError(error)) {
          plan.skipped.push({
            targetId: entry.target.id,
            reason: 'circuit_open',
            detail: isBrokenCircuitError(error)
              ? 'its circuit is open after repeated failures'
              : 'its bulkhead is full',
          });
          continue;
        }
        const failure = error instanceof AttemptFailure ? error.failure : classify(error, entry);
        if (failure.kind === 'invalid_request') {
          stop = {
            code: errorCodes.INVALID_REQUEST,
            message: `${entry.target.id} rejected the request as invalid; it would fail on every target: ${failure.message}`,
            cause: error instanceof AttemptFailure ? error.cause : error,
          };
          break;
        }
        if (failure.kind === 'content_filtered' && options.contentFiltered !== 'fallback') {
          stop = {
            code: errorCodes.CONTENT_FILTERED,
            message: `${entry.target.id} refused the content: ${failure.message}`,
            cause: error instanceof AttemptFailure ? error.cause : error,
          };
          break;
        }
        if (failure.kind === 'context_length')
          largestFailedWindow = Math.max(largestFailedWindow, entry.target.contextWindow);
      }
    }
    const cause = lastError instanceof AttemptFailure ? lastError.cause : lastError;
    stop ??= {
      code: errorCodes.ALL_TARGETS_FAILED,
      message: `every eligible target of route "${route.name}" failed (${
        plan.attempts
          .map((attempt) => `${attempt.targetId}: ${attempt.failureKind ?? attempt.outcome}`)
          .join(', ') || 'none could be tried'
      })`,
      cause,
    };
    const record = finish({
      route,
      plan,
      operation: options_.operation,
      servedBy: null,
      error: { code: stop.code, message: stop.message },
      prompt: options_.prompt,
    }) as DecisionRecord; // a failed call always builds its record
    throw new RequestFailedError({
      code: stop.code,
      route: route.name,
      message: stop.message,
      record,
      cause: stop.cause,
    });
  }

  function attemptRecord(
    entry: PreparedTarget,
    plan: RequestPlan,
    startedAt: number,
    retryIndex: number,
    fields: Partial<AttemptRecord>,
  ): AttemptRecord {
    const usage = fields.usage;
    return {
      targetId: entry.target.id,
      provider: entry.target.provider,
      model: entry.target.model,
      startMs: Math.max(0, startedAt - plan.startedAt),
      latencyMs: Math.max(0, clock.now() - startedAt),
      outcome: 'success',
      retry: retryIndex,
      costUsd: attemptCost(entry, usage),
      ...fields,
    };
  }

  function failureFields(failure: ClassifiedFailure, aborted: boolean): Partial<AttemptRecord> {
    return {
      outcome: aborted ? 'aborted' : 'failure',
      failureKind: failure.kind,
      ...(failure.cutoffReason ? { cutoffReason: failure.cutoffReason } : {}),
      ...(failure.status === undefined ? {} : { status: failure.status }),
      ...(failure.code === undefined ? {} : { code: failure.code }),
      message: failure.message,
    };
  }

  function callOptionsFor(
    entry: PreparedTarget,
    callOptions: LanguageModelV4CallOptions,
    signal: AbortSignal,
  ): LanguageModelV4CallOptions {
    const given = callOptions.providerOptions;
    let providerOptions: SharedV4ProviderOptions | undefined;
    if (given) {
      for (const key of entry.providerKeys) {
        const value = given[key];
        if (value === undefined) continue;
        providerOptions ??= {};
        providerOptions[key] = value;
      }
    }
    return { ...callOptions, providerOptions, abortSignal: signal };
  }

  function languageModel(routeName: string): LanguageModelV4 {
    const route = routes.get(routeName);
    if (!route) {
      throw new SwitchyardError({
        code: errorCodes.ROUTE_UNKNOWN,
        message: `route "${routeName}" is not in the config; its routes are: ${[...routes.keys()].join(', ')}`,
      });
    }
    const ensureOpen = () => {
      if (closed)
        throw new SwitchyardError({ code: errorCodes.ROUTER_CLOSED, message: 'the router was closed' });
    };
    return {
      specificationVersion: 'v4',
      provider: 'switchyard',
      modelId: routeName,
      supportedUrls: {},

      async doGenerate(callOptions): Promise<LanguageModelV4GenerateResult> {
        ensureOpen();
        const { plan: requestPlan, deadlineMs } = plan(route, callOptions);
        const signal = callSignal(callOptions, deadlineMs);
        const retries = new Map<string, number>();
        try {
          const { entry, result } = await runCandidates({
            route,
            plan: requestPlan,
            operation: 'generate',
            signal,
            deadlineMs,
            prompt: callOptions.prompt,
            stage: 'generate',
            attempt: async (entry, attemptSignal, record, startedAt) => {
              const retryIndex = retries.get(entry.target.id) ?? 0;
              retries.set(entry.target.id, retryIndex + 1);
              emit('attempt-start', {
                requestId: requestPlan.requestId,
                targetId: entry.target.id,
                retry: retryIndex,
              });
              entry.health.inFlight++;
              try {
                const result = await (entry.model as LanguageModelV4).doGenerate(
                  callOptionsFor(entry, callOptions, attemptSignal),
                );
                const usage = tokenUsageOf(result.usage);
                record(attemptRecord(entry, requestPlan, startedAt, retryIndex, usage ? { usage } : {}));
                entry.health.succeeded(
                  requestPlan.context.jurisdiction,
                  clock.now() - startedAt,
                  undefined,
                  startedAt,
                );
                return result;
              } catch (error) {
                const failure = attemptTimedOut(error, attemptSignal, signal)
                  ? {
                      kind: 'timeout' as const,
                      message: `no answer within ${entry.health.options.attemptTimeoutMs} ms`,
                    }
                  : classify(error, entry);
                record(
                  attemptRecord(
                    entry,
                    requestPlan,
                    startedAt,
                    retryIndex,
                    failureFields(failure, attemptSignal.aborted && signal.reason !== undefined),
                  ),
                );
                noteFailure(entry, requestPlan.context, failure, clock.now());
                throw new AttemptFailure(failure, error);
              } finally {
                entry.health.inFlight--;
              }
            },
          });
          const record = finish({
            route,
            plan: requestPlan,
            operation: 'generate',
            servedBy: entry.target.id,
            prompt: callOptions.prompt,
          });
          return {
            ...result,
            response: { ...result.response, modelId: result.response?.modelId ?? entry.target.model },
            providerMetadata: {
              ...result.providerMetadata,
              switchyard: {
                servedBy: entry.target.id,
                requestId: requestPlan.requestId,
                fallbackDepth:
                  record?.totals.fallbackDepth ?? fallbackDepthOf(requestPlan.attempts, entry.target.id),
                attempts: requestPlan.attempts.length,
              },
            },
          };
        } finally {
          signal.dispose();
        }
      },

      async doStream(callOptions): Promise<LanguageModelV4StreamResult> {
        ensureOpen();
        const { plan: requestPlan, deadlineMs, needs } = plan(route, callOptions);
        const signal = callSignal(callOptions, deadlineMs);
        const retries = new Map<string, number>();
        interface Opened {
          reader: ReadableStreamDefaultReader<LanguageModelV4StreamPart>;
          buffered: LanguageModelV4StreamPart[];
          startedAt: number;
          ttftMs: number;
          retryIndex: number;
          upstream: LanguageModelV4StreamResult;
          controller: AbortController;
        }
        let opened: { entry: PreparedTarget; result: Opened };
        try {
          opened = await runCandidates<Opened>({
            route,
            plan: requestPlan,
            operation: 'stream',
            signal,
            deadlineMs,
            prompt: callOptions.prompt,
            stage: 'open',
            attempt: async (entry, attemptSignal, record, startedAt) => {
              const retryIndex = retries.get(entry.target.id) ?? 0;
              retries.set(entry.target.id, retryIndex + 1);
              emit('attempt-start', {
                requestId: requestPlan.requestId,
                targetId: entry.target.id,
                retry: retryIndex,
              });
              // The stream outlives the opening stage's timeout: give it its own controller, tied to the call.
              const controller = new AbortController();
              const onOpenAbort = () => controller.abort(attemptSignal.reason);
              attemptSignal.addEventListener('abort', onOpenAbort, { once: true });
              let reader: ReadableStreamDefaultReader<LanguageModelV4StreamPart> | undefined;
              try {
                const upstream = await (entry.model as LanguageModelV4).doStream(
                  callOptionsFor(
                    entry,
                    callOptions,
                    signal === unabortableCall
                      ? controller.signal
                      : AbortSignal.any([controller.signal, signal.signal]),
                  ),
                );
                reader = upstream.stream.getReader();
                const buffered: LanguageModelV4StreamPart[] = [];
                for (;;) {
                  const next = await reader.read();
                  if (next.done) {
                    throw new SwitchyardError({
                      code: errorCodes.STREAM_TRUNCATED,
                      message: 'the stream ended before any content or finish part',
                    });
                  }
                  const part = next.value;
                  if (part.type === 'error') throw part.error;
                  buffered.push(part);
                  if (!metadataParts.has(part.type)) break;
                }
                attemptSignal.removeEventListener('abort', onOpenAbort);
                return {
                  reader,
                  buffered,
                  startedAt,
                  ttftMs: clock.now() - startedAt,
                  retryIndex,
                  upstream,
                  controller,
                };
              } catch (error) {
                attemptSignal.removeEventListener('abort', onOpenAbort);
                controller.abort(error);
                reader?.cancel(error).catch(() => {});
                const failure = attemptTimedOut(error, attemptSignal, signal)
                  ? {
                      kind: 'timeout' as const,
                      message: `no first token within ${entry.health.options.ttftTimeoutMs} ms`,
                    }
                  : classify(error, entry);
                record(
                  attemptRecord(
                    entry,
                    requestPlan,
                    startedAt,
                    retryIndex,
                    failureFields(failure, signal.reason !== undefined),
                  ),
                );
                noteFailure(entry, requestPlan.context, failure, clock.now());
                throw new AttemptFailure(failure, error);
              }
            },
          });
        } catch (error) {
          signal.dispose();
          throw error;
        }
        const { entry, result: open } = opened;
        const reader = open.reader;
        entry.health.inFlight++;
        let settled = false;
        let delivered = 0;
        const attemptTimer = setTimeout(
          () =>
            open.controller.abort(
              new DOMException(
                `the stream from ${entry.target.id} did not end within ${entry.health.options.attemptTimeoutMs} ms`,
                'TimeoutError',
              ),
            ),
          entry.health.options.attemptTimeoutMs,
        );
        const settle = (outcome: {
          usage?: ReturnType<typeof tokenUsageOf>;
          failure?: ClassifiedFailure;
          error?: unknown;
        }) => {
          if (settled) return undefined;
          settled = true;
          clearTimeout(attemptTimer);
          entry.health.inFlight--;
          signal.dispose();
          const fields: Partial<AttemptRecord> = { ttftMs: open.ttftMs };
          if (outcome.usage) fields.usage = outcome.usage;
          // A stream that failed after content was delivered was billed for it: price the prompt and
          // the tokens delivered (estimated at 4 characters a token), so it counts as wasted spend.
          else if (outcome.failure && delivered > 0)
            fields.usage = {
              inputTokens: needs.promptTokens,
              outputTokens: Math.ceil(delivered / 4),
              cachedInputTokens: 0,
              reasoningTokens: 0,
            };
          if (outcome.failure)
            Object.assign(fields, failureFields(outcome.failure, signal.reason !== undefined));
          requestPlan.attempts.push(
            attemptRecord(entry, requestPlan, open.startedAt, open.retryIndex, fields),
          );
          emit('attempt-end', {
            requestId: requestPlan.requestId,
            attempt: requestPlan.attempts.at(-1) as AttemptRecord,
          });
          if (outcome.failure) {
            noteFailure(entry, requestPlan.context, outcome.failure, clock.now());
            return finish({
              route,
              plan: requestPlan,
              operation: 'stream',
              servedBy: null,
              ttftMs: open.startedAt - requestPlan.startedAt + open.ttftMs,
              error: {
                code: errorCodes.PROVIDER_ERROR,
                message: `${entry.target.id} failed after the first token: ${outcome.failure.message}`,
              },
              prompt: callOptions.prompt,
            });
          }
          entry.health.succeeded(
            requestPlan.context.jurisdiction,
            clock.now() - open.startedAt,
            open.ttftMs,
            open.startedAt,
          );
          return finish({
            route,
            plan: requestPlan,
            operation: 'stream',
            servedBy: entry.target.id,
            ttftMs: open.startedAt - requestPlan.startedAt + open.ttftMs,
            prompt: callOptions.prompt,
          });
        };
        let sawFinish = false;
        let usage: ReturnType<typeof tokenUsageOf>;
        const stream = new ReadableStream<LanguageModelV4StreamPart>({
          start(controller) {
            for (const part of open.buffered) {
              delivered += deliveredCharacters(part);
              if (part.type === 'finish') {
                sawFinish = true;
                usage = tokenUsageOf(part.usage);
                controller.enqueue(withServedBy(part, entry.target.id, requestPlan.requestId));
              } else controller.enqueue(part);
            }
          },
          async pull(controller) {
            if (settled) {
              controller.close();
              return;
            }
            let next: Awaited<ReturnType<typeof reader.read>>;
            try {
              next = await reader.read();
            } catch (error) {
              const failure = classify(error, entry);
              settle({ failure, error });
              controller.enqueue({ type: 'error', error: error });
              controller.close();
              return;
            }
            if (next.done) {
              if (sawFinish) {
                settle(usage ? { usage } : {});
              } else {
                const error = new SwitchyardError({
                  code: errorCodes.STREAM_TRUNCATED,
                  message: `the stream from ${entry.target.id} ended without a finish part`,
                });
                settle({
                  failure: { kind: 'transient', code: errorCodes.STREAM_TRUNCATED, message: error.message },
                  error,
                });
                controller.enqueue({ type: 'error', error });
              }
              controller.close();
              return;
            }
            const part = next.value;
            if (part.type === 'error') {
              const failure = classify(part.error, entry);
              settle({ failure, error: part.error });
              controller.enqueue(part);
              reader.cancel(part.error).catch(() => {});
              controller.close();
              return;
            }
            if (part.type === 'finish') {
              sawFinish = true;
              usage = tokenUsageOf(part.usage);
              controller.enqueue(withServedBy(part, entry.target.id, requestPlan.requestId));
              return;
            }
            delivered += deliveredCharacters(part);
            controller.enqueue(part);
          },
          async cancel(reason) {
            open.controller.abort(reason);
            await reader.cancel(reason).catch(() => {});
            settle({
              failure: {
                kind: 'transient',
                code: errorCodes.ABORTED,
                message: 'the caller cancelled the stream',
              },
            });
          },
        });
        return {
          stream,
          ...(open.upstream.request ? { request: open.upstream.request } : {}),
          ...(open.upstream.response ? { response: open.upstream.response } : {}),
        };
      },
    };
  }

  const router: Router = {
    languageModel,
    withContext(context, fn) {
      const parsed = RequestContextSchema.safeParse(context);
      if (!parsed.success) {
        throw new RequestOptionsError({
          issues: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
        });
      }
      return contextStore.run({ ...defaultContext, ...parsed.data }, fn);
    },
    setPolicy(policy) {
      compiled = compilePolicy({ policy, targets: config.targets, groups: config.groups });
      prepareRoutes();
    },
    get policy() {
      return compiled;
    },
    health: {
      state(targetId) {
        return healthOf(targetId).state(clock.now());
      },
      restore(targetId, restoreOptions = {}) {
        if (healthOf(targetId).restore(restoreOptions.jurisdiction)) {
          emit('target-restored', {
            targetId,
            ...(restoreOptions.jurisdiction ? { jurisdiction: restoreOptions.jurisdiction } : {}),
          });
        }
      },
      cutOff(targetId, cutOptions = {}) {
        const scope = cutOptions.jurisdiction === undefined ? 'target' : 'jurisdiction';
        const failure: ClassifiedFailure = {
          kind: 'cutoff',
          scope,
          ...(cutOptions.reason ? { cutoffReason: cutOptions.reason } : {}),
          message: 'cut off by hand',
        };
        noteFailure(
          prepared.get(targetId) as PreparedTarget,
          { jurisdiction: cutOptions.jurisdiction },
          failure,
          clock.now(),
        );
      },
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      set.add(listener as (payload: never) => void);
      return () => set.delete(listener as (payload: never) => void);
    },
    async close() {
      closed = true;
      for (const sink of sinks) await sink.close?.();
    },
  };

  function healthOf(targetId: string): TargetHealth {
    const entry = prepared.get(targetId);
    if (!entry) {
      throw new SwitchyardError({
        code: errorCodes.TARGET_UNKNOWN,
        message: `unknown target "${targetId}"; defined targets: ${[...prepared.keys()].join(', ')}`,
      });
    }
    return entry.health;
  }

  return router;
}

/** Thrown inside the retry loop when the policy denies a target before its retry. */
/**
 * Whether an attempt failed because its own timeout fired: cockatiel rejected
 * it, or the model honoured the attempt's aborted signal first (its rejection
 * is an abort error, not a timeout) while the call as a whole was not aborted.
 */
function attemptTimedOut(error: unknown, attemptSignal: AbortSignal, call: CallSignal): boolean {
  return isTaskCancelledError(error) || (attemptSignal.aborted && call.reason === undefined);
}

class PolicyDeniedNow extends Error {}

/** The abort state of one call: its signal, why it aborted, and how to release its listeners. */
interface CallSignal {
  readonly signal: AbortSignal;
  readonly reason: 'deadline' | 'aborted' | undefined;
  dispose(): void;
}

/** The call signal of calls that nothing can abort as a whole (no caller signal, no deadline). */
const unabortableCall: CallSignal = {
  signal: new AbortController().signal,
  reason: undefined,
  dispose() {},
};
// Every call in flight without a signal of its own hangs cockatiel's listeners here for its duration
// (each removed when its attempt ends): no listener limit, no MaxListenersExceededWarning.
setMaxListeners(0, unabortableCall.signal);

/** Settles with `promise`, or rejects as soon as `signal` aborts (cockatiel's retry waits out its delay). */
function raceAbort<T>(signal: AbortSignal | undefined, promise: Promise<T>): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      promise.catch(() => {});
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function withServedBy(
  part: Extract<LanguageModelV4StreamPart, { type: 'finish' }>,
  servedBy: string,
  requestId: string,
) {
  return {
    ...part,
    providerMetadata: { ...part.providerMetadata, switchyard: { servedBy, requestId } },
  };
}

function parseHealthOptions(health: HealthOptions): HealthOptions {
  const parsed = HealthOptionsSchema.safeParse(health);
  if (!parsed.success) {
    throw new SwitchyardError({
      code: errorCodes.CONFIG_INVALID,
      message: `invalid createRouter({ health }):\n${parsed.error.issues
        .map((issue) => `  health.${issue.path.join('.')}: ${issue.message}`)
        .join('\n')}`,
    });
  }
  return parsed.data;
}

/** Exponential backoff with jitter that waits what the provider asked (retry-after) when it asked. */
class RetryAfterBackoff implements IBackoffFactory<IRetryBackoffContext<unknown>> {
  constructor(
    private readonly options: { initialBackoffMs: number; maxBackoffMs: number },
    private readonly random: () => number,
    private readonly attempt = 0,
  ) {}

  next(context: IRetryBackoffContext<unknown>): IBackoff<IRetryBackoffContext<unknown>> {
    const error = 'error' in context.result ? context.result.error : undefined;
    const retryAfter = error instanceof AttemptFailure ? error.failure.retryAfterMs : undefined;
    const exponential = Math.min(
      this.options.maxBackoffMs,
      this.options.initialBackoffMs * 2 ** this.attempt,
    );
    const jittered = exponential * (0.5 + this.random() * 0.5);
    const duration = retryAfter === undefined ? jittered : retryAfter;
    const nextFactory = new RetryAfterBackoff(this.options, this.random, this.attempt + 1);
    return { duration, next: (nextContext) => nextFactory.next(nextContext) };
  }
}

function orderByStrategy(
  route: PreparedRoute,
  list: PreparedTarget[],
  needs: RequestNeeds,
  callOptions: LanguageModelV4CallOptions,
  random: () => number,
): void {
  if (list.length < 2) return;
  switch (route.strategy) {
    case 'priority':
      return;
    case 'cheapest': {
      const outputTokens = callOptions.maxOutputTokens ?? 500;
      const cost = (entry: PreparedTarget) =>
        entry.price
          ? needs.promptTokens * entry.price.input + outputTokens * entry.price.output
          : Number.POSITIVE_INFINITY;
      list.sort((a, b) => cost(a) - cost(b));
      return;
    }
    case 'fastest': {
      const speed = (entry: PreparedTarget) => entry.health.ttftEwmaMs ?? entry.health.latencyEwmaMs ?? 0;
      list.sort((a, b) => speed(a) - speed(b));
      return;
    }
    case 'least-busy':
      list.sort((a, b) => a.health.inFlight - b.health.inFlight);
      return;
    case 'weighted': {
      // Weighted random order (Efraimidis-Spirakis): key = u^(1/w), highest first.
      const keyed = list.map((entry) => {
        const weight = route.weights[entry.target.id] ?? 1;
        return { entry, key: weight <= 0 ? -1 : random() ** (1 / weight) };
      });
      keyed.sort((a, b) => b.key - a.key);
      for (let index = 0; index < keyed.length; index++)
        list[index] = (keyed[index] as { entry: PreparedTarget }).entry;
      return;
    }
  }
}

/** Characters of output a stream part delivers to the caller (text, reasoning, tool input). */
function deliveredCharacters(part: LanguageModelV4StreamPart): number {
  return part.type === 'text-delta' || part.type === 'reasoning-delta' || part.type === 'tool-input-delta'
    ? part.delta.length
    : 0;
}
