import { errorCodes, SwitchyardError } from '@switchyard/core';

/**
 * Exit codes of the `switchyard` command. Every error is mapped here, in one
 * place.
 *
 * | code | meaning |
 * |---|---|
 * | 0 | success (for `drill`: every assertion held) |
 * | 1 | a check failed: a drill assertion, a policy test case (`test-policy`), a change with `diff-policy --fail-on-change`, a record not reproduced (`replay --self-check`), a tampered log (`verify`) |
 * | 2 | usage error: unknown command or option, bad option value, an option given twice that does not repeat |
 * | 3 | invalid or unreadable input: config, policy, scenario, policy tests or records file (also past a size, depth or alias limit) |
 * | 4 | the run itself failed: a provider, simulator or I/O error, or an internal error |
 * | 130 | interrupted (Ctrl-C); what was gathered is still written |
 */
export const exitCodes = {
  ok: 0,
  assertionFailed: 1,
  usage: 2,
  invalidInput: 3,
  runFailed: 4,
  interrupted: 130,
} as const;

/** One of the values of {@link exitCodes}. */
export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

const inputErrors = new Set<string>([
  errorCodes.CONFIG_INVALID,
  errorCodes.CONFIG_UNREADABLE,
  errorCodes.CONFIG_LIMIT_EXCEEDED,
  errorCodes.JURISDICTION_UNKNOWN,
  errorCodes.ROUTE_UNKNOWN,
  errorCodes.TARGET_UNKNOWN,
  errorCodes.REQUEST_OPTIONS_INVALID,
]);

const checkFailures = new Set<string>([
  errorCodes.ASSERTION_FAILED,
  errorCodes.POLICY_TEST_FAILED,
  errorCodes.REPLAY_MISMATCH,
  errorCodes.EVIDENCE_TAMPERED,
]);

/** The exit code for an error that reached the top of the command. */
export function exitCodeFor(error: unknown): ExitCode {
  if (SwitchyardError.isInstance(error)) {
    if (inputErrors.has(error.code)) return exitCodes.invalidInput;
    if (checkFailures.has(error.code)) return exitCodes.assertionFailed;
    if (error.code === errorCodes.ABORTED) return exitCodes.interrupted;
    return exitCodes.runFailed;
  }
  if (error instanceof UsageError) return exitCodes.usage;
  return exitCodes.runFailed;
}

/**
 * The command ran in a child process (a long drill, relaunched with heap
 * flags) that already printed its own output and errors: its exit code is
 * the command's, with nothing more to print.
 */
export class ChildProcessExit extends Error {
  /** The child's exit code. */
  readonly exitCode: ExitCode;

  constructor(exitCode: ExitCode) {
    super(`the command's child process exited with code ${exitCode}`);
    this.name = 'ChildProcessExit';
    this.exitCode = exitCode;
  }
}

/** The exit code `code` is, if it is one of {@link exitCodes}. */
export function knownExitCode(code: number): ExitCode | undefined {
  return (Object.values(exitCodes) as number[]).includes(code) ? (code as ExitCode) : undefined;
}

/** A bad command line that commander itself did not catch (e.g. a bad `--at` date). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
