import { Command } from 'commander';
import type { Output } from './output.js';

/** The CLI's version, shown by `switchyard --version`. */
export const version = '0.1.0';

/**
 * The `switchyard` program without its commands: name, description,
 * version, and output and exits routed through `output` (commander never
 * exits the process).
 *
 * @param output where to write.
 * @returns the program; register commands on it.
 */
export function baseProgram(output: Output): Command {
  return new Command('switchyard')
    .description(
      'Route LLM requests by jurisdiction, policy and health; rehearse provider bans; report what they cost.',
    )
    .version(version)
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({ writeOut: output.stdout, writeErr: output.stderr })
    .exitOverride();
}
