import {
  type ConfigFacts,
  closestJurisdiction,
  codeProblem,
  isCountryCode,
  type Problem,
  policyValueProblems,
  requestContextProblems,
} from '@switchyard/core';

const record = (value: unknown): Record<string, unknown> | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/**
 * Checks, before a drill runs, everything in a scenario that names a
 * jurisdiction, a data class or a policy, with the same validator as a
 * config: every timeline `policy` event against the drilled catalog, groups
 * and callers (an event that would fail mid-run fails here); the workload's
 * caller jurisdictions and data classes; the callers of `cutoff` events
 * (country codes: the simulated provider blocks by country); and the
 * jurisdictions and data classes assertions filter on. Works on the raw
 * value, so it reports even when other parts fail the schema.
 *
 * @param options.value the scenario as written.
 * @param options.facts what the config's checks learnt (catalog, groups, callers).
 * @returns problems with paths from the scenario's root.
 */
export function scenarioPolicyProblems(options: { value: unknown; facts: ConfigFacts }): Problem[] {
  const { facts } = options;
  const scenario = record(options.value) ?? {};
  const problems: Problem[] = [];
  const contextProblems = (
    context: { jurisdiction?: string; dataClass?: string },
    path: (string | number)[],
  ) => {
    for (const problem of requestContextProblems({
      context,
      jurisdictions: facts.jurisdictions,
      callers: facts.callers,
    }))
      problems.push({ ...problem, path });
  };

  list(scenario.timeline).forEach((entry, index) => {
    const event = record(entry);
    if (!event) return;
    if (event.type === 'policy' && record(event.policy)) {
      const checked = policyValueProblems({
        value: event.policy,
        catalog: facts.catalog,
        jurisdictions: facts.jurisdictions,
        callers: facts.callers,
      });
      for (const problem of checked.problems)
        problems.push({ ...problem, path: ['timeline', index, 'policy', ...problem.path] });
    }
    if (event.type === 'cutoff') {
      list(event.callers).forEach((code, codeIndex) => {
        if (typeof code !== 'string' || isCountryCode(code)) return;
        const suggestion = closestJurisdiction(code, []);
        problems.push({
          path: ['timeline', index, 'callers', codeIndex],
          message: facts.jurisdictions.isGroup(code)
            ? `"${code}" is a group; a cut-off blocks callers by country`
            : `unknown country code "${code}"`,
          expected: 'ISO 3166-1 alpha-2 country codes in upper case, e.g. CN',
          ...(suggestion ? { suggestion } : {}),
        });
      });
    }
  });

  const mix = record(record(scenario.workload)?.mix);
  for (const jurisdiction of Object.keys(record(mix?.jurisdictions) ?? {}))
    contextProblems({ jurisdiction }, ['workload', 'mix', 'jurisdictions', jurisdiction]);
  for (const dataClass of Object.keys(record(mix?.dataClasses) ?? {}))
    contextProblems({ dataClass }, ['workload', 'mix', 'dataClasses', dataClass]);

  list(scenario.assertions).forEach((entry, index) => {
    const where = record(record(entry)?.where);
    if (!where) return;
    list(where.jurisdiction).forEach((code, codeIndex) => {
      if (typeof code !== 'string') return;
      const problem =
        code === 'unknown'
          ? { message: '"unknown" cannot filter records', expected: 'a country code or a group' }
          : codeProblem(code, 'caller', facts.jurisdictions);
      if (problem) {
        problems.push({
          path: ['assertions', index, 'where', 'jurisdiction', codeIndex],
          ...problem,
          expected: `an ISO 3166-1 alpha-2 code (upper case, e.g. DE) or a group (${facts.jurisdictions.groupNames.join(', ')})`,
        });
      }
    });
    list(where.dataClass).forEach((dataClass, dataIndex) => {
      if (typeof dataClass === 'string')
        contextProblems({ dataClass }, ['assertions', index, 'where', 'dataClass', dataIndex]);
    });
  });
  return problems;
}
