import { longDrillEnvironmentFor, longDrillNodeFlags, type Scenario } from '@switchyard/drill/scenario';
import { ChildProcessExit, knownExitCode } from '../exit-codes.js';
import type { Output } from '../output.js';
import { type CliInvocation, relaunchWithNodeFlags } from '../relaunch-with-node-flags.js';

/**
 * Runs a long drill (see `longDrillNodeFlags`) again in a Node process with
 * the heap flags this process lacks, and on Linux with `MALLOC_ARENA_MAX=2`
 * unless the environment sets it (`longDrillEnvironmentFor`): in place of this one when the
 * invocation says so (`replaceProcess`, the `switchyard` bin), else in a
 * child process whose exit code ends the command.
 *
 * @param options.scenario the drill's scenario (its workload's total decides; fleet drills run members of their own).
 * @param options.baseline whether `--baseline` doubles the requests.
 * @param options.invocation the `switchyard` bin's file and arguments; absent: never relaunched.
 * @param options.output where the one line saying so goes (stderr).
 * @param options.execArgv this process's Node flags (default `process.execArgv`).
 * @param options.nodeOptions `NODE_OPTIONS` (default the environment's).
 * @param options.env the environment the new process's is made from (default `process.env`).
 * @param options.platform the platform (default `process.platform`): `MALLOC_ARENA_MAX` is added on Linux only.
 * @returns nothing when the drill is short (or the process has its own heap flags): run it here.
 * @throws {ChildProcessExit} carrying the child's exit code, once the child has run.
 * @throws {Error} when the child ended with an exit code the CLI does not use (a signal, a crash).
 * @example
 * ```ts
 * await runLongDrillInChild({ scenario, baseline: false, invocation: { script: process.argv[1], argv }, output });
 * // returns for a short drill; throws ChildProcessExit once a long one ran in its child
 * ```
 */
export async function runLongDrillInChild(options: {
  scenario: Scenario;
  baseline: boolean;
  invocation: CliInvocation | undefined;
  output: Output;
  execArgv?: readonly string[];
  nodeOptions?: string | undefined;
  env?: Readonly<Record<string, string | undefined>>;
  platform?: string;
}): Promise<void> {
  const { scenario, invocation } = options;
  if (invocation === undefined || scenario.fleet !== undefined) return;
  const requests = scenario.workload.total * (options.baseline ? 2 : 1);
  const flags = longDrillNodeFlags({
    requests,
    execArgv: options.execArgv ?? process.execArgv,
    nodeOptions: 'nodeOptions' in options ? options.nodeOptions : process.env.NODE_OPTIONS,
  });
  if (flags.length === 0) return;
  const env = longDrillEnvironmentFor({
    env: options.env ?? process.env,
    platform: options.platform ?? process.platform,
  });
  const variables = Object.entries(env).map(([name, value]) => `${name}=${value}`);
  const settings =
    variables.length === 0
      ? `${flags.join(' ')} (V8 heap settings`
      : `${flags.join(' ')} and ${variables.join(' ')} (V8 heap and glibc malloc settings`;
  options.output.stderr(
    `${requests.toLocaleString('en-US')} requests: the drill runs with ${settings} that keep a long drill's memory bounded)\n`,
  );
  const code = await relaunchWithNodeFlags({
    script: invocation.script,
    argv: invocation.argv,
    flags,
    env,
    ...(invocation.replaceProcess === undefined ? {} : { replaceProcess: invocation.replaceProcess }),
    ...(options.execArgv === undefined ? {} : { execArgv: options.execArgv }),
  });
  const known = knownExitCode(code);
  if (known === undefined) {
    throw new Error(
      `the drill's child process (node ${flags.join(' ')}) ended with exit code ${code}${code > 128 ? ` (killed by signal ${code - 128})` : ''}`,
    );
  }
  throw new ChildProcessExit(known);
}
