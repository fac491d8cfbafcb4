import { errorCodes } from '../errors/error-codes.js';
import { SwitchyardError } from '../errors/switchyard-error.js';

/** One problem found in a policy, at a path such as `rules[2].when.jurisdiction[0]`. */
export interface PolicyIssue {
  /** Where, e.g. `rules[2].effective`. */
  readonly path: string;
  /** What was expected. */
  readonly message: string;
}

/**
 * A policy could not be compiled (code `CONFIG_INVALID`), or a route named
 * targets the compiled policy does not know (code `TARGET_UNKNOWN`): every
 * problem is listed in `issues`.
 */
export class PolicyError extends SwitchyardError {
  /** Every problem found, with its path. */
  readonly issues: readonly PolicyIssue[];

  constructor(options: {
    issues: readonly PolicyIssue[];
    code?: typeof errorCodes.CONFIG_INVALID | typeof errorCodes.TARGET_UNKNOWN;
  }) {
    super({
      code: options.code ?? errorCodes.CONFIG_INVALID,
      name: 'PolicyError',
      message: `invalid policy:\n${options.issues.map((issue) => `  ${issue.path}: ${issue.message}`).join('\n')}`,
    });
    this.issues = options.issues;
  }

  /** Whether `error` is a PolicyError (of any copy of this package). */
  static override isInstance(error: unknown): error is PolicyError {
    return (
      SwitchyardError.isInstance(error) &&
      error.name === 'PolicyError' &&
      Array.isArray((error as PolicyError).issues)
    );
  }
}
