import { errorCodes } from '../errors/error-codes.js';
import { SwitchyardError } from '../errors/switchyard-error.js';

/**
 * A jurisdiction code is neither an ISO 3166-1 alpha-2 code nor a known
 * group, or a group definition is invalid (unknown member, cycle).
 */
export class JurisdictionError extends SwitchyardError {
  /** The offending code or group name. */
  readonly jurisdiction: string;

  constructor(options: { jurisdiction: string; message: string }) {
    super({ code: errorCodes.JURISDICTION_UNKNOWN, name: 'JurisdictionError', message: options.message });
    this.jurisdiction = options.jurisdiction;
  }
}
