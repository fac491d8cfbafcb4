import { readFile } from 'node:fs/promises';
import { ConfigError, parseConfig, type SwitchyardConfig } from '@switchyard/core';

/**
 * Reads and validates a config file.
 *
 * @throws {ConfigError} when it cannot be read (naming the file and the OS reason) or is invalid.
 */
export async function readConfigFile(file: string): Promise<SwitchyardConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new ConfigError({
      file,
      unreadable: true,
      cause: error,
      issues: [
        { file, path: '(file)', message: `cannot read the config: ${reason}; check the --config path` },
      ],
    });
  }
  return parseConfig({ text, file });
}
