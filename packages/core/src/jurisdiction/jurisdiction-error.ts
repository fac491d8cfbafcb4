import { errorCodes } from '../errors/error-codes.js';
import { SwitchyardError } from '../errors/switchyard-error.js';

const marker = Symbol.for('switchyard.JurisdictionError');

/**
 * A jurisdiction code is neither an ISO 3166-1 alpha-2 code nor a known
 * group, or a group definition is invalid (unknown member, cycle).
 */
export class JurisdictionError extends SwitchyardError {
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: read through the symbol in isInstance
  private readonly [marker] = true;
  /** The offending code or group name. */
  readonly jurisdiction: string;

  constructor(options: { jurisdiction: string; message: string }) {
    super({ code: errorCodes.JURISDICTION_UNKNOWN, name: 'JurisdictionError', message: options.message });
    this.jurisdiction = options.jurisdiction;
  }

  /** Whether `error` is a JurisdictionError (of any copy of this package): its own marker, not the base class's. */
  static override isInstance(error: unknown): error is JurisdictionError {
    return typeof error === 'object' && error !== null && marker in error;
  }
}
