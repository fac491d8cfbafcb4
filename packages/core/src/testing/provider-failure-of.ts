import { ProviderError } from '../errors/provider-error.js';
import type { ClassifiedFailure } from '../failure/failure-kind.js';

/**
 * The classified failure of the `ProviderError` that `run` throws, for
 * tests of adapters.
 *
 * @throws Error when `run` returns, or the error it throws when that is not a `ProviderError`.
 * @example
 * ```ts
 * expect(thrownFailure(() => convert(prompt))).toMatchObject({ kind: 'invalid_request' });
 * ```
 */
export function thrownFailure(run: () => unknown): ClassifiedFailure {
  try {
    run();
  } catch (error) {
    if (ProviderError.isInstance(error)) return error.failure;
    throw error;
  }
  throw new Error('expected a ProviderError, but nothing was thrown');
}

/**
 * The classified failure of the `ProviderError` that `promise` rejects with.
 *
 * @throws Error when it resolves, or the rejection when that is not a `ProviderError`.
 */
export async function rejectedFailure(promise: PromiseLike<unknown>): Promise<ClassifiedFailure> {
  try {
    await promise;
  } catch (error) {
    if (ProviderError.isInstance(error)) return error.failure;
    throw error;
  }
  throw new Error('expected a ProviderError, but the promise resolved');
}
