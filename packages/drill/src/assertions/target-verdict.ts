import type { CompiledPolicy, TargetSetPolicy, Verdict } from '@switchyard/core';

/**
 * The verdict of one policy on one target, asked for attempt after attempt:
 * `compiled.evaluate(context, { at, targets: [targetId] })` without
 * precomputing the target's policy again on every call (each policy and
 * target is prepared once, with `forTargets`, and its caches are kept).
 *
 * @returns `verdictOf(policy, targetId, context, at)`: the target's verdict.
 * @throws {PolicyError} (`TARGET_UNKNOWN`) from `verdictOf` for a target the policy's catalog lacks.
 * @example
 * ```ts
 * const verdictOf = targetVerdict();
 * const { allowed } = verdictOf(timeline.at(instant), attempt.targetId, record.context, instant);
 * ```
 */
export function targetVerdict(): (
  policy: CompiledPolicy,
  targetId: string,
  context: Parameters<TargetSetPolicy['evaluate']>[0],
  at: number,
) => Verdict | undefined {
  const prepared = new Map<CompiledPolicy, Map<string, TargetSetPolicy>>();
  return (policy, targetId, context, at) => {
    let byTarget = prepared.get(policy);
    if (byTarget === undefined) {
      byTarget = new Map();
      prepared.set(policy, byTarget);
    }
    let single = byTarget.get(targetId);
    if (single === undefined) {
      single = policy.forTargets([targetId]);
      byTarget.set(targetId, single);
    }
    return single.evaluate(context, at)[0];
  };
}
