import { errorCodes, SwitchyardError } from '@switchyard/core';

const marker = Symbol.for('switchyard.ReportInputError');

/**
 * A report input that cannot be used at all: a records file that cannot be
 * opened, an events file that is not a JSON array of `{ at, label }`, or a
 * bad option value. Code `SWITCHYARD_CONFIG_UNREADABLE` for files,
 * `SWITCHYARD_CONFIG_INVALID` for values (the CLI exits with 3 for both).
 * Bad lines inside a records file are never thrown: they are counted and
 * reported.
 */
export class ReportInputError extends SwitchyardError {
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: read through the symbol in isInstance
  private readonly [marker] = true;
  /** The file or option at fault. */
  readonly source: string;

  constructor(options: { source: string; message: string; unreadable?: boolean; cause?: unknown }) {
    super({
      code: options.unreadable === false ? errorCodes.CONFIG_INVALID : errorCodes.CONFIG_UNREADABLE,
      message: options.message,
      cause: options.cause,
      name: 'ReportInputError',
    });
    this.source = options.source;
  }

  /** Whether `error` is a ReportInputError (of any copy of this package): its own marker, not the base class's. */
  static override isInstance(error: unknown): error is ReportInputError {
    return typeof error === 'object' && error !== null && marker in error;
  }
}
