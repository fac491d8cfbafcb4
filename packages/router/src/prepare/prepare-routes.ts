import type { CompiledPolicy, SwitchyardConfig } from '@switchyard/core';
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
    routes.set(name, {
      name,
      strategy: route.strategy,
      weights: route.weights ?? {},
      candidates: ids.map((id) => options.targets.get(id) as PreparedTarget),
      lastResortFrom: route.targets.length,
      midStream: route.midStream,
      policy: options.policy.forTargets(ids),
    });
  }
  return routes;
}
