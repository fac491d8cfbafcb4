import { type ConfigFacts, closestName, isCountryCode, listNames, type Problem } from '@switchyard/core';
import { callerWithin } from './caller-within.js';

const record = (value: unknown): Record<string, unknown> | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** The keys of a mix whose weight can draw them (a weight of 0 sends nothing). */
function drawn(mix: unknown): string[] {
  return Object.entries(record(mix) ?? {})
    .filter(([, weight]) => typeof weight === 'number' && weight > 0)
    .map(([key]) => key);
}

/**
 * Checks, before a drill runs, that what a scenario filters on can be met by
 * some request of its workload: the jurisdictions and data classes of an
 * assertion's `where` and the callers of a `cutoff` event, each list as a
 * whole, and each tenant of a `where`. A list no request can match would make
 * an assertion check nothing (`served-only-by` over no request holds
 * vacuously) or an event hit no one, so it is an error naming the workload's
 * values, not a silent pass. A list that matches some requests does what it
 * says for them: a ban list may name countries the workload never sends
 * (`callers: [CN, RU, IR]` with no IR caller). A tenant is a free-form name,
 * so one the mix never draws is most likely a typo: each is checked, with a
 * did-you-mean. Works on the raw value (entries refused elsewhere, such as an
 * unknown jurisdiction or data class, are skipped: they are reported there).
 *
 * @param options.value the scenario as written.
 * @param options.facts what the config's checks learnt: the jurisdiction resolver (groups such as `EU` contain countries) and the data classes.
 * @returns problems with paths from the scenario's root.
 * @example
 * ```ts
 * const problems = workloadReachProblems({ value: scenario, facts });
 * ```
 */
export function workloadReachProblems(options: { value: unknown; facts: ConfigFacts }): Problem[] {
  const { jurisdictions, callers: configCallers } = options.facts;
  const scenario = record(options.value) ?? {};
  const mix = record(record(scenario.workload)?.mix);
  // Without a readable mix of jurisdictions the schema fails already: nothing to compare with.
  if (!mix || !record(mix.jurisdictions)) return [];
  const callers = drawn(mix.jurisdictions);
  const dataClasses = drawn(mix.dataClasses);
  const tenants = drawn(mix.tenants);
  const problems: Problem[] = [];
  const unmatched = (options: {
    path: (string | number)[];
    what: string;
    value: string;
    drawn: readonly string[];
    mixField: string;
    expected: string;
  }) => {
    const suggestion = closestName(options.value, options.drawn);
    problems.push({
      path: options.path,
      message:
        options.drawn.length === 0
          ? `no request of the workload has a ${options.what}: workload.mix.${options.mixField} draws none`
          : `no request of the workload has ${options.what} "${options.value}"`,
      expected:
        options.drawn.length === 0
          ? `${options.mixField} in workload.mix, or no filter on them`
          : options.expected,
      ...(suggestion ? { suggestion } : {}),
    });
  };

  list(scenario.timeline).forEach((entry, index) => {
    const event = record(entry);
    if (event?.type !== 'cutoff') return;
    const codes = list(event.callers);
    // The simulated provider blocks by the caller's own code: only an exact caller is hit.
    if (codes.some((code) => typeof code === 'string' && callers.includes(code))) return;
    codes.forEach((code, codeIndex) => {
      if (typeof code !== 'string' || !isCountryCode(code)) return;
      unmatched({
        path: ['timeline', index, 'callers', codeIndex],
        what: 'caller jurisdiction',
        value: code,
        drawn: callers,
        mixField: 'jurisdictions',
        expected: `a caller jurisdiction of workload.mix.jurisdictions, which this cut-off can block: ${listNames(callers)}`,
      });
    });
  });

  list(scenario.assertions).forEach((entry, index) => {
    const where = record(record(entry)?.where);
    if (!where) return;
    const codes = list(where.jurisdiction);
    const reaches = (code: unknown) =>
      typeof code === 'string' &&
      (isCountryCode(code) || jurisdictions.isGroup(code)) &&
      callers.some((caller) => callerWithin({ jurisdictions, filter: code, caller }));
    if (!codes.some(reaches))
      codes.forEach((code, codeIndex) => {
        if (typeof code !== 'string' || !(isCountryCode(code) || jurisdictions.isGroup(code))) return;
        unmatched({
          path: ['assertions', index, 'where', 'jurisdiction', codeIndex],
          what: 'caller jurisdiction',
          value: code,
          drawn: callers,
          mixField: 'jurisdictions',
          expected: `a caller jurisdiction of workload.mix.jurisdictions (${listNames(callers)}) or a group containing one`,
        });
      });
    const classes = list(where.dataClass);
    const drawnClass = (dataClass: unknown) =>
      typeof dataClass === 'string' && dataClasses.includes(dataClass);
    if (!classes.some(drawnClass))
      classes.forEach((dataClass, dataIndex) => {
        if (typeof dataClass !== 'string' || !configCallers.dataClasses.includes(dataClass)) return;
        unmatched({
          path: ['assertions', index, 'where', 'dataClass', dataIndex],
          what: 'data class',
          value: dataClass,
          drawn: dataClasses,
          mixField: 'dataClasses',
          expected: `a data class of workload.mix.dataClasses: ${listNames(dataClasses)}`,
        });
      });
    list(where.tenant).forEach((tenant, tenantIndex) => {
      if (typeof tenant !== 'string' || tenants.includes(tenant)) return;
      unmatched({
        path: ['assertions', index, 'where', 'tenant', tenantIndex],
        what: 'tenant',
        value: tenant,
        drawn: tenants,
        mixField: 'tenants',
        expected: `a tenant of workload.mix.tenants: ${listNames(tenants)}`,
      });
    });
  });
  return problems;
}
