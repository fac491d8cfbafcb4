import type { Target } from '@switchyard/core';
import type { Scenario } from '../scenario/scenario-schema.js';
import { adapterModelFactory, importAdapter, inProcessProviders, modelLoaded } from './model-factory.js';
import { waitForChildProcess } from './wait-for-child-process.js';

/**
 * Starts loading the models of a scenario's in-process targets (`llama-cpp`)
 * with the default model factory, and resolves once their engine has started
 * its binary check (a child process) or has loaded. A drill started after it
 * ({@link runDrill} without `modelFactory`) reuses the same loading models; in
 * simulated mode it starts while they are still loading.
 *
 * `switchyard drill` calls it right after reading the scenario, before it
 * imports the drill runner (the router, the simulators, the report): those
 * modules then load beside the check, on the other core. Failures are left to
 * the drill, which reports them as it would without this call (a broken model
 * file is a cut-off of its target). Does nothing for a scenario without
 * in-process targets.
 *
 * @param options.scenario the validated scenario.
 * @param options.baseDir folder that relative model paths resolve against (the scenario file's).
 * @example
 * ```ts
 * await preloadInProcessModels({ scenario, baseDir: dirname(resolve(file)) });
 * const { runDrill } = await import('@switchyard/drill');
 * ```
 */
export async function preloadInProcessModels(options: {
  scenario: Scenario;
  baseDir?: string;
}): Promise<void> {
  const targets = (options.scenario.config.targets as Target[]).filter((target) =>
    inProcessProviders.includes(target.provider),
  );
  if (targets.length === 0) return;
  const baseDir = options.baseDir === undefined ? {} : { baseDir: options.baseDir };
  const models = targets.map((target) =>
    Promise.resolve()
      .then(() => adapterModelFactory({ target, ...baseDir }))
      .then(modelLoaded),
  );
  await Promise.allSettled(targets.map((target) => importAdapter(target.provider)));
  await waitForChildProcess({ until: Promise.allSettled(models) });
}
