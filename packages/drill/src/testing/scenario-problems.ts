import { ConfigError } from '@switchyard/core';
import { parseScenario } from '../scenario/parse-scenario.js';

/**
 * The problems `parseScenario` finds in a scenario given as an object (written as `drill.json`),
 * each as `path: message; expected ...`, or with its line first (`withLine`); `[]` when it parses.
 * Any error other than a `ConfigError` is thrown.
 */
export function scenarioProblems(scenario: unknown, options: { withLine?: boolean } = {}): string[] {
  try {
    parseScenario({ text: JSON.stringify(scenario, null, 2), file: 'drill.json' });
  } catch (error) {
    if (ConfigError.isInstance(error))
      return error.issues.map(
        (issue) => `${options.withLine ? `${issue.line} ` : ''}${issue.path}: ${issue.message}`,
      );
    throw error;
  }
  return [];
}
