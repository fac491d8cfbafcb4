import {
  closestName,
  configProblems,
  type DocumentCheck,
  keysOf,
  listNames,
  objectPropertyNameProblems,
  type Problem,
  readDocument,
  unlocatedDocument,
  validateLocated,
} from '@switchyard/core';
import { neverReroutedProblems } from './never-rerouted-problems.js';
import { pastTheEndProblems } from './past-the-end-problems.js';
import { percentileFractionProblems } from './percentile-fraction-problems.js';
import { restoreProblems } from './restore-problems.js';
import { scenarioPolicyProblems } from './scenario-policy-problems.js';
import { type Scenario, type ScenarioInput, ScenarioSchema } from './scenario-schema.js';
import { shadowedFaultProblems } from './shadowed-fault-problems.js';
import { targetProviderProblems } from './target-provider-problems.js';
import { unroutedFaultProblems } from './unrouted-fault-problems.js';
import { vacuousAssertionProblems } from './vacuous-assertion-problems.js';
import { workloadReachProblems } from './workload-reach-problems.js';
import { workloadSpanProblems } from './workload-span-problems.js';

/** Target ids whose model the caller gives to the drill (`runDrill`'s `models`), or `'all'`. */
type GivenModels = readonly string[] | 'all';

/**
 * Checks what the schema alone cannot, with the config validator: the
 * drilled config, policy events, jurisdictions and data classes (even when
 * the schema fails elsewhere), that a drill can build every target's model
 * (`givenModels` aside), that every filter and cut-off caller can meet
 * a request of the workload, then references to targets, providers and the
 * route, events past the end of what the drill sends, restores that lift
 * nothing, faults never met (an earlier fault in force throughout, or on
 * targets the workload's route never tries),
 * assertions that cannot fail, and percentiles written as fractions.
 */
const checkScenario =
  (givenModels: GivenModels | undefined): DocumentCheck<typeof ScenarioSchema> =>
  ({ value, parsed }) => {
    const rawConfig = (value as { config?: unknown } | null)?.config;
    const config = configProblems({ value: rawConfig, parsed: parsed?.config });
    const problems: Problem[] = config.problems.map((problem) => ({
      ...problem,
      path: ['config', ...problem.path],
    }));
    // Free-form names used as map keys (jurisdictions and data classes are checked against their lists).
    const workload = (value as { workload?: { mix?: { tenants?: unknown } } } | null)?.workload;
    problems.push(
      ...objectPropertyNameProblems({
        names: keysOf(workload?.mix?.tenants, ['workload', 'mix', 'tenants']),
        what: 'tenant',
      }),
      ...objectPropertyNameProblems({
        names: keysOf((value as { latency?: unknown } | null)?.latency, ['latency']),
        what: 'latency target',
      }),
    );
    problems.push(...targetProviderProblems({ value, ...(givenModels ? { givenModels } : {}) }));
    problems.push(...scenarioPolicyProblems({ value, facts: config.facts }));
    problems.push(...workloadReachProblems({ value, facts: config.facts }));
    if (parsed)
      problems.push(
        ...referenceProblems(parsed),
        ...pastTheEndProblems(parsed),
        ...restoreProblems(parsed),
        ...shadowedFaultProblems(parsed),
        ...unroutedFaultProblems(parsed),
        ...vacuousAssertionProblems(parsed),
        ...neverReroutedProblems(parsed),
        ...percentileFractionProblems(parsed),
        ...workloadSpanProblems(parsed),
      );
    return problems;
  };

/** References to targets, providers, the route and budgets. */
function referenceProblems(scenario: Scenario): Problem[] {
  const problems: Problem[] = [];
  const targetIds = new Set(scenario.config.targets.map((target) => target.id));
  const providers = new Set(scenario.config.targets.map((target) => target.provider));
  const unknownTarget = (path: (string | number)[], id: string): Problem => {
    const suggestion = closestName(id, targetIds);
    return {
      path,
      message: `unknown target "${id}"`,
      expected: `a target id of the config: ${listNames(targetIds)}`,
      ...(suggestion ? { suggestion } : {}),
    };
  };
  if (!Object.hasOwn(scenario.config.routes, scenario.workload.route)) {
    const routes = Object.keys(scenario.config.routes);
    const suggestion = closestName(scenario.workload.route, routes);
    problems.push({
      path: ['workload', 'route'],
      message: `unknown route "${scenario.workload.route}"`,
      expected: `one of the config's routes: ${routes.join(', ')}`,
      ...(suggestion ? { suggestion } : {}),
    });
  }
  scenario.timeline.forEach((event, index) => {
    if (event.type === 'policy') return;
    if (event.target !== undefined && event.provider !== undefined) {
      problems.push({ path: ['timeline', index], message: 'give "target" or "provider", not both' });
    }
    if (event.type !== 'restore' && event.target === undefined && event.provider === undefined) {
      problems.push({ path: ['timeline', index], message: 'required: "target" (a target id) or "provider"' });
    }
    if (event.target !== undefined && !targetIds.has(event.target)) {
      problems.push(unknownTarget(['timeline', index, 'target'], event.target));
    }
    if (event.provider !== undefined && !providers.has(event.provider)) {
      const suggestion = closestName(event.provider, providers);
      problems.push({
        path: ['timeline', index, 'provider'],
        message: `no target of provider "${event.provider}"`,
        expected: `a provider of the config's targets: ${[...providers].join(', ')}`,
        ...(suggestion ? { suggestion } : {}),
      });
    }
  });
  const budgetIds = scenario.config.budgets.map((budget) => budget.id);
  const unknownBudget = (path: (string | number)[], id: string): Problem => {
    const suggestion = closestName(id, budgetIds);
    return {
      path,
      message:
        budgetIds.length === 0 ? `budget "${id}", but the config has no budgets` : `unknown budget "${id}"`,
      expected: `a budget id of the config: ${listNames(budgetIds)}`,
      ...(suggestion ? { suggestion } : {}),
    };
  };
  const namedAt = new Map<string, number>();
  scenario.assertions.forEach((assertion, index) => {
    if (assertion.name !== undefined) {
      // Two verdicts of one name could not be told apart in the summary, the reports or the failure message.
      const first = namedAt.get(assertion.name);
      if (first === undefined) namedAt.set(assertion.name, index);
      else
        problems.push({
          path: ['assertions', index, 'name'],
          message: `"${assertion.name}" is also the name of assertions[${first}]`,
          expected: 'a name no other assertion has (or none: a verdict is then named after its type)',
        });
    }
    if (assertion.type === 'budget-never-exceeded' || assertion.type === 'rerouted-on-budget') {
      // A budget assertion over a config without budgets would check nothing: refused, not passed.
      if (budgetIds.length === 0)
        problems.push({
          path: ['assertions', index, 'type'],
          message: `"${assertion.type}" checks budgets, but the config has none`,
          expected: 'budgets in config.budgets, or another assertion',
        });
      if (assertion.type === 'budget-never-exceeded')
        assertion.budgets?.forEach((id, budgetIndex) => {
          if (budgetIds.length > 0 && !budgetIds.includes(id))
            problems.push(unknownBudget(['assertions', index, 'budgets', budgetIndex], id));
        });
      else if (
        assertion.budget !== undefined &&
        budgetIds.length > 0 &&
        !budgetIds.includes(assertion.budget)
      )
        problems.push(unknownBudget(['assertions', index, 'budget'], assertion.budget));
      return;
    }
    if (assertion.type === 'continuations' && assertion.max !== undefined && assertion.max < assertion.min) {
      problems.push({
        path: ['assertions', index, 'max'],
        message: `max ${assertion.max} is below min ${assertion.min}: the assertion could never hold`,
        expected: `a max of at least ${assertion.min}, or a lower min`,
      });
      return;
    }
    if (assertion.type !== 'served-only-by' && assertion.type !== 'served-by-share') return;
    assertion.targets.forEach((id, targetIndex) => {
      if (!targetIds.has(id)) problems.push(unknownTarget(['assertions', index, 'targets', targetIndex], id));
    });
  });
  for (const id of Object.keys(scenario.latency)) {
    if (id !== '*' && !targetIds.has(id)) problems.push(unknownTarget(['latency', id], id));
  }
  return problems;
}

/**
 * Parses a YAML or JSON drill scenario and validates it completely, before
 * anything runs: the schema, the drilled config (with the config
 * validator), that a drill can build every target's model (its provider has
 * a simulator, `openai`, `anthropic` or `ollama`, or runs in process,
 * `llama-cpp`; a fleet drill only the former), every timeline `policy` event
 * against the drilled catalog, every jurisdiction and data class, every
 * reference to a target, provider or route, that every `restore` lifts a
 * fault in force, that every fault event is met, and that every assertion
 * could fail.
 *
 * @param options.text the file's text.
 * @param options.file the file name used in every message.
 * @param options.givenModels ids of the targets whose model you give to `runDrill` (`models`): their
 *   provider may be any; `'all'` when you build every model (a live drill with your own `modelFactory`).
 *   Default: none, as `switchyard drill` runs it.
 * @returns the validated scenario, defaults applied.
 * @throws {ConfigError} listing every problem as `file:line:column path: expected ...`.
 *
 * @example
 * ```ts
 * const file = 'examples/drills/provider-outage.yaml';
 * const scenario = parseScenario({ text: await readFile(file, 'utf8'), file });
 * ```
 */
export function parseScenario(options: { text: string; file: string; givenModels?: GivenModels }): Scenario {
  const document = readDocument(options);
  return validateLocated({ document, schema: ScenarioSchema, check: checkScenario(options.givenModels) });
}

/**
 * Validates a scenario written in TypeScript as completely as {@link parseScenario}
 * (issues carry paths but no line numbers).
 *
 * @param options.file the file name used in every message (default `<scenario>`).
 * @param options.givenModels as for {@link parseScenario}.
 * @throws {ConfigError} listing every problem.
 */
export function validateScenario(
  scenario: ScenarioInput | Scenario,
  options: { file?: string; givenModels?: GivenModels } = {},
): Scenario {
  const document = unlocatedDocument({ file: options.file ?? '<scenario>', value: scenario });
  return validateLocated({ document, schema: ScenarioSchema, check: checkScenario(options.givenModels) });
}

/** Types a scenario written in TypeScript; returns it unchanged. */
export function defineScenario(scenario: ScenarioInput): ScenarioInput {
  return scenario;
}
