import type { Command } from 'commander';
import type { Output } from './output.js';
import type { CliInvocation } from './relaunch-with-node-flags.js';

/**
 * Registers one command on the program; `invocation` (the `switchyard` bin's file and arguments)
 * lets a command run again in a child process (absent: it runs in this one).
 */
export type RegisterCommand = (program: Command, output: Output, invocation?: CliInvocation) => Command;

/**
 * Each command's module, by command name, imported only when that command
 * runs: `switchyard drill` does not load Redis clients, evidence signing or
 * table rendering it never uses (every module costs start-up time).
 * `createProgram` registers the same commands.
 */
export const commandLoaders: ReadonlyMap<string, () => Promise<RegisterCommand>> = new Map<
  string,
  () => Promise<RegisterCommand>
>([
  ['explain', async () => (await import('./commands/explain.js')).registerExplainCommand],
  ['validate', async () => (await import('./commands/validate.js')).registerValidateCommand],
  ['test-policy', async () => (await import('./commands/test-policy.js')).registerTestPolicyCommand],
  ['diff-policy', async () => (await import('./commands/diff-policy.js')).registerDiffPolicyCommand],
  ['simulate', async () => (await import('./commands/simulate.js')).registerSimulateCommand],
  ['report', async () => (await import('./commands/report.js')).registerReportCommand],
  ['drill', async () => (await import('./commands/drill.js')).registerDrillCommand],
  ['replay', async () => (await import('./commands/replay.js')).registerReplayCommand],
  ['verify', async () => (await import('./commands/verify.js')).registerVerifyCommand],
  ['keygen', async () => (await import('./commands/keygen.js')).registerKeygenCommand],
  ['health', async () => (await import('./commands/health.js')).registerHealthCommand],
  ['budgets', async () => (await import('./commands/budgets.js')).registerBudgetsCommand],
]);
