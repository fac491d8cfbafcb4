import { spawn } from 'node:child_process';
import { constants } from 'node:os';

/** How this process's command was invoked: enough to run it again in a child process. */
export interface CliInvocation {
  /** The command's entry file (`process.argv[1]` of the `switchyard` bin). */
  readonly script: string;
  /** The command's arguments (after the script). */
  readonly argv: readonly string[];
  /**
   * Replace this process (`process.execve`: same process id, streams and signals; nothing of
   * this process stays in memory) instead of starting a child and waiting for it. Only the
   * `switchyard` bin sets it; where Node lacks `process.execve` (before 22.15, Windows), a child runs.
   */
  readonly replaceProcess?: boolean;
}

/** Signals passed on to the child: a supervisor's or CI's stop, sent to this process alone. */
const forwarded = ['SIGTERM', 'SIGHUP'] as const;

/**
 * Runs the same command again with more Node flags (`node <this process's
 * flags> <flags> <script> <argv>`): in place of this process when
 * `replaceProcess` is set and Node has `process.execve` (it then never
 * returns), else in a child process whose standard streams are the parent's
 * own, waited for.
 *
 * Ctrl-C reaches the child directly (a terminal signals its whole process
 * group): the parent ignores SIGINT meanwhile and lets the child stop as it
 * would on its own. SIGTERM and SIGHUP, usually sent to one process, are
 * passed on to the child.
 *
 * @param options.script the command's entry file (`process.argv[1]` of the `switchyard` bin).
 * @param options.argv the command's arguments (after the script).
 * @param options.flags the Node flags to add.
 * @param options.env environment variables to add to this process's own for the new process (a value here wins).
 * @param options.replaceProcess replace this process instead of starting a child (see {@link CliInvocation}).
 * @param options.execPath the Node binary (default `process.execPath`).
 * @param options.execArgv this process's Node flags, kept (default `process.execArgv`).
 * @returns the child's exit code; 128 + the signal's number when a signal ended it.
 * @throws when the child cannot be started.
 * @example
 * ```ts
 * process.exitCode = await relaunchWithNodeFlags({
 *   script: process.argv[1],
 *   argv: process.argv.slice(2),
 *   flags: ['--max-semi-space-size=16'],
 * });
 * ```
 */
export async function relaunchWithNodeFlags(options: {
  script: string;
  argv: readonly string[];
  flags: readonly string[];
  env?: Readonly<Record<string, string>>;
  replaceProcess?: boolean;
  execPath?: string;
  execArgv?: readonly string[];
}): Promise<number> {
  const { script, argv, flags, execPath = process.execPath, execArgv = process.execArgv } = options;
  const args = [...execArgv, ...flags, script, ...argv];
  const env = options.env === undefined ? process.env : { ...process.env, ...options.env };
  if (options.replaceProcess === true && typeof process.execve === 'function') {
    process.execve(execPath, [execPath, ...args], env);
  }
  const child = spawn(execPath, args, { stdio: 'inherit', env });
  const ignore = () => {};
  const pass = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', ignore);
  for (const signal of forwarded) process.on(signal, pass);
  try {
    return await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code, signal) => {
        resolve(code ?? 128 + (signal === null ? 0 : (constants.signals[signal] ?? 0)));
      });
    });
  } finally {
    process.off('SIGINT', ignore);
    for (const signal of forwarded) process.off(signal, pass);
  }
}
