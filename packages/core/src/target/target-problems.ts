import type { Jurisdictions } from '../jurisdiction/create-jurisdictions.js';
import { codeProblem } from '../policy/policy-problems.js';
import type { Problem } from '../validation/problem.js';
import type { Target } from './target-schema.js';

/**
 * What the target schema alone cannot check: unique ids, and `hostedIn` and
 * `origin` codes that resolve (a country, a group, or `self` for hosting).
 *
 * @param options.targets the targets with their index as written; a target that failed the
 *   schema is given as far as it is readable, and only the fields it has are checked.
 * @param options.jurisdictions the resolver for codes and groups.
 * @returns problems at `targets[index].field`.
 */
export function targetProblems(options: {
  targets: readonly { target: Partial<Target>; index: number }[];
  jurisdictions: Jurisdictions;
}): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const { target, index } of options.targets) {
    if (target.id !== undefined) {
      if (seen.has(target.id)) {
        problems.push({
          path: ['targets', index, 'id'],
          message: `duplicate target id "${target.id}"`,
          expected: 'a target id used once',
        });
      }
      seen.add(target.id);
    }
    for (const field of ['hostedIn', 'origin'] as const) {
      const code = target[field];
      if (code === undefined) continue;
      const problem = codeProblem(code, field === 'origin' ? 'origin' : 'hosted', options.jurisdictions);
      if (problem) problems.push({ path: ['targets', index, field], ...problem });
    }
  }
  return problems;
}
