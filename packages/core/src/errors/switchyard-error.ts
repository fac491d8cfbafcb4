import type { ErrorCode } from './error-codes.js';

const marker = Symbol.for('switchyard.error');

/**
 * The base class of every error Switchyard throws. Check with
 * {@link SwitchyardError.isInstance} rather than `instanceof`: two copies of
 * the package in one process still recognise each other's errors.
 *
 * @example
 * ```ts
 * try { await generateText({ model, prompt }) }
 * catch (error) { if (SwitchyardError.isInstance(error)) console.error(error.code) }
 * ```
 */
export class SwitchyardError extends Error {
  /** Marker read by {@link SwitchyardError.isInstance}. */
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: read through the symbol in isInstance
  private readonly [marker] = true;
  /** A stable code from `errorCodes`. */
  readonly code: ErrorCode;

  constructor(options: { code: ErrorCode; message: string; cause?: unknown; name?: string }) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = options.name ?? 'SwitchyardError';
    this.code = options.code;
  }

  /** Whether `error` is a Switchyard error (of any copy of this package). */
  static isInstance(error: unknown): error is SwitchyardError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }

  /** Whether `error` is a Switchyard error with this code. */
  static hasCode(error: unknown, code: ErrorCode): error is SwitchyardError {
    return SwitchyardError.isInstance(error) && error.code === code;
  }
}
