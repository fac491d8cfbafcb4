import { configProblems } from './config-problems.js';
import { ConfigSchema, type SwitchyardConfig, type SwitchyardConfigInput } from './config-schema.js';
import type { DocumentLimits } from './document-limits.js';
import { readDocument, unlocatedDocument, validateLocated } from './parse-document.js';

/**
 * Parses a YAML or JSON config and validates it completely: schema, groups,
 * route references, jurisdiction codes, data classes, and every reference in
 * the policy (a rule naming a target, provider, model, place, licence,
 * capability or tag that no target has is an error). Reports every problem
 * at once, sorted by position. Does no I/O: read the file yourself.
 *
 * @param options.text the file's text.
 * @param options.file the file name, used in every message.
 * @param options.limits overrides of the reading limits (size, depth, aliases).
 * @returns the validated config, defaults applied.
 * @throws {ConfigError} listing every problem as `file:line:column path: what is wrong; expected ...; did you mean ...`.
 *
 * @example
 * ```ts
 * const file = 'switchyard.yaml';
 * const config = parseConfig({ text: await readFile(file, 'utf8'), file });
 * ```
 */
export function parseConfig(options: {
  text: string;
  file: string;
  limits?: Partial<DocumentLimits>;
}): SwitchyardConfig {
  const document = readDocument(options);
  return validateLocated({
    document,
    schema: ConfigSchema,
    check: (input) => configProblems(input).problems,
  });
}

/**
 * Validates a config object (a TypeScript config) exactly as {@link parseConfig}
 * does; issues carry paths but no line numbers. `createRouter` calls it.
 *
 * @param config the config.
 * @param options.file the name used in messages (default `<config>`).
 * @returns the validated config, defaults applied.
 * @throws {ConfigError} listing every problem.
 */
export function validateConfig(
  config: SwitchyardConfigInput | SwitchyardConfig,
  options: { file?: string } = {},
): SwitchyardConfig {
  const document = unlocatedDocument({ file: options.file ?? '<config>', value: config });
  return validateLocated({
    document,
    schema: ConfigSchema,
    check: (input) => configProblems(input).problems,
  });
}

/**
 * Types a config written in TypeScript. Returns it unchanged; validate it
 * with {@link validateConfig} or pass it to `createRouter`, which does.
 */
export function defineConfig(config: SwitchyardConfigInput): SwitchyardConfigInput {
  return config;
}
