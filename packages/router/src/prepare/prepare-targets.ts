import type { LanguageModelV4 } from '@ai-sdk/provider';
import { errorCodes, resolvePrice, SwitchyardError, type Target } from '@switchyard/core';
import { TargetResilience } from '../attempt/target-resilience.js';
import { type HealthOptions, resolveTargetHealthOptions } from '../health/health-options.js';
import type { HealthStore } from '../health/health-store.js';
import { TargetHealth } from '../health/target-health.js';
import { noModelIneligibility } from '../plan/check-eligibility.js';
import type { PreparedTarget } from './prepared-target.js';

/**
 * Prepares every target of the config once: its model, price, health (its
 * record in `healthStore`), resilience stack, capabilities and the
 * `providerOptions` keys passed through to it.
 *
 * @throws {SwitchyardError} `SWITCHYARD_TARGET_UNKNOWN` when `models` names a target the config does not define.
 */
export function prepareTargets(options: {
  targets: readonly Target[];
  models: Readonly<Record<string, LanguageModelV4>>;
  health: HealthOptions | undefined;
  healthStore: HealthStore;
  /** The router's clock: shared circuit deadlines are on it (default `Date`). */
  clock?: { now(): number };
}): Map<string, PreparedTarget> {
  const clock = options.clock ?? Date;
  const prepared = new Map<string, PreparedTarget>();
  for (const target of options.targets) {
    // Own keys only: a target named `constructor` or `toString` has no model unless one is given.
    const model = Object.hasOwn(options.models, target.id) ? options.models[target.id] : undefined;
    const healthOptions = resolveTargetHealthOptions(options.health, target.id);
    const resilience = new TargetResilience(healthOptions);
    const providerKeys = [target.provider];
    if (model) {
      const modelProvider = model.provider.split('.')[0];
      if (modelProvider && !providerKeys.includes(modelProvider)) providerKeys.push(modelProvider);
    }
    const record = options.healthStore.target(target.id);
    if (record.noteCircuit !== undefined) {
      // A fleet store shares this process's circuit transitions.
      resilience.breaker.onBreak(() =>
        record.noteCircuit?.('open', clock.now() + healthOptions.breakerHalfOpenAfterMs),
      );
      resilience.breaker.onReset(() => record.noteCircuit?.('closed'));
    }
    prepared.set(target.id, {
      target,
      model,
      price: resolvePrice(target),
      health: new TargetHealth(target.id, healthOptions, record, resilience),
      resilience,
      hasTools: target.capabilities.includes('tools'),
      hasJson: target.capabilities.includes('json'),
      hasVision: target.capabilities.includes('vision'),
      noModel: model ? undefined : noModelIneligibility(target.id),
      noModelState: model ? undefined : Object.freeze({ targetId: target.id, model: false }),
      streamGenerate: healthOptions.streamGenerate && target.capabilities.includes('streaming'),
      providerKeys,
      continuation: { prefill: healthOptions.prefill },
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
  return prepared;
}
