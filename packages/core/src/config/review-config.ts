import { ConfigError, type ConfigIssue } from '../errors/config-error.js';
import { lintPolicy, type PolicyFinding } from '../policy/analysis/lint-policy.js';
import {
  type DeadEnd,
  formatDeadEnd,
  type PolicyCoverage,
  policyCoverage,
} from '../policy/analysis/policy-coverage.js';
import type { CompiledPolicy } from '../policy/compile-policy.js';
import type { InactiveRule } from '../policy/policy-problems.js';
import { sortIssues } from '../validation/sort-issues.js';
import { compileConfigPolicy } from './compile-config-policy.js';
import { configProblems } from './config-problems.js';
import { ConfigSchema, type SwitchyardConfig, type SwitchyardConfigInput } from './config-schema.js';
import type { DocumentLimits } from './document-limits.js';
import { type LocatedDocument, readDocument, unlocatedDocument, validateLocated } from './parse-document.js';

/** Everything `switchyard validate` reports about a valid config. */
export interface ConfigReview {
  /** The validated config. */
  readonly config: SwitchyardConfig;
  /** Its compiled policy. */
  readonly policy: CompiledPolicy;
  /** Lint warnings, located (`--strict` makes them errors). */
  readonly warnings: readonly (ConfigIssue & { readonly finding: PolicyFinding })[];
  /** Pack rules that never apply to this catalog, located at their pack. */
  readonly inactive: readonly (ConfigIssue & { readonly rule: InactiveRule })[];
  /** The coverage map, when asked for (or needed by `strict` for served jurisdictions). */
  readonly coverage?: PolicyCoverage;
  /** Dead ends as sentences; `served` when they concern a jurisdiction the config declares it serves. */
  readonly deadEnds: readonly { readonly deadEnd: DeadEnd; readonly text: string }[];
}

/**
 * Validates a config completely (as `parseConfig` does), then lints its
 * policy, lists the pack rules inactive for its catalog and, when asked,
 * maps its coverage. `strict` turns every lint warning, and every dead end
 * for a jurisdiction the config declares in `callers.jurisdictions`, into an
 * error.
 *
 * @param options.text the file's text (or give `config`, a config object).
 * @param options.file the file name used in messages.
 * @param options.strict fail on warnings and served dead ends.
 * @param options.coverage compute the full coverage map.
 * @returns the review.
 * @throws {ConfigError} listing every problem (and, with `strict`, every warning), sorted by position.
 *
 * @example
 * ```ts
 * const review = reviewConfig({ text, file: 'switchyard.yaml', strict: true, coverage: true });
 * for (const warning of review.warnings) console.log(formatConfigIssue(warning));
 * ```
 */
export function reviewConfig(options: {
  text?: string;
  config?: SwitchyardConfigInput | SwitchyardConfig;
  file?: string;
  strict?: boolean;
  coverage?: boolean;
  limits?: Partial<DocumentLimits>;
}): ConfigReview {
  const file = options.file ?? '<config>';
  const document: LocatedDocument =
    options.text !== undefined
      ? readDocument({ text: options.text, file, ...(options.limits ? { limits: options.limits } : {}) })
      : unlocatedDocument({ file, value: options.config });
  const config = validateLocated({
    document,
    schema: ConfigSchema,
    check: (input) => configProblems(input).problems,
  });
  const policy = compileConfigPolicy({ config });
  const warnings = lintPolicy({ policy, routes: config.routes }).map((finding) => ({
    ...document.issue(['policy', ...finding.path], finding.message),
    finding,
  }));
  const inactive = policy.inactive.map((rule) => ({
    ...document.issue(
      ['policy', ...rule.path],
      `pack rule "${rule.ruleId}" (${rule.pack}) is inactive for this catalog: ${rule.reason}`,
    ),
    rule,
  }));
  const wantCoverage =
    options.coverage === true || (options.strict === true && config.callers.jurisdictions !== undefined);
  const coverage = wantCoverage
    ? policyCoverage({ policy, routes: config.routes, defaults: config.defaults.context })
    : undefined;
  const deadEnds = (coverage?.deadEnds ?? []).map((deadEnd) => ({
    deadEnd,
    text: formatDeadEnd(deadEnd, coverage?.dataClasses ?? []),
  }));
  if (options.strict) {
    const errors = [
      ...warnings.map(({ finding, ...issue }) => ({ ...issue, order: ['policy', ...finding.path] })),
      ...deadEnds
        .filter(({ deadEnd }) => deadEnd.served)
        .map(({ deadEnd, text }) => ({
          ...document.issue(
            ['routes', deadEnd.route],
            `${text}, a jurisdiction this config serves (callers.jurisdictions); expected at least one allowed target`,
          ),
          order: ['routes', deadEnd.route],
        })),
    ];
    if (errors.length > 0) {
      throw new ConfigError({
        file,
        issues: sortIssues({ issues: errors, value: document.value }).map((issue) => ({
          ...issue,
          message: `${issue.message} (--strict)`,
        })),
      });
    }
  }
  return { config, policy, warnings, inactive, ...(coverage ? { coverage } : {}), deadEnds };
}
