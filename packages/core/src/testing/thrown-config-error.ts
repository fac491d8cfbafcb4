import { ConfigError } from '../errors/config-error.js';

/**
 * The `ConfigError` that `run` throws, for tests of configs, scenarios and
 * documents.
 *
 * @throws Error when `run` returns, or the error it throws when that is not a `ConfigError`.
 * @example
 * ```ts
 * expect(thrownConfigError(() => parseConfig(text)).issues[0]?.path).toBe('routes.chat');
 * ```
 */
export function thrownConfigError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (ConfigError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a ConfigError, but nothing was thrown');
}
