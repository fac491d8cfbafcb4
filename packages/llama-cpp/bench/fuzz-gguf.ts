// Fuzz harness of bad model files (README, "Testing"): writes every mutation of `gguf-mutations.ts`
// to a temporary folder, runs check + load + a four-token generation of each through the public
// path in child processes (`fuzz-gguf-child.ts`, a batch each, restarted after a death) and tallies
// what happened: passed, classified (with the failure's kind/code), unclassified (a JS error that
// is not a ProviderError), died (a signal or exit code: llama.cpp aborted the process) or hung.
// Bounded: at most `--cases` files, `--timeout-ms` per file, and it stops by itself.
//
//   node --conditions=@switchyard/source --import tsx bench/fuzz-gguf.ts [--seed 1] [--random 120]
//     [--cases 1000] [--only <substring>] [--every N] [--regression] [--json] [--list]
//
// `--regression`: the mutations that killed the process before the check knew them
// (`killedTheProcess`) and every 25th other one, 37 cases in a few seconds (`test/` runs it).
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ggufMutations, killedTheProcess } from './gguf-mutations.js';

/** What happened to one file. */
export interface FuzzResult {
  readonly id: string;
  readonly outcome: 'passed' | 'classified' | 'unclassified' | 'died' | 'hung';
  readonly code?: string;
  readonly detail?: string;
}

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    random: { type: 'string', default: '120' },
    cases: { type: 'string', default: '1000' },
    only: { type: 'string' },
    every: { type: 'string', default: '1' },
    'timeout-ms': { type: 'string', default: '30000' },
    batch: { type: 'string', default: '40' },
    workers: { type: 'string', default: '2' },
    json: { type: 'boolean', default: false },
    regression: { type: 'boolean', default: false },
    list: { type: 'boolean', default: false },
  },
});
const every = Number(values.every);
const mutations = ggufMutations({ seed: Number(values.seed), randomCases: Number(values.random) })
  .filter((mutation) => values.only === undefined || mutation.id.includes(values.only))
  .filter((_, index) => index % every === 0)
  .filter(
    (mutation, index) => !values.regression || killedTheProcess.includes(mutation.id) || index % 25 === 0,
  )
  .slice(0, Number(values.cases));
if (values.list) {
  for (const mutation of mutations) console.log(mutation.id);
  process.exit(0);
}
const timeoutMs = Number(values['timeout-ms']);
const dir = await mkdtemp(join(tmpdir(), 'switchyard-fuzz-gguf-'));
const child = join(import.meta.dirname, 'fuzz-gguf-child.ts');
const started = performance.now();
try {
  const paths = await Promise.all(
    mutations.map(async (mutation, index) => {
      const path = join(dir, `${String(index).padStart(4, '0')}.gguf`);
      await writeFile(path, mutation.bytes());
      return path;
    }),
  );
  const results: (FuzzResult | undefined)[] = new Array(mutations.length);
  const pending = mutations.map((_, index) => index);
  const batchSize = Number(values.batch);
  const worker = async () => {
    for (;;) {
      const batch = pending.splice(0, batchSize);
      if (batch.length === 0) return;
      while (batch.length > 0) {
        const done = await runBatch(batch.map((index) => paths[index] as string));
        for (const [position, result] of done.entries()) {
          const index = batch[position] as number;
          results[index] = { id: (mutations[index] as { id: string }).id, ...result };
        }
        batch.splice(0, done.length);
      }
    }
  };
  await Promise.all(Array.from({ length: Number(values.workers) }, worker));
  const tally: Record<string, number> = {};
  for (const result of results as FuzzResult[]) {
    const key = result.outcome === 'classified' ? `classified ${result.code}` : result.outcome;
    tally[key] = (tally[key] ?? 0) + 1;
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (values.json) console.log(JSON.stringify({ cases: results.length, seconds, tally, results }));
  else {
    for (const result of results as FuzzResult[])
      console.log(
        `${result.outcome.padEnd(12)} ${(result.code ?? '').padEnd(34)} ${result.id}  ${result.detail ?? ''}`,
      );
    console.log(`\n${results.length} cases in ${seconds} s`);
    for (const [key, count] of Object.entries(tally).sort())
      console.log(`${String(count).padStart(5)}  ${key}`);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}

/** Runs files in one child until they are done, it dies or a file hangs; returns the results it got (at least one). */
function runBatch(files: string[]): Promise<Omit<FuzzResult, 'id'>[]> {
  return new Promise((resolve) => {
    const results: Omit<FuzzResult, 'id'>[] = [];
    const process_ = spawn(
      process.execPath,
      ['--conditions=@switchyard/source', '--import', 'tsx', child, ...files],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } },
    );
    let buffered = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    let hung = false;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        hung = true;
        process_.kill('SIGKILL');
      }, timeoutMs);
    };
    arm();
    process_.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-6000);
    });
    process_.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.startsWith('{')) continue;
        const message = JSON.parse(line) as { start?: number } & Omit<FuzzResult, 'id'>;
        if (message.start !== undefined) {
          arm();
          stderr = '';
        } else results.push({ outcome: message.outcome, code: message.code, detail: message.detail });
      }
    });
    process_.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      if (results.length < files.length) {
        const last = process.env.FUZZ_STDERR
          ? stderr
          : stderr.trim().split('\n').slice(-3).join(' | ').slice(0, 400);
        results.push(
          hung
            ? { outcome: 'hung', detail: `no result within ${timeoutMs} ms` }
            : { outcome: 'died', code: signal ?? `exit ${exitCode}`, detail: last },
        );
      }
      resolve(results);
    });
  });
}
