import { Command } from 'commander';
import type { Output } from './output.js';
import { refuseRepeatedOptions } from './refuse-repeated-options.js';

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

/**
 * Finishes a program once its commands are registered: every command's output
 * and exits go through `output` as the program's do, and an option that is not
 * meant to repeat is refused when given twice ({@link refuseRepeatedOptions}),
 * on the program and on every command and subcommand.
 *
 * @param program the program from {@link baseProgram}, with its commands.
 * @param output where to write.
 * @returns the program.
 */
export function finishProgram(program: Command, output: Output): Command {
  refuseRepeatedOptions(program);
  const finish = (command: Command) => {
    command.exitOverride().configureOutput({ writeOut: output.stdout, writeErr: output.stderr });
    refuseRepeatedOptions(command);
    for (const sub of command.commands) finish(sub);
  };
  for (const command of program.commands) finish(command);
  return program;
}
