import { describe, expect, it } from 'vitest';
import { problemText } from '../validation/problem.js';
import { groupProblems } from './group-problems.js';

const lines = (groups: Record<string, string[]>) =>
  groupProblems(groups).problems.map((problem) => `${problem.path.join('.')}: ${problemText(problem)}`);

describe('groupProblems', () => {
  it('refuses a group that redefines a built-in group, in any case, and says how to extend it', () => {
    expect(lines({ EU: ['DE', 'FR', 'NL'], eea: ['NO'] })).toEqual([
      'groups.EU: group "EU" redefines the built-in group EU, which every rule and pack naming EU relies on; expected a new name that extends it, e.g. EU_PLUS: [EU, CH]',
      'groups.eea: group "eea" redefines the built-in group EEA, which every rule and pack naming EEA relies on; expected a new name that extends it, e.g. EEA_PLUS: [EEA, CH]',
    ]);
  });

  it('accepts a group that extends a built-in one', () => {
    expect(lines({ EU_PLUS: ['EU', 'CH'] })).toEqual([]);
  });

  it('reports every problem at once: shadowed codes, empty groups, unknown members with a suggestion, cycles', () => {
    expect(
      lines({
        de: ['AT'],
        EMPTY: [],
        NORDIC: ['SE', 'sweden', 'XY'],
        A: ['B'],
        B: ['A'],
        SELFISH: ['SELFISH'],
      }),
    ).toEqual([
      'groups.de: group "de" shadows a country code (DE); rename the group; expected a name that is not a country code, "self" or "unknown", e.g. NORDICS',
      'groups.EMPTY: group "EMPTY" has no members, so a rule naming it names nobody; expected at least one ISO 3166-1 alpha-2 code or group',
      'groups.NORDIC.1: group "NORDIC" lists "sweden", which is neither an ISO 3166-1 alpha-2 code nor a group; expected an ISO 3166-1 alpha-2 code (upper case, e.g. DE) or a group (EU, EEA, EMPTY, NORDIC, A, B, SELFISH); did you mean "SE"?',
      'groups.NORDIC.2: group "NORDIC" lists "XY", which is neither an ISO 3166-1 alpha-2 code nor a group; expected an ISO 3166-1 alpha-2 code (upper case, e.g. DE) or a group (EU, EEA, EMPTY, NORDIC, A, B, SELFISH)',
      'groups.B.0: group "B" contains itself: A -> B -> A; expected groups that only list codes and other groups, without cycles',
      'groups.SELFISH.0: group "SELFISH" contains itself: SELFISH -> SELFISH; expected groups that only list codes and other groups, without cycles',
    ]);
  });

  it('returns the groups without the offending definitions and members', () => {
    expect(groupProblems({ EU: ['DE'], NORDIC: ['SE', 'XY'], A: ['B'], B: ['A'] }).sanitized).toEqual({
      NORDIC: ['SE'],
      A: ['B'],
      B: [],
    });
  });
});
