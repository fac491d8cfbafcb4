import { ConfigError, SwitchyardError } from '@switchyard/core';
import { type Command, CommanderError } from 'commander';
import { baseProgram, finishProgram } from './base-program.js';
import { commandLoaders } from './command-loaders.js';
import { ChildProcessExit, type ExitCode, exitCodeFor, exitCodes, UsageError } from './exit-codes.js';
import { type Output, processOutput } from './output.js';
import type { CliInvocation } from './relaunch-with-node-flags.js';

export { version } from './base-program.js';

/**
 * Runs the CLI and returns its exit code; never throws and never prints a
 * stack trace. Errors are mapped to exit codes in one place
 * ({@link exitCodeFor}); a user error prints what to change.
 *
 * @param options.argv the arguments after the program name.
 * @param options.output where to write (default: the process's streams).
 * @param options.relaunch how to run this command again (the `switchyard` bin: its file,
 *   `process.argv[1]`, and `replaceProcess`): a long drill then runs again with heap flags (see
 *   `longDrillNodeFlags`); absent (tests, programmatic use): every command runs in this process.
 */
export async function runCli(options: {
  argv: readonly string[];
  output?: Output;
  relaunch?: Omit<CliInvocation, 'argv'>;
}): Promise<ExitCode> {
  const output = options.output ?? processOutput;
  try {
    // Inside the try: a command module that fails to load is reported like any other error.
    const invocation =
      options.relaunch === undefined ? undefined : { ...options.relaunch, argv: options.argv };
    const program = await programFor(options.argv, output, invocation);
    await program.parseAsync([...options.argv], { from: 'user' });
    return exitCodes.ok;
  } catch (error) {
    if (error instanceof ChildProcessExit) return error.exitCode;
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

/**
 * The program `argv` runs: only its command when `argv` starts with a command's
 * name (the other commands' modules are never loaded), else every command
 * (`--help`, `--version`, `help <command>`, an unknown command).
 */
async function programFor(
  argv: readonly string[],
  output: Output,
  invocation: CliInvocation | undefined,
): Promise<Command> {
  const load = commandLoaders.get(argv[0] ?? '');
  if (load === undefined) return (await import('./create-program.js')).createProgram(output);
  const program = baseProgram(output);
  (await load())(program, output, invocation);
  return finishProgram(program, output);
}
