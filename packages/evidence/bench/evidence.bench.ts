/**
 * Evidence bench: self-check, what-if and verify over a records log of real
 * router records v2, chained and checkpointed (1,000,000 by default), against
 * the targets, with baselines measured in the same run on the same
 * file (splitting lines, JSON.parse of every line, SHA-256 of its bytes).
 * The run is bundled with esbuild and started under plain node, as the built
 * package runs: no TypeScript loader in the process or in its worker threads.
 *
 *   pnpm --filter @switchyard/evidence bench [-- --records 1000000] [-- --unique 20000]
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const outdir = fileURLToPath(new URL('../node_modules/.cache/switchyard-bench/', import.meta.url));
await build({
  // The worker thread's entry sits beside the run, where replay-records looks for it.
  entryPoints: {
    'evidence-run': fileURLToPath(new URL('./evidence-run.ts', import.meta.url)),
    'replay-worker': fileURLToPath(new URL('../src/replay/replay-worker.ts', import.meta.url)),
  },
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  conditions: ['@switchyard/source'],
  banner: {
    js: "import { createRequire as createBenchRequire } from 'node:module'; const require = createBenchRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
execFileSync(process.execPath, [join(outdir, 'evidence-run.js'), ...process.argv.slice(2)], {
  stdio: 'inherit',
});
