import { readFile } from 'node:fs/promises';
import { ConfigError } from '@switchyard/core';
import { notAFileReason, unreadableReason } from '@switchyard/core/node';

/**
 * Reads a text file the CLI was given.
 *
 * @param options.file the path.
 * @param options.what what the file is, for the message (`config`, `policy tests`).
 * @param options.hint what to check, e.g. `check the --config path`.
 * @throws {ConfigError} `SWITCHYARD_CONFIG_UNREADABLE` naming the file and the OS reason.
 */
export async function readTextFile(options: { file: string; what: string; hint?: string }): Promise<string> {
  const { file } = options;
  // A named pipe nothing writes to would hang the open: refused before it.
  const notAFile = await notAFileReason(file);
  if (notAFile !== undefined) throw unreadable(options, notAFile, undefined);
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw unreadable(options, unreadableReason(error), error);
  }
}

function unreadable(options: { file: string; what: string; hint?: string }, reason: string, cause: unknown) {
  const { file } = options;
  return new ConfigError({
    file,
    unreadable: true,
    cause,
    issues: [
      {
        file,
        path: '(file)',
        message: `cannot read the ${options.what}: ${reason}${options.hint ? `; ${options.hint}` : ''}`,
      },
    ],
  });
}
