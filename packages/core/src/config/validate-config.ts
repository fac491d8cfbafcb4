import { budgetProblems } from '../budget/budget-problems.js';
import { createJurisdictions } from '../jurisdiction/create-jurisdictions.js';
import { compilePolicy } from '../policy/compile-policy.js';
import { PolicyError } from '../policy/policy-error.js';
import { ConfigSchema, type SwitchyardConfig, type SwitchyardConfigInput } from './config-schema.js';
import {
  type DocumentPath,
  type LocatedDocument,
  parseDocumentPath,
  readDocument,
  validateLocated,
} from './parse-document.js';

/**
 * Checks what the schema alone cannot: that routes name defined targets,
 * that weights name the route's targets, and that the policy compiles over
 * the catalog (jurisdiction codes, groups, packs, duplicate ids).
 */
function checkConfig(config: SwitchyardConfig): { path: DocumentPath; message: string }[] {
  const problems: { path: DocumentPath; message: string }[] = [];
  const ids = new Set(config.targets.map((target) => target.id));
  const known = [...ids].join(', ');
  for (const [name, route] of Object.entries(config.routes)) {
    route.targets.forEach((id, index) => {
      if (!ids.has(id))
        problems.push({
          path: ['routes', name, 'targets', index],
          message: `unknown target "${id}"; defined targets: ${known}`,
        });
    });
    route.lastResort.forEach((id, index) => {
      if (!ids.has(id))
        problems.push({
          path: ['routes', name, 'lastResort', index],
          message: `unknown target "${id}"; defined targets: ${known}`,
        });
    });
    for (const id of Object.keys(route.weights ?? {})) {
      if (!route.targets.includes(id)) {
        problems.push({
          path: ['routes', name, 'weights', id],
          message: `"${id}" is not one of this route's targets`,
        });
      }
    }
  }
  let jurisdictions: ReturnType<typeof createJurisdictions> | undefined;
  try {
    jurisdictions = createJurisdictions({ groups: config.groups });
  } catch {
    jurisdictions = undefined; // the policy check below reports the group
  }
  if (jurisdictions) {
    for (const problem of budgetProblems({
      budgets: config.budgets.map((budget, index) => ({ budget, index })),
      routes: Object.entries(config.routes),
      targets: config.targets,
      jurisdictions,
    })) {
      problems.push({
        path: problem.path,
        message: `${problem.message}${problem.expected === undefined ? '' : `; expected ${problem.expected}`}${
          problem.suggestion === undefined ? '' : `; did you mean "${problem.suggestion}"?`
        }`,
      });
    }
  }
  try {
    compilePolicy({ policy: config.policy, targets: config.targets, groups: config.groups });
  } catch (error) {
    if (!PolicyError.isInstance(error)) throw error;
    for (const issue of error.issues) {
      const path = parseDocumentPath(issue.path);
      const top = path[0];
      problems.push({
        path: top === 'targets' || top === 'groups' ? path : ['policy', ...path],
        message: issue.message,
      });
    }
  }
  return problems;
}

/**
 * Parses a YAML or JSON config and validates it completely: schema, route
 * references, jurisdiction codes, groups and policy. Does no I/O: read the
 * file yourself.
 *
 * @param options.text the file's text.
 * @param options.file the file name, used in every message.
 * @returns the validated config, defaults applied.
 * @throws {ConfigError} listing every problem as `file:line:column path: expected ...`.
 *
 * @example
 * ```ts
 * const file = 'switchyard.yaml';
 * const config = parseConfig({ text: await readFile(file, 'utf8'), file });
 * ```
 */
export function parseConfig(options: { text: string; file: string }): SwitchyardConfig {
  const document = readDocument(options);
  return validateLocated({ document, schema: ConfigSchema, check: checkConfig });
}

/**
 * Validates a config object (a TypeScript config) as completely as
 * {@link parseConfig}; issues carry paths but no line numbers.
 *
 * @throws {ConfigError} listing every problem.
 */
export function validateConfig(
  config: SwitchyardConfigInput | SwitchyardConfig,
  options: { file?: string } = {},
): SwitchyardConfig {
  const file = options.file ?? '<config>';
  const document: LocatedDocument = {
    file,
    value: config,
    locate: () => undefined,
    issue: (path, message) => ({ file, path: formatPath(path), message }),
  };
  return validateLocated({ document, schema: ConfigSchema, check: checkConfig });
}

function formatPath(path: DocumentPath): string {
  return (
    path.reduce<string>(
      (result, key) =>
        typeof key === 'number' ? `${result}[${key}]` : result === '' ? key : `${result}.${key}`,
      '',
    ) || '(root)'
  );
}

/**
 * Types a config written in TypeScript. Returns it unchanged; validate it
 * with {@link validateConfig} or pass it to `createRouter`, which does.
 */
export function defineConfig(config: SwitchyardConfigInput): SwitchyardConfigInput {
  return config;
}
