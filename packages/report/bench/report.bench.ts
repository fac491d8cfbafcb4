/**
 * Report over 1,000,000 decision records (generated here into a temp file):
 * time and peak memory against the goal (<= 5 s, <= 200 MB), with the cost
 * of only reading + splitting lines, and of JSON.parse on every line, as
 * baselines measured in the same run. Each phase runs in its own process
 * (bundled with esbuild, under plain node).
 *
 *   pnpm --filter @switchyard/report bench [-- --records 1000000] [-- --full] [-- --workers 4]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { generateRecords } from './generate-records.js';

const args = process.argv.slice(2);
const countIndex = args.indexOf('--records');
const count = countIndex === -1 ? 1_000_000 : Number(args[countIndex + 1]);
const full = args.includes('--full');
const workersIndex = args.indexOf('--workers');
/** Threads of the `report` phase (default: buildReport's own choice). */
const workers = workersIndex === -1 ? undefined : args[workersIndex + 1];
const goal = { ms: 5_000, mb: 200 };

const folder = mkdtempSync(join(tmpdir(), 'switchyard-report-bench-'));
const path = join(folder, 'records.jsonl');
try {
  const generateStart = process.hrtime.bigint();
  await generateRecords({ path, count });
  const generateMs = Number(process.hrtime.bigint() - generateStart) / 1e6;
  const sizeMb = statSync(path).size / 2 ** 20;
  console.log(
    `generated ${count.toLocaleString('en-US')} records (${sizeMb.toFixed(0)} MiB) in ${(generateMs / 1000).toFixed(1)} s: ${path}`,
  );
  // Each phase runs as one bundled ES module under plain node, as the built package would: no
  // TypeScript loader in the process (tsx alone adds ~70 MB of RSS). The bundle sits under this
  // package's node_modules so that Chart.js resolves from it.
  const outdir = fileURLToPath(new URL('../node_modules/.cache/switchyard-bench/', import.meta.url));
  const phaseScript = join(outdir, 'report-phase.js');
  await build({
    // The worker thread's entry is bundled beside the phase script, where build-report looks for it.
    entryPoints: {
      'report-phase': fileURLToPath(new URL('./report-phase.ts', import.meta.url)),
      'aggregate-worker': fileURLToPath(new URL('../src/aggregate/aggregate-worker.ts', import.meta.url)),
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
  const run = (phase: string) => {
    const output = execFileSync(process.execPath, [phaseScript, phase, path, ...(workers ? [workers] : [])], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    return JSON.parse(output.trim().split('\n').pop() as string) as {
      phase: string;
      ms: number;
      records: number;
      maxRssMb: number;
      sampledPeakMb: number;
      startRssMb: number;
    };
  };
  const phases = ['split', 'parse', 'report', 'report-1-thread', ...(full ? ['report-full'] : [])].map(run);
  const split = phases[0] as (typeof phases)[number];
  console.log(
    '\nphase             time      per record   x split   peak RSS (maxRSS)   RSS at start   records',
  );
  for (const phase of phases) {
    console.log(
      `${phase.phase.padEnd(15)} ${(phase.ms / 1000).toFixed(2).padStart(6)} s ${((phase.ms * 1000) / count).toFixed(2).padStart(8)} µs ${(phase.ms / split.ms).toFixed(2).padStart(8)}x ${phase.maxRssMb.toFixed(0).padStart(10)} MiB ${phase.startRssMb.toFixed(0).padStart(14)} MiB ${phase.records.toLocaleString('en-US').padStart(10)}`,
    );
  }
  const report = phases[2] as (typeof phases)[number];
  const timeOk = report.ms <= goal.ms;
  const memoryOk = report.maxRssMb <= goal.mb;
  console.log(
    `\nreport over ${count.toLocaleString('en-US')} records: ${(report.ms / 1000).toFixed(2)} s (goal <= ${goal.ms / 1000} s: ${timeOk ? 'met' : 'NOT met'}), peak ${report.maxRssMb.toFixed(0)} MiB (goal <= ${goal.mb} MB: ${memoryOk ? 'met' : 'NOT met'})`,
  );
} finally {
  rmSync(folder, { recursive: true, force: true });
}
