import { runCli } from '@switchyard/cli';

const config = new URL('../../config/switchyard.yaml', import.meta.url).pathname;
const tests = new URL('../../config/switchyard.policy-tests.yaml', import.meta.url).pathname;
const proposed = new URL('../../config/switchyard.next.yaml', import.meta.url).pathname;

/** One step of the review: the command, its exit code and what it printed. */
export interface ReviewStep {
  readonly command: string;
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function step(argv: string[]): Promise<ReviewStep> {
  let stdout = '';
  let stderr = '';
  const code = await runCli({
    argv,
    output: {
      stdout: (text) => {
        stdout += text;
      },
      stderr: (text) => {
        stderr += text;
      },
      interactive: false,
    },
  });
  return { command: `switchyard ${argv.join(' ')}`, code, stdout, stderr };
}

/**
 * Reviews a policy change to `examples/config/switchyard.yaml` as CI does:
 * the current config must pass `validate --strict --coverage`, its policy
 * tests (and the shipped packs' own) must hold, the proposed config must
 * pass `validate --strict` too, and `diff-policy` lists what the change
 * allows or denies, to whom, from when and by which rule.
 */
export async function reviewPolicyChange(): Promise<ReviewStep[]> {
  return [
    await step(['validate', '--config', config, '--strict', '--coverage']),
    await step(['test-policy', tests, '--packs']),
    await step(['validate', '--config', proposed, '--strict']),
    await step(['diff-policy', config, proposed]),
  ];
}
