import type { DocumentPath } from '../config/parse-document.js';
import { closestName } from '../validation/closest-name.js';
import type { Problem } from '../validation/problem.js';
import { policyPacks } from './packs/index.js';
import type { PolicyRule } from './policy-schema.js';

/** One rule of a policy, with where it was written. */
export interface RuleEntry {
  /** The rule. */
  readonly rule: PolicyRule;
  /** Where, relative to the policy: `['rules', 2]`, or `['packs', 0]` for a pack's rule. */
  readonly path: DocumentPath;
  /** The pack the rule comes from; absent for the policy's own rules. */
  readonly pack?: string;
}

/**
 * The policy's own rules followed by its packs' rules, in that order (the
 * order verdicts list them in), and the problems with the pack list: an
 * unknown pack name (with the closest shipped one) or a pack listed twice.
 *
 * @param options.rules the policy's own rules, with their indices as written.
 * @param options.packs the pack names, as written.
 */
export function expandPacks(options: {
  rules: readonly { rule: PolicyRule; index: number }[];
  packs: readonly string[];
}): { entries: RuleEntry[]; problems: Problem[] } {
  const entries: RuleEntry[] = options.rules.map(({ rule, index }) => ({ rule, path: ['rules', index] }));
  const problems: Problem[] = [];
  const names = Object.keys(policyPacks);
  const seen = new Set<string>();
  options.packs.forEach((name, index) => {
    // Own names only: `__proto__` or `constructor` is an unknown pack, not the object's prototype.
    const pack = Object.hasOwn(policyPacks, name) ? policyPacks[name] : undefined;
    if (!pack) {
      const suggestion = closestName(name, names);
      problems.push({
        path: ['packs', index],
        message: `unknown policy pack "${name}"`,
        expected: `one of ${names.join(', ')}`,
        ...(suggestion ? { suggestion } : {}),
      });
      return;
    }
    if (seen.has(name)) {
      problems.push({
        path: ['packs', index],
        message: `pack "${name}" is listed twice`,
        expected: 'each pack once',
      });
      return;
    }
    seen.add(name);
    for (const rule of pack.rules) entries.push({ rule, path: ['packs', index], pack: name });
  });
  return { entries, problems };
}
