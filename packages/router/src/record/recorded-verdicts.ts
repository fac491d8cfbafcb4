import type { DecisionRecord, Verdict } from '@switchyard/core';

type RecordedVerdicts = DecisionRecord['verdicts'];

/** The policy's verdict arrays are frozen and shared between requests: each is mapped once. */
const recorded = new WeakMap<readonly Verdict[], RecordedVerdicts>();

/**
 * The verdicts as a version 2 record carries them: target, allowed, effect
 * and rule ids, without the readable reason (the policy stored beside the
 * records gives it again). The result is frozen and shared by every record
 * of the same verdicts: a record refers to it, no copy per request.
 */
export function recordedVerdicts(verdicts: readonly Verdict[]): RecordedVerdicts {
  let found = recorded.get(verdicts);
  if (found === undefined) {
    found = Object.freeze(
      verdicts.map((verdict) =>
        Object.freeze({
          targetId: verdict.targetId,
          allowed: verdict.allowed,
          effect: verdict.effect,
          ruleIds: verdict.ruleIds,
        }),
      ),
    ) as RecordedVerdicts;
    recorded.set(verdicts, found);
  }
  return found;
}
