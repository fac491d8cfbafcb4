import type { LanguageModelV4CallOptions } from '@ai-sdk/provider';
import { callSignal } from '../attempt/call-signal.js';
import { resolveRequestContext } from '../context/resolve-request-context.js';
import { planRequest } from '../plan/plan-request.js';
import { requestNeeds } from '../plan/request-needs.js';
import type { PreparedRoute } from '../prepare/prepared-target.js';
import type { RouterState } from '../router-state.js';
import { captureInputs } from './captured-inputs.js';
import { randomRequestId } from './random-request-id.js';
import { RequestState } from './request-state.js';

/**
 * Starts a request, synchronously: resolves its context (validating
 * `providerOptions.switchyard`), evaluates the policy for every candidate at
 * this instant, plans the order ({@link planRequest}: no I/O), captures
 * what the plan read of health and strategy for the decision record, claims
 * the probes of cut-off targets it will try, and sets up how the call as a
 * whole can be aborted.
 *
 * @throws {SwitchyardError} `SWITCHYARD_ROUTER_CLOSED` after `close()`.
 * @throws {RequestOptionsError} when `providerOptions.switchyard` is invalid.
 */
export function startRequest(
  state: RouterState,
  route: PreparedRoute,
  callOptions: LanguageModelV4CallOptions,
  operation: 'generate' | 'stream',
): RequestState {
  state.ensureOpen();
  const { context, deadlineMs, midStream } = resolveRequestContext({
    providerOptions: callOptions.providerOptions,
    ambient: state.contextStore.getStore(),
    defaults: state.defaultContext,
    policy: state.policy,
    deadlineMs: state.options.deadlineMs,
    midStream: route.midStream ?? state.options.midStream,
  });
  const now = state.clock.now();
  const policy = route.policy;
  const verdicts = policy.evaluate(context, now);
  const needs = requestNeeds(callOptions);
  // A weighted order's random draws are inputs of the decision: kept for its record.
  const draws: number[] | undefined = route.strategy === 'weighted' ? [] : undefined;
  const plan = planRequest({
    route,
    context,
    verdicts,
    needs,
    now,
    random: draws === undefined ? state.random : recordingDraws(state.random, draws),
  });
  const inputs = captureInputs({ route, jurisdiction: context.jurisdiction, now, draws });
  for (const entry of plan.probes) entry.health.claimProbe(context.jurisdiction, now);
  return new RequestState(
    state.options.requestId?.() ?? randomRequestId(),
    route,
    operation,
    callOptions,
    context,
    now,
    verdicts,
    policy,
    state.policy.version,
    plan,
    needs,
    callSignal({ caller: callOptions.abortSignal, deadlineMs }),
    deadlineMs,
    inputs,
    midStream,
  );
}

/**
 * `random`, keeping every draw in `draws` (made here, not in `startRequest`:
 * a closure there would cost every request a context, weighted or not).
 */
function recordingDraws(random: () => number, draws: number[]): () => number {
  return () => {
    const draw = random();
    draws.push(draw);
    return draw;
  };
}
