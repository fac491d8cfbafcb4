import { errorCodes, SwitchyardError } from '@switchyard/core';

const marker = Symbol.for('switchyard.RequestOptionsError');

/**
 * `providerOptions.switchyard` (or a `withContext` context) is invalid.
 * Thrown before the request starts: it has no request id and no decision record.
 */
export class RequestOptionsError extends SwitchyardError {
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: read through the symbol in isInstance
  private readonly [marker] = true;
  /** Every problem, as `path: expected ...`. */
  readonly issues: readonly string[];

  constructor(options: { issues: readonly string[] }) {
    super({
      code: errorCodes.REQUEST_OPTIONS_INVALID,
      name: 'RequestOptionsError',
      message: `invalid providerOptions.switchyard:\n${options.issues.map((issue) => `  ${issue}`).join('\n')}`,
    });
    this.issues = options.issues;
  }

  /** Whether `error` is a RequestOptionsError (of any copy of this package). */
  static override isInstance(error: unknown): error is RequestOptionsError {
    return typeof error === 'object' && error !== null && marker in error;
  }
}
