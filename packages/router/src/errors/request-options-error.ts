import { errorCodes, SwitchyardError } from '@switchyard/core';

/**
 * `providerOptions.switchyard` (or a `withContext` context) is invalid. Thrown
 * before any attempt.
 */
export class RequestOptionsError extends SwitchyardError {
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
}
