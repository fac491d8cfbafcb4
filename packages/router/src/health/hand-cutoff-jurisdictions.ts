import {
  type CompiledPolicy,
  type CutoffReason,
  cutoffReasons,
  JurisdictionError,
  problemText,
  requestContextProblems,
} from '@switchyard/core';

/**
 * Checks what `router.health.cutOff` and `router.health.restore` were given
 * and says which caller jurisdictions they act on. A cut-off by hand must
 * mean what it says: a jurisdiction nobody can name (`germany`, `de`) would
 * cut off no caller, so it is an error; a group (`EU`, one of the config's)
 * stands for itself and each of its member countries, so `EU` cuts off a
 * caller from `DE` as well as one who names `EU`.
 *
 * @param options.method the method called, for the error (`router.health.cutOff`).
 * @param options.jurisdiction the jurisdiction given, if any.
 * @param options.reason the cut-off reason given, if any.
 * @param options.policy the compiled policy in force (its jurisdictions and groups).
 * @returns the caller jurisdictions to act on; `undefined`: the whole target.
 * @throws {JurisdictionError} when the jurisdiction is neither an ISO 3166-1 alpha-2 code nor a known group.
 * @throws {TypeError} when the reason is not one of `cutoffReasons`.
 * @example
 * ```ts
 * handCutoffJurisdictions({ method: 'router.health.cutOff', jurisdiction: 'EU', policy }); // ['EU', 'AT', 'BE', ...]
 * ```
 */
export function handCutoffJurisdictions(options: {
  method: string;
  jurisdiction?: string | undefined;
  reason?: CutoffReason | undefined;
  policy: CompiledPolicy;
}): readonly string[] | undefined {
  const { method, jurisdiction, reason, policy } = options;
  if (reason !== undefined && !(cutoffReasons as readonly string[]).includes(reason)) {
    throw new TypeError(
      `${method}: unknown cut-off reason ${JSON.stringify(reason)}; expected one of ${cutoffReasons.join(', ')}`,
    );
  }
  if (jurisdiction === undefined) return undefined;
  const [problem] =
    typeof jurisdiction === 'string'
      ? requestContextProblems({
          context: { jurisdiction },
          jurisdictions: policy.jurisdictions,
          callers: policy.callers,
        })
      : [{ path: ['jurisdiction'], message: `wrong type: ${typeof jurisdiction}`, expected: 'a string' }];
  if (problem !== undefined) {
    throw new JurisdictionError({
      jurisdiction: String(jurisdiction),
      message: `${method}: jurisdiction: ${problemText(problem)}`,
    });
  }
  const jurisdictions = policy.jurisdictions;
  return jurisdictions.isGroup(jurisdiction)
    ? [jurisdiction, ...jurisdictions.expand(jurisdiction)]
    : [jurisdiction];
}
