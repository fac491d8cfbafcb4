import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/**
 * Bad model files (issue 17): a bounded, seeded sample of the llama-cpp package's fuzz harness
 * (`packages/llama-cpp/bench/fuzz-gguf.ts --regression`): every mutated GGUF that killed the
 * process before the check knew it, and every 25th of the others, each checked, loaded and run
 * through `createLlamaCpp` in a child process. None may kill the process, hang, or fail with
 * anything but a classified error. Here, not in the package's own tests: child processes cost
 * seconds the package's 5 s goal does not have.
 */

const run = promisify(execFile);
const harness = join(import.meta.dirname, '..', 'packages', 'llama-cpp', 'bench', 'fuzz-gguf.ts');

interface Result {
  readonly id: string;
  readonly outcome: 'passed' | 'classified' | 'unclassified' | 'died' | 'hung';
  readonly code?: string;
}

describe('bad model files', () => {
  it('never kill the process, hang or fail unclassified (a seeded sample of the fuzz harness)', async () => {
    const { stdout } = await run(
      process.execPath,
      [
        '--conditions=@switchyard/source',
        '--import',
        'tsx',
        harness,
        '--regression',
        '--json',
        '--timeout-ms',
        '20000',
      ],
      { env: { ...process.env, NODE_OPTIONS: '' }, timeout: 90_000, maxBuffer: 16 * 1024 * 1024 },
    );
    const { results } = JSON.parse(stdout) as { results: Result[] };
    expect(results.length).toBe(37);
    const bad = results.filter(
      (result) =>
        result.outcome === 'died' ||
        result.outcome === 'hung' ||
        result.outcome === 'unclassified' ||
        (result.outcome === 'classified' && !/^cutoff\/model_|^context_length\//.test(result.code ?? '')),
    );
    expect(bad).toEqual([]);
    // The files that killed the process are now refused before llama.cpp sees them.
    const killers = results.filter((result) =>
      /^(llama\.block_count=0|general\.alignment=1|first key length 2\^3[24])$/.test(result.id),
    );
    expect(killers.map((result) => [result.id, result.code])).toEqual([
      ['llama.block_count=0', 'cutoff/model_metadata_invalid'],
      ['general.alignment=1', 'cutoff/model_tensors_invalid'],
      ['first key length 2^32', 'cutoff/model_file_truncated'],
      ['first key length 2^34', 'cutoff/model_file_truncated'],
    ]);
  }, 120_000);
});
