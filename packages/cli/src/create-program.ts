import type { Command } from 'commander';
import { baseProgram, finishProgram } from './base-program.js';
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
import { type Output, processOutput } from './output.js';

/**
 * Builds the `switchyard` program. Each command lives in its own file under
 * `commands/` and is registered here with one line (and in
 * `commandLoaders`, which `runCli` uses to load only the command it runs).
 */
export function createProgram(output: Output = processOutput): Command {
  const program = baseProgram(output);
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
  return finishProgram(program, output);
}
