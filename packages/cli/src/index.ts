export { createProgram } from './create-program.js';
export { type ExitCode, exitCodeFor, exitCodes, UsageError } from './exit-codes.js';
export type { Output } from './output.js';
export { describeError, runCli, version } from './program.js';
