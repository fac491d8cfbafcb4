import { parseConfig, type SwitchyardConfig } from '@switchyard/core';
import { readTextFile } from './read-text-file.js';

/**
 * Reads and validates a config file.
 *
 * @param file the path.
 * @param given how the command line gave it, for the hint of an unreadable file (default `--config`; `<old>`).
 * @throws {ConfigError} when it cannot be read (naming the file and the OS reason) or is invalid.
 */
export async function readConfigFile(file: string, given = '--config'): Promise<SwitchyardConfig> {
  const text = await readTextFile({ file, what: 'config', hint: `check the ${given} path` });
  return parseConfig({ text, file });
}
