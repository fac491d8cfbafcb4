import type { CandidateState, CompiledPolicy, SwitchyardConfig } from '@switchyard/core';
import type { SkippedCandidate } from '../record/skipped-reason.js';
import type { PreparedRoute, PreparedTarget } from './prepared-target.js';

/**
 * Prepares the routes of the config (candidates, then last-resort targets not
 * already candidates), or, given the routes already prepared, points them at
 * a new compiled policy (`setPolicy`).
 */
export function prepareRoutes(options: {
  config: SwitchyardConfig;
  targets: ReadonlyMap<string, PreparedTarget>;
  policy: CompiledPolicy;
  routes?: Map<string, PreparedRoute>;
}): Map<string, PreparedRoute> {
  const routes = options.routes ?? new Map<string, PreparedRoute>();
  for (const [name, route] of Object.entries(options.config.routes)) {
    const ids = [...route.targets, ...route.lastResort.filter((id) => !route.targets.includes(id))];
    const existing = routes.get(name);
    if (existing) {
      existing.policy = options.policy.forTargets(ids);
      continue;
    }
    const candidates = ids.map((id) => options.targets.get(id) as PreparedTarget);
    routes.set(name, {
      name,
      strategy: route.strategy,
      weights: route.weights ?? {},
      candidates,
      lastResortFrom: route.targets.length,
      midStream: route.midStream,
      policy: options.policy.forTargets(ids),
      ...sharedNoModelEntries(candidates),
    });
  }
  return routes;
}

/**
 * What every request records of the route's candidates without a model, as
 * long as nothing else about them is to be recorded: their `skipped` entries
 * and their captured health (`model: false`), in order, frozen (one list for
 * every request, none kept per stream). Both undefined when every candidate
 * has a model.
 */
function sharedNoModelEntries(
  candidates: readonly PreparedTarget[],
): Pick<PreparedRoute, 'noModelSkips' | 'noModelInputs'> {
  const skips: SkippedCandidate[] = [];
  const health: CandidateState[] = [];
  for (const entry of candidates) {
    if (entry.noModel === undefined) continue;
    skips.push(entry.noModel);
    health.push(entry.noModelState as CandidateState);
  }
  if (skips.length === 0) return { noModelSkips: undefined, noModelInputs: undefined };
  return {
    noModelSkips: Object.freeze(skips),
    noModelInputs: Object.freeze({
      health: Object.freeze(health),
      latencyMs: undefined,
      inFlight: undefined,
      draws: undefined,
    }),
  };
}
