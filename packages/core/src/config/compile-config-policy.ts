import { type CompiledPolicy, compilePolicy } from '../policy/compile-policy.js';
import type { Policy, PolicyInput } from '../policy/policy-schema.js';
import type { SwitchyardConfig } from './config-schema.js';

/**
 * Compiles a config's policy (or another policy, e.g. a drill's `policy`
 * event) over the config's targets, groups and callers: what the router,
 * `explain`, `validate`, `test-policy` and drills all evaluate.
 *
 * @param options.config the validated config.
 * @param options.policy the policy to compile instead of the config's own.
 * @returns the compiled policy.
 * @throws {PolicyError} listing every problem of `policy`.
 *
 * @example
 * ```ts
 * const policy = compileConfigPolicy({ config: parseConfig({ text, file }) });
 * ```
 */
export function compileConfigPolicy(options: {
  config: SwitchyardConfig;
  policy?: PolicyInput | Policy;
}): CompiledPolicy {
  const { config } = options;
  return compilePolicy({
    policy: options.policy ?? config.policy,
    targets: config.targets,
    groups: config.groups,
    callers: config.callers,
  });
}
