import type { Problem } from '../validation/problem.js';
import { builtinGroups, selfHosted, unknownCaller } from './builtin-groups.js';
import { closestJurisdiction } from './closest-jurisdiction.js';
import { isCountryCode } from './country-codes.js';

/** User-defined jurisdiction groups, by name. */
export type GroupDefinitions = Readonly<Record<string, readonly string[]>>;

/**
 * Every problem in user-defined jurisdiction groups, at once: a name that
 * redefines a built-in group (`EU`, `EEA`: extend it under a new name
 * instead), shadows a country code or the `self`/`unknown` markers; an empty
 * group; a member that is neither a country code nor a group; a cycle.
 * Paths are relative to the config (`groups.NAME[index]`).
 *
 * @returns the problems, and the groups with every offending definition or
 *   member removed, so later checks can go on without repeating them.
 */
export function groupProblems(groups: GroupDefinitions): {
  problems: Problem[];
  sanitized: Record<string, string[]>;
} {
  const problems: Problem[] = [];
  const builtinNames = Object.keys(builtinGroups);
  const sanitized: Record<string, string[]> = {};
  for (const [name, members] of Object.entries(groups)) {
    const upper = name.toUpperCase();
    const builtin = builtinNames.find((builtinName) => builtinName === upper);
    if (builtin) {
      problems.push({
        path: ['groups', name],
        message: `group "${name}" redefines the built-in group ${builtin}, which every rule and pack naming ${builtin} relies on`,
        expected: `a new name that extends it, e.g. ${builtin}_PLUS: [${builtin}, CH]`,
      });
      continue;
    }
    if (isCountryCode(upper) || upper === selfHosted.toUpperCase() || upper === unknownCaller.toUpperCase()) {
      const what =
        upper === selfHosted.toUpperCase()
          ? 'the self-hosted marker'
          : upper === unknownCaller.toUpperCase()
            ? 'the unknown-caller marker'
            : `a country code (${upper})`;
      problems.push({
        path: ['groups', name],
        message: `group "${name}" shadows ${what}; rename the group`,
        expected: 'a name that is not a country code, "self" or "unknown", e.g. NORDICS',
      });
      continue;
    }
    if (members.length === 0) {
      problems.push({
        path: ['groups', name],
        message: `group "${name}" has no members, so a rule naming it names nobody`,
        expected: 'at least one ISO 3166-1 alpha-2 code or group',
      });
    }
    sanitized[name] = [];
  }
  const names = [...builtinNames, ...Object.keys(sanitized)];
  for (const name of Object.keys(sanitized)) {
    (groups[name] ?? []).forEach((member, index) => {
      if (isCountryCode(member) || names.includes(member)) {
        sanitized[name]?.push(member);
        return;
      }
      const suggestion = closestJurisdiction(member, names);
      problems.push({
        path: ['groups', name, index],
        message: `group "${name}" lists "${member}", which is neither an ISO 3166-1 alpha-2 code nor a group`,
        expected: `an ISO 3166-1 alpha-2 code (upper case, e.g. DE) or a group (${names.join(', ')})`,
        ...(suggestion ? { suggestion } : {}),
      });
    });
  }
  // Cycles: depth-first over the user groups; each cycle is reported once, at the member that closes it.
  const state = new Map<string, 'open' | 'done'>();
  const visit = (name: string, trail: string[]) => {
    state.set(name, 'open');
    const members = sanitized[name] ?? [];
    for (let index = 0; index < members.length; index++) {
      const member = members[index] as string;
      if (!(member in sanitized)) continue;
      if (state.get(member) === 'open') {
        const start = trail.indexOf(member);
        const cycle = start < 0 ? [name, member] : [...trail.slice(start), name, member];
        problems.push({
          path: ['groups', name, (groups[name] ?? []).indexOf(member)],
          message: `group "${name}" contains itself: ${cycle.join(' -> ')}`,
          expected: 'groups that only list codes and other groups, without cycles',
        });
        members.splice(index, 1);
        index--;
      } else if (!state.has(member)) visit(member, [...trail, name]);
    }
    state.set(name, 'done');
  };
  for (const name of Object.keys(sanitized)) if (!state.has(name)) visit(name, []);
  return { problems, sanitized };
}
