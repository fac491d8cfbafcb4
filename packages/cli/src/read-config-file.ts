import { parseConfig, type SwitchyardConfig } from '@switchyard/core';
import { readTextFile } from './read-text-file.js';

/**
 * Reads and validates a config file.
 *
 * @throws {ConfigError} when it cannot be read (naming the file and the OS reason) or is invalid.
 */
export async function readConfigFile(file: string): Promise<SwitchyardConfig> {
  const text = await readTextFile({ file, what: 'config', hint: 'check the --config path' });
  return parseConfig({ text, file });
}
