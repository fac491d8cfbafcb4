import {
  ConfigError,
  type DocumentPath,
  formatDocumentPath,
  type LocatedDocument,
  parseDocumentPath,
  readDocument,
  validateConfig,
  validateLocated,
} from '@switchyard/core';
import { type Scenario, type ScenarioInput, ScenarioSchema } from './scenario-schema.js';

type Problem = { path: DocumentPath; message: string };

/** Checks what the schema alone cannot: references to targets, providers and the route, and the config itself. */
function checkScenario(scenario: Scenario): Problem[] {
  const problems: Problem[] = [];
  try {
    validateConfig(scenario.config, { file: '<scenario config>' });
  } catch (error) {
    if (!ConfigError.isInstance(error)) throw error;
    for (const issue of error.issues) {
      problems.push({ path: ['config', ...parseDocumentPath(issue.path)], message: issue.message });
    }
  }
  const targetIds = new Set(scenario.config.targets.map((target) => target.id));
  const providers = new Set(scenario.config.targets.map((target) => target.provider));
  const knownTargets = [...targetIds].join(', ');
  if (!(scenario.workload.route in scenario.config.routes)) {
    problems.push({
      path: ['workload', 'route'],
      message: `unknown route "${scenario.workload.route}"; routes: ${Object.keys(scenario.config.routes).join(', ')}`,
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
      problems.push({
        path: ['timeline', index, 'target'],
        message: `unknown target "${event.target}"; defined targets: ${knownTargets}`,
      });
    }
    if (event.provider !== undefined && !providers.has(event.provider)) {
      problems.push({
        path: ['timeline', index, 'provider'],
        message: `no target of provider "${event.provider}"; providers: ${[...providers].join(', ')}`,
      });
    }
  });
  scenario.assertions.forEach((assertion, index) => {
    if (assertion.type !== 'served-only-by' && assertion.type !== 'served-by-share') return;
    assertion.targets.forEach((id, targetIndex) => {
      if (!targetIds.has(id)) {
        problems.push({
          path: ['assertions', index, 'targets', targetIndex],
          message: `unknown target "${id}"; defined targets: ${knownTargets}`,
        });
      }
    });
  });
  for (const id of Object.keys(scenario.latency)) {
    if (id !== '*' && !targetIds.has(id)) {
      problems.push({
        path: ['latency', id],
        message: `unknown target "${id}"; defined targets: ${knownTargets}`,
      });
    }
  }
  return problems;
}

/**
 * Parses a YAML or JSON drill scenario and validates it completely: the
 * schema, the drilled config, and every reference to a target, provider or
 * route.
 *
 * @param options.text the file's text.
 * @param options.file the file name used in every message.
 * @returns the validated scenario, defaults applied.
 * @throws {ConfigError} listing every problem as `file:line:column path: expected ...`.
 *
 * @example
 * ```ts
 * const file = 'examples/drills/provider-outage.yaml';
 * const scenario = parseScenario({ text: await readFile(file, 'utf8'), file });
 * ```
 */
export function parseScenario(options: { text: string; file: string }): Scenario {
  const document = readDocument(options);
  return validateLocated({ document, schema: ScenarioSchema, check: checkScenario });
}

/**
 * Validates a scenario written in TypeScript as completely as {@link parseScenario}
 * (issues carry paths but no line numbers).
 *
 * @throws {ConfigError} listing every problem.
 */
export function validateScenario(
  scenario: ScenarioInput | Scenario,
  options: { file?: string } = {},
): Scenario {
  const file = options.file ?? '<scenario>';
  const document: LocatedDocument = {
    file,
    value: scenario,
    locate: () => undefined,
    issue: (path, message) => ({ file, path: formatDocumentPath(path), message }),
  };
  return validateLocated({ document, schema: ScenarioSchema, check: checkScenario });
}

/** Types a scenario written in TypeScript; returns it unchanged. */
export function defineScenario(scenario: ScenarioInput): ScenarioInput {
  return scenario;
}
