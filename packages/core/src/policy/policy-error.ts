import { errorCodes } from '../errors/error-codes.js';
import { SwitchyardError } from '../errors/switchyard-error.js';

/** One problem found in a policy, at a path such as `rules[2].when.jurisdiction[0]`. */
export interface PolicyIssue {
  /** Where, e.g. `rules[2].effective`. */
  readonly path: string;
  /** What was expected. */
  readonly message: string;
}

const marker = Symbol.for('switchyard.PolicyError');

/**
 * A policy could not be compiled (code `CONFIG_INVALID`), or a route named
 * targets the compiled policy does not know (code `TARGET_UNKNOWN`): every
 * problem is listed in `issues`.
 */
export class PolicyError extends SwitchyardError {
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: read through the symbol in isInstance
  private readonly [marker] = true;
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

  /** Whether `error` is a PolicyError (of any copy of this package): its own marker, not the base class's. */
  static override isInstance(error: unknown): error is PolicyError {
    return typeof error === 'object' && error !== null && marker in error;
  }
}
