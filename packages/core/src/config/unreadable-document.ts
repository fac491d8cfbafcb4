import { ConfigError, type ConfigIssue } from '../errors/config-error.js';
import { errorCodes } from '../errors/error-codes.js';

/**
 * The error for a document that cannot be read: `SWITCHYARD_CONFIG_UNREADABLE`,
 * or `SWITCHYARD_CONFIG_LIMIT_EXCEEDED` when a reading limit was passed.
 *
 * @param options.file the file name used in messages.
 * @param options.issues every problem, located where possible.
 * @param options.limit whether a reading limit (`DocumentLimits`) was passed.
 * @param options.cause the parser's own error, if any.
 * @returns the error, to throw.
 */
export function unreadableDocument(options: {
  file: string;
  issues: readonly Omit<ConfigIssue, 'file'>[];
  limit: boolean;
  cause?: unknown;
}): ConfigError {
  const { file, limit } = options;
  return new ConfigError({
    file,
    unreadable: true,
    ...(limit ? { code: errorCodes.CONFIG_LIMIT_EXCEEDED } : {}),
    issues: options.issues.map((issue) => ({ file, ...issue })),
    cause: options.cause,
  });
}
