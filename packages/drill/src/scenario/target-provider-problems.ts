import { closestName, type Problem } from '@switchyard/core';
import { inProcessProviders, simulatedProviders } from './drill-providers.js';

/**
 * Checks, before a drill runs, that it can build the model of every target of
 * its config: a target's provider must have a simulator (`openai`,
 * `anthropic`, `ollama`) or run in process (`llama-cpp`), which are also the
 * providers whose adapter a live drill builds, unless the caller gives that
 * target's model (`givenModels`, the ids of `runDrill`'s `models`; `'all'`:
 * the caller builds every model, as a live drill with its own model factory
 * does). A fleet drill's processes share loopback simulators, so there only
 * the simulated providers will do, whatever is given. Works on the raw value,
 * so the problem is reported even when the schema fails elsewhere.
 *
 * @param options.value the scenario as read (before the schema).
 * @param options.givenModels target ids whose model the caller gives, or `'all'` (default: none).
 * @returns one problem per target that no drill of this scenario could build, at its `provider`.
 * @example
 * ```ts
 * targetProviderProblems({ value }); // config.targets[1].provider: no drill can build target "claude" ...
 * ```
 */
export function targetProviderProblems(options: {
  value: unknown;
  givenModels?: readonly string[] | 'all';
}): Problem[] {
  const { value, givenModels = [] } = options;
  if (value === null || typeof value !== 'object') return [];
  const { config, fleet } = value as { config?: unknown; fleet?: unknown };
  const targets = (config as { targets?: unknown } | null | undefined)?.targets;
  if (!Array.isArray(targets)) return [];
  const inFleet = fleet !== undefined && fleet !== null;
  if (givenModels === 'all' && !inFleet) return [];
  const given = new Set(givenModels === 'all' ? [] : givenModels);
  const runnable: readonly string[] = inFleet
    ? simulatedProviders
    : [...simulatedProviders, ...inProcessProviders];
  const problems: Problem[] = [];
  targets.forEach((target: unknown, index) => {
    if (target === null || typeof target !== 'object') return;
    const { id, provider } = target as { id?: unknown; provider?: unknown };
    // A missing or malformed id or provider is the schema's to report.
    if (typeof provider !== 'string' || provider === '' || runnable.includes(provider)) return;
    if (!inFleet && typeof id === 'string' && given.has(id)) return;
    const named = typeof id === 'string' && id !== '' ? `target "${id}"` : `target ${index}`;
    const suggestion = closestName(provider, runnable);
    problems.push(
      inFleet
        ? {
            path: ['config', 'targets', index, 'provider'],
            message: `a fleet drill's processes share loopback simulators, and provider "${provider}" (${named}) has none`,
            expected: `a provider with a simulator: ${simulatedProviders.join(', ')}; or the scenario without fleet`,
            ...(suggestion ? { suggestion } : {}),
          }
        : {
            path: ['config', 'targets', index, 'provider'],
            message: `no drill can build the model of ${named}: provider "${provider}" has no simulator and does not run in process`,
            expected: `a provider with a simulator (${simulatedProviders.join(', ')}) or one run in process (${inProcessProviders.join(', ')}); from code, give the target's model in runDrill's models`,
            ...(suggestion ? { suggestion } : {}),
          },
    );
  });
  return problems;
}
