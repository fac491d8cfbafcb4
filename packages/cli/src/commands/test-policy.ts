import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  compileConfigPolicy,
  errorCodes,
  formatPolicyTestResults,
  locatedError,
  policyPackTests,
  policyTestProblems,
  readPolicyTests,
  runPolicyTests,
  type SwitchyardConfig,
  SwitchyardError,
} from '@switchyard/core';
import type { Command } from 'commander';
import { UsageError } from '../exit-codes.js';
import type { Output } from '../output.js';
import { readConfigFile } from '../read-config-file.js';
import { readTextFile } from '../read-text-file.js';

interface TestPolicyOptions {
  config?: string;
  packs: boolean;
}

/**
 * Runs one policy test file: reads it, loads its config (inline, `--config`,
 * or the `config:` path relative to the file), checks every case's
 * references, runs the cases and prints the results.
 *
 * @returns how many cases ran and how many failed.
 * @throws {ConfigError} when the file, its config or a case is invalid.
 */
export async function runPolicyTestFile(options: {
  file: string;
  config?: string;
  output: Output;
}): Promise<{ cases: number; failed: number }> {
  const { file } = options;
  const tests = readPolicyTests({ text: await readTextFile({ file, what: 'policy tests' }), file });
  let config: SwitchyardConfig;
  if (options.config !== undefined) config = await readConfigFile(options.config);
  else if (tests.config) config = tests.config;
  else if (tests.configPath !== undefined)
    config = await readConfigFile(resolve(dirname(file), tests.configPath));
  else throw new UsageError(`${file} names no config: add "config: <path>" to it, or pass --config`);
  const policy = compileConfigPolicy({ config });
  const invalid = locatedError({
    document: tests.document,
    problems: policyTestProblems({ cases: tests.cases, config, policy }),
  });
  if (invalid) throw invalid;
  const results = runPolicyTests({ cases: tests.cases, config, policy });
  options.output.stdout(`${file}\n${formatPolicyTestResults({ results, document: tests.document })}\n`);
  return { cases: results.length, failed: results.filter((result) => !result.passed).length };
}

/**
 * Registers `switchyard test-policy`: runs policy test cases (context +
 * instant -> expected allowed/denied targets and deciding rules) from YAML
 * files beside the config, or the shipped packs' own tests, printing a diff
 * for each mismatch.
 *
 * @example
 * ```sh
 * switchyard test-policy examples/config/switchyard.policy-tests.yaml
 * switchyard test-policy --packs
 * ```
 */
export function registerTestPolicyCommand(program: Command, output: Output): Command {
  return program
    .command('test-policy')
    .description(
      'Run policy tests: for each case (context + instant), the targets that must be allowed or denied, and by which rules',
    )
    .argument('[tests...]', 'policy test files (YAML or JSON)')
    .option('-c, --config <file>', "config to test (default: the file's own `config`)")
    .option('--packs', "also run the shipped policy packs' own tests", false)
    .addHelpText(
      'after',
      `
A tests file names its config (\`config: switchyard.yaml\`, relative to the file, or the
config inline) and lists cases:

  cases:
    - name: CN callers lose the frontier model when the export control starts
      route: chat
      context: { jurisdiction: CN, dataClass: internal }
      at: 2026-06-25T00:00:00Z
      expect:
        allowed: [eu-mistral, local-llama]
        denied: { openai-gpt: [us-export-2026/frontier-models, us-export-2026/frontier-tagged] }

Exit codes: 0 every case holds; 1 a case failed (a diff is printed); 2 bad usage;
3 invalid or unreadable tests file or config.`,
    )
    .action(async (files: string[], options: TestPolicyOptions) => {
      const all = [
        ...files.map((file) => ({ file, config: options.config })),
        ...(options.packs
          ? Object.values(policyPackTests).map((url) => ({ file: fileURLToPath(url), config: undefined }))
          : []),
      ];
      if (all.length === 0)
        throw new UsageError("give a policy tests file, or --packs for the shipped packs' tests");
      let cases = 0;
      let failed = 0;
      for (const entry of all) {
        const result = await runPolicyTestFile({ ...entry, output });
        cases += result.cases;
        failed += result.failed;
      }
      if (failed > 0) {
        throw new SwitchyardError({
          code: errorCodes.POLICY_TEST_FAILED,
          message: `${failed} of ${cases} policy test cases failed`,
        });
      }
    });
}
