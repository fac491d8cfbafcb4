// Differential bench of the bad-model-file rules against llama.cpp on real-shaped models: for each
// published model of `src/test-fixtures/real-model-shapes.ts`, writes a GGUF of its exact shape
// whose data is a hole (a sparse file: no disk, zeros), then, in a child process, checks it with
// `checkGgufFile` and loads it with llama.cpp, and prints both verdicts. A model llama.cpp loads
// but the rules refuse is a false reject. Bounded: one child per model, killed after 120 s; the
// temporary folder is removed. With `--check-only`, only `checkGgufFile` runs, in this process
// (two sequences of 1,024 tokens), in seconds: what the repository's `test/real-model-shapes.test.ts` runs.
//
//   node --conditions=@switchyard/source --import tsx bench/real-shaped-gguf.ts [--only <id substring>] [--check-only] [--json]
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkGgufFile } from '../src/check-gguf-file.js';
import { loadLlama } from '../src/load-llama.js';
import { realModelShapes } from '../src/test-fixtures/real-model-shapes.js';
import { writeRealShapedGguf } from '../src/test-fixtures/real-shaped-gguf.js';

const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const child = fileURLToPath(new URL('./real-shaped-gguf-child.ts', import.meta.url));
const timeoutMs = 120_000;
const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(2)} GiB`;

async function checkOnly(path: string): Promise<Record<string, unknown>> {
  const started = performance.now();
  try {
    const llama = await loadLlama();
    const check = await checkGgufFile({
      path,
      llama,
      contextSize: 1024,
      sequences: 2,
      maxMemoryBytes: 2 ** 50,
    });
    const { weightsBytes, estimatedMemoryBytes, architecture, trainedContextLength } = check;
    return {
      js: 'accepted',
      weightsBytes,
      estimatedMemoryBytes,
      architecture,
      trainedContextLength,
      jsMs: Math.round(performance.now() - started),
    };
  } catch (error) {
    return {
      js: `refused: ${error instanceof Error ? error.message : String(error)}`,
      jsMs: Math.round(performance.now() - started),
    };
  }
}

function run(path: string): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const process_ = spawn(
      process.execPath,
      ['--conditions=@switchyard/source', '--import', 'tsx', child, path],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, NODE_OPTIONS: '' },
      },
    );
    let stdout = '';
    let stderr = '';
    process_.stdout.on('data', (chunk) => (stdout += chunk));
    process_.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => process_.kill('SIGKILL'), timeoutMs);
    process_.on('exit', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(line));
      } catch {
        resolve({ died: signal ?? code, stderr: stderr.slice(-400) });
      }
    });
  });
}

const dir = await mkdtemp(join(tmpdir(), 'switchyard-real-shaped-'));
const rows: Record<string, unknown>[] = [];
try {
  for (const shape of realModelShapes) {
    if (only !== undefined && !shape.id.includes(only)) continue;
    const path = join(dir, `${shape.id.replace(/[^\w.-]+/g, '_')}.gguf`);
    const started = performance.now();
    const { fileBytes, weightsBytes } = await writeRealShapedGguf(path, shape);
    const writeMs = Math.round(performance.now() - started);
    const result = args.includes('--check-only') ? await checkOnly(path) : await run(path);
    await rm(path, { force: true });
    const row = {
      model: shape.id,
      weights: shape.weights,
      fileBytes,
      dataBytes: weightsBytes,
      file: gib(fileBytes),
      writeMs,
      ...result,
    };
    rows.push(row);
    if (!args.includes('--json'))
      console.log(
        `${shape.id} (${shape.architecture}, ${shape.weights}, ${gib(fileBytes)}): JS ${String(result.js)} [${result.jsMs} ms]${result.estimatedMemoryBytes === undefined ? '' : ` (weights ${gib(Number(result.weightsBytes))}, estimate ${gib(Number(result.estimatedMemoryBytes))})`}${args.includes('--check-only') ? '' : `; llama.cpp ${String(result.llamaCpp ?? `died ${String(result.died)}`)}${result.chatWrapper === undefined ? '' : ` (chat wrapper ${String(result.chatWrapper)})`} [${result.llamaCppMs} ms]`}`,
      );
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
if (args.includes('--json')) console.log(JSON.stringify(rows, null, 2));
else {
  const falseRejects = rows.filter(
    (row) => String(row.llamaCpp).startsWith('loaded') && row.js !== 'accepted',
  );
  const refused = rows.filter((row) => row.js !== 'accepted').length;
  console.log(
    args.includes('--check-only')
      ? `${rows.length} models; refused by the checks: ${refused}`
      : `${rows.length} models; refused by the checks: ${refused}; false rejects (llama.cpp loads them): ${falseRejects.length}`,
  );
}
process.exit(0);
