import type { Output } from '../output.js';
import { runCli } from '../program.js';

/** Runs the CLI in-process and captures its exit code and output (for tests). */
export async function runInProcess(
  ...argv: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const output: Output = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    interactive: false,
  };
  const code = await runCli({ argv, output });
  return { code, stdout, stderr };
}
