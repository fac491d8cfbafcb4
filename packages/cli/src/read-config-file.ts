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

/**
 * Reads a config file, or a drill scenario's `config:` (a YAML or JSON file with a top-level
 * `config:` key), validated as the drill validates it.
 *
 * @param file the path.
 * @param given how the command line gave it, for the hint of an unreadable file.
 * @throws {ConfigError} when it cannot be read or is invalid (naming the file, line and path).
 */
export async function readConfigOrScenarioFile(file: string, given: string): Promise<SwitchyardConfig> {
  const text = await readTextFile({ file, what: 'config', hint: `check the ${given} path` });
  if (!/^config\s*:/m.test(text) && !/^\s*\{\s*"config"\s*:/.test(text)) return parseConfig({ text, file });
  const { parseScenario } = await import('@switchyard/drill/scenario');
  return parseScenario({ text, file }).config;
}
