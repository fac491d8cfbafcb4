import { configProblems } from '../../config/config-problems.js';
import { ConfigSchema, type SwitchyardConfig } from '../../config/config-schema.js';
import type { DocumentLimits } from '../../config/document-limits.js';
import { type LocatedDocument, readDocument, validateLocated } from '../../config/parse-document.js';
import { describeSchemaIssues } from '../../validation/describe-schema-issue.js';
import type { Problem } from '../../validation/problem.js';
import { type PolicyTestFile, PolicyTestFileSchema } from './policy-test-schema.js';

/** A policy test file, read and checked for shape. */
export interface PolicyTests {
  /** The document, to locate cases in messages. */
  readonly document: LocatedDocument;
  /** The cases. */
  readonly cases: PolicyTestFile['cases'];
  /** The inline config, validated, when the file has one. */
  readonly config?: SwitchyardConfig;
  /** The config's path as written (relative to the test file), when the file names one. */
  readonly configPath?: string;
}

/**
 * Reads a policy test file (YAML or JSON): checks its shape, and an inline
 * config completely (with the config validator). References of the cases
 * (routes, targets, rule ids, data classes) are checked against the config
 * by `policyTestProblems`.
 *
 * @param options.text the file's text.
 * @param options.file the file name used in messages.
 * @throws {ConfigError} listing every problem with its position.
 */
export function readPolicyTests(options: {
  text: string;
  file: string;
  limits?: Partial<DocumentLimits>;
}): PolicyTests {
  const document = readDocument(options);
  let inline: SwitchyardConfig | undefined;
  const parsed = validateLocated({
    document,
    schema: PolicyTestFileSchema,
    check: ({ value }) => {
      const config = (value as { config?: unknown } | null)?.config;
      if (config === null || typeof config !== 'object') return [];
      const result = ConfigSchema.safeParse(config);
      const problems: Problem[] = result.success
        ? []
        : result.error.issues.flatMap((issue) =>
            describeSchemaIssues({ issue, schema: ConfigSchema, value: config }),
          );
      problems.push(
        ...configProblems({ value: config, parsed: result.success ? result.data : undefined }).problems,
      );
      if (result.success) inline = result.data;
      return problems.map((problem) => ({ ...problem, path: ['config', ...problem.path] }));
    },
  });
  return {
    document,
    cases: parsed.cases,
    ...(inline ? { config: inline } : {}),
    ...(typeof parsed.config === 'string' ? { configPath: parsed.config } : {}),
  };
}
