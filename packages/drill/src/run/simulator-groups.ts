import type { Target } from '@switchyard/core';

/** Targets that one simulator serves: all of one provider, no two with the same model. */
export interface SimulatorGroup {
  /** `openai`, or `openai#2` for the second simulator of a provider. */
  readonly key: string;
  readonly provider: string;
  readonly targets: readonly Target[];
}

/**
 * Which simulator serves each simulated target. A simulator knows its models by
 * name (a fault, a latency, whether the model served before are per model), so
 * two targets of one provider with the same model (two accounts, two regions)
 * get a simulator each: a fault on one target never reaches the other, and each
 * keeps its own latency. Targets whose models differ share their provider's
 * simulator, one per provider, in the config's order.
 *
 * @example
 * ```ts
 * simulatorGroups([us, eu]).map((group) => group.key); // ['openai', 'openai#2'] when both run gpt-4o
 * ```
 */
export function simulatorGroups(targets: readonly Target[]): SimulatorGroup[] {
  const groups: { key: string; provider: string; targets: Target[] }[] = [];
  for (const target of targets) {
    const mine = groups.filter((group) => group.provider === target.provider);
    let group = mine.find((each) => !each.targets.some((other) => other.model === target.model));
    if (group === undefined) {
      group = {
        key: mine.length === 0 ? target.provider : `${target.provider}#${mine.length + 1}`,
        provider: target.provider,
        targets: [],
      };
      groups.push(group);
    }
    group.targets.push(target);
  }
  return groups;
}
