import { redactSecrets, thrownMessage } from '@switchyard/core/failure';

/**
 * The message of a failure for a `sync-error` event, with any key, token or
 * URL password removed: listeners log it (the README's own example does), and
 * a Redis client's error may quote the URL or command it was given.
 *
 * @param cause what a Redis command or the connection failed with.
 * @returns its message, redacted.
 * @example
 * ```ts
 * syncErrorMessage(new Error('connect redis://me:pw@cache:6379 failed')); // 'connect redis://[redacted]@cache:6379 failed'
 * ```
 */
export function syncErrorMessage(cause: unknown): string {
  return redactSecrets(thrownMessage(cause));
}
