import type { ClassifiedFailure } from '../failure/failure-kind.js';
import { errorCodes } from './error-codes.js';
import { SwitchyardError } from './switchyard-error.js';

const marker = Symbol.for('switchyard.ProviderError');

/**
 * A provider call failed. Adapters throw it (or stream it in an `error`
 * part) with the failure already classified, so the router decides from
 * `failure.kind` alone. The upstream SDK error is the `cause`.
 */
export class ProviderError extends SwitchyardError {
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: read through the symbol in isInstance
  private readonly [marker] = true;
  /** The provider's name, e.g. `openai`. */
  readonly provider: string;
  /** The provider's model id. */
  readonly model: string;
  /** What went wrong, as data. */
  readonly failure: ClassifiedFailure;

  constructor(options: { provider: string; model: string; failure: ClassifiedFailure; cause?: unknown }) {
    super({
      code: errorCodes.PROVIDER_ERROR,
      name: 'ProviderError',
      message: `${options.provider} ${options.model}: ${options.failure.kind}${
        options.failure.status === undefined ? '' : ` (${options.failure.status})`
      }: ${options.failure.message}`,
      cause: options.cause,
    });
    this.provider = options.provider;
    this.model = options.model;
    this.failure = options.failure;
  }

  /** Whether `error` is a ProviderError (of any copy of this package): its own marker, not the base class's. */
  static override isInstance(error: unknown): error is ProviderError {
    return typeof error === 'object' && error !== null && marker in error;
  }
}
