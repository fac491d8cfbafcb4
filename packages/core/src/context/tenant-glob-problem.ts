import picomatch from 'picomatch';
import { closestName } from '../validation/closest-name.js';
import { listNames, type Problem } from '../validation/problem.js';
import type { Callers } from './callers-schema.js';

/**
 * What is wrong with a tenant glob (of a policy rule or a budget's scope)
 * when the config lists its tenants: a glob matching none of them would
 * silently apply to nobody. `undefined` when it matches one, or when the
 * config lists no tenants.
 *
 * @param glob the glob as written, e.g. `acme-*`.
 * @param callers the config's callers block.
 * @returns the problem, without its path.
 *
 * @example
 * ```ts
 * tenantGlobProblem('acme', { tenants: ['acme-eu'] }); // { message: 'tenant glob "acme" matches no tenant of callers.tenants', ... }
 * ```
 */
export function tenantGlobProblem(
  glob: string,
  callers: Pick<Callers, 'tenants'>,
): Omit<Problem, 'path'> | undefined {
  const tenants = callers.tenants;
  if (!tenants) return undefined;
  const matches = picomatch(glob, { dot: true });
  if (tenants.some((tenant) => matches(tenant))) return undefined;
  const suggestion = closestName(glob, tenants);
  return {
    message: `tenant glob "${glob}" matches no tenant of callers.tenants`,
    expected: `a glob matching one of ${listNames(tenants)}`,
    ...(suggestion ? { suggestion } : {}),
  };
}
