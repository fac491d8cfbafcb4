export { type ExitCode, exitCodeFor, exitCodes, UsageError } from './exit-codes.js';
export type { Output } from './output.js';
export { createProgram, describeError, runCli, version } from './program.js';
