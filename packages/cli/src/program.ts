import { ConfigError, SwitchyardError } from '@switchyard/core';
import { Command, CommanderError } from 'commander';
import { registerBudgetsCommand } from './commands/budgets.js';
import { registerDiffPolicyCommand } from './commands/diff-policy.js';
import { registerDrillCommand } from './commands/drill.js';
import { registerExplainCommand } from './commands/explain.js';
import { registerHealthCommand } from './commands/health.js';
import { registerKeygenCommand } from './commands/keygen.js';
import { registerReplayCommand } from './commands/replay.js';
import { registerReportCommand } from './commands/report.js';
import { registerSimulateCommand } from './commands/simulate.js';
import { registerTestPolicyCommand } from './commands/test-policy.js';
import { registerValidateCommand } from './commands/validate.js';
import { registerVerifyCommand } from './commands/verify.js';
import { type ExitCode, exitCodeFor, exitCodes, UsageError } from './exit-codes.js';
import { type Output, processOutput } from './output.js';

/** The CLI's version, shown by `switchyard --version`. */
export const version = '0.1.0';

/**
 * Builds the `switchyard` program. Each command lives in its own file under
 * `commands/` and is registered here with one line.
 */
export function createProgram(output: Output = processOutput): Command {
  const program = new Command('switchyard')
    .description(
      'Route LLM requests by jurisdiction, policy and health; rehearse provider bans; report what they cost.',
    )
    .version(version)
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({ writeOut: output.stdout, writeErr: output.stderr })
    .exitOverride();
  registerExplainCommand(program, output);
  registerValidateCommand(program, output);
  registerTestPolicyCommand(program, output);
  registerDiffPolicyCommand(program, output);
  registerSimulateCommand(program);
  registerReportCommand(program, output);
  registerDrillCommand(program, output);
  registerReplayCommand(program, output);
  registerVerifyCommand(program, output);
  registerKeygenCommand(program, output);
  registerHealthCommand(program, output);
  registerBudgetsCommand(program, output);
  for (const command of program.commands)
    command.exitOverride().configureOutput({ writeOut: output.stdout, writeErr: output.stderr });
  return program;
}

/**
 * Runs the CLI and returns its exit code; never throws and never prints a
 * stack trace. Errors are mapped to exit codes in one place
 * ({@link exitCodeFor}); a user error prints what to change.
 *
 * @param options.argv the arguments after the program name.
 * @param options.output where to write (default: the process's streams).
 */
export async function runCli(options: { argv: readonly string[]; output?: Output }): Promise<ExitCode> {
  const output = options.output ?? processOutput;
  const program = createProgram(output);
  try {
    await program.parseAsync([...options.argv], { from: 'user' });
    return exitCodes.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed its message (unknown option, missing argument...).
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      ) {
        return exitCodes.ok;
      }
      return exitCodes.usage;
    }
    output.stderr(`${describeError(error)}\n`);
    return exitCodeFor(error);
  }
}

/** One line that says what went wrong (for config errors, then every issue). */
export function describeError(error: unknown): string {
  if (ConfigError.isInstance(error)) return `switchyard: ${error.message}`;
  if (error instanceof UsageError) return `switchyard: ${error.message}\n(add --help for usage)`;
  if (SwitchyardError.isInstance(error)) return `switchyard: ${error.message} [${error.code}]`;
  if (error instanceof Error) return `switchyard: ${error.message}`;
  return `switchyard: ${String(error)}`;
}
