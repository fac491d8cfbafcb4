import { unknownCaller } from '../jurisdiction/builtin-groups.js';
import type { Jurisdictions } from '../jurisdiction/create-jurisdictions.js';
import { codeProblem } from '../policy/policy-problems.js';
import { closestName } from '../validation/closest-name.js';
import type { Problem } from '../validation/problem.js';
import type { Callers } from './callers-schema.js';
import type { RequestContext } from './request-context.js';

/**
 * What is wrong with a request context beyond its shape: a caller
 * jurisdiction that is neither an ISO 3166-1 alpha-2 code (upper case) nor a
 * group, or a data class the config does not declare. The router, `explain`,
 * the config's `defaults.context` and drill workloads all check contexts
 * with this one function.
 *
 * @param options.context the context (already of the right shape).
 * @param options.jurisdictions the resolver for codes and groups.
 * @param options.callers the declared data classes.
 * @returns problems at `jurisdiction` and `dataClass`.
 */
export function requestContextProblems(options: {
  context: RequestContext;
  jurisdictions: Jurisdictions;
  callers: Callers;
}): Problem[] {
  const { context, jurisdictions, callers } = options;
  const problems: Problem[] = [];
  const jurisdiction = context.jurisdiction;
  if (jurisdiction !== undefined) {
    if (jurisdiction === unknownCaller) {
      problems.push({
        path: ['jurisdiction'],
        message: '"unknown" names such callers in rules; a request with no known jurisdiction leaves it out',
        expected: 'an ISO 3166-1 alpha-2 code (upper case, e.g. DE) or a group',
      });
    } else {
      const problem = codeProblem(jurisdiction, 'caller', jurisdictions);
      if (problem) {
        problems.push({
          path: ['jurisdiction'],
          ...problem,
          expected: `an ISO 3166-1 alpha-2 code (upper case, e.g. DE) or a group (${jurisdictions.groupNames.join(', ')})`,
        });
      }
    }
  }
  const dataClass = context.dataClass;
  if (dataClass !== undefined && !callers.dataClasses.includes(dataClass)) {
    const suggestion = closestName(dataClass, callers.dataClasses);
    problems.push({
      path: ['dataClass'],
      message: `unknown data class "${dataClass}"`,
      expected: `one of ${callers.dataClasses.join(', ')} (the config's callers.dataClasses)`,
      ...(suggestion ? { suggestion } : {}),
    });
  }
  return problems;
}
