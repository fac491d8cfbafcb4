import { readFile } from 'node:fs/promises';
import { ConfigError } from '@switchyard/core';

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
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new ConfigError({
      file,
      unreadable: true,
      cause: error,
      issues: [
        {
          file,
          path: '(file)',
          message: `cannot read the ${options.what}: ${reason}${options.hint ? `; ${options.hint}` : ''}`,
        },
      ],
    });
  }
}
