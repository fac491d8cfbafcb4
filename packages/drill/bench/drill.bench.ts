/**
 * Drill speed and memory, as users run drills: each measurement is a plain
 * `node` process on the built package (`bench/run-drill-child.mjs`), timed
 * from process start, with the start-up of such a process (node + loading
 * `@switchyard/drill`) as the baseline measured in the same run.
 *
 * 1. `examples/drills/export-control-day.yaml` (1,200 requests over 5 simulated
 *    minutes, virtual time): a warm-up run (its time printed), then three runs; wall time against
 *    the goal (<= 5 s on 2 cores) and whether the three runs wrote the same bytes; then once without Node's compile
 *    cache (which the CLI and these runs enable), as a first run after an install pays.
 * 2. The same scenario with 100,000 requests (333/s over its 5 simulated minutes),
 *    records streamed to disk and the report written: wall time and peak RSS
 *    against the goals (<= 60 s, <= 300 MB), with V8's defaults and with the heap flags and
 *    environment `switchyard drill` gives a drill that long (`longDrillHeapFlags`, and
 *    `MALLOC_ARENA_MAX=2` on Linux: `longDrillEnvironmentFor`). The scenario's local open
 *    weights (`local-llama`) run real llama.cpp inference (the tiny seeded model that
 *    `pnpm demo` writes, and this bench writes first if it is missing).
 *
 * Run: pnpm --filter @switchyard/drill bench   (TOTAL=20000 for a quicker second part)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { longDrillEnvironmentFor, longDrillHeapFlags } from '../src/run/long-drill-node-flags.js';

const child = fileURLToPath(new URL('./run-drill-child.mjs', import.meta.url));
const scenario = fileURLToPath(new URL('../../../examples/drills/export-control-day.yaml', import.meta.url));
const total = Number(process.env.TOTAL ?? 100_000);
// The scenario's local open weights: the tiny seeded GGUF model `pnpm demo` writes (written once, kept).
execFileSync(process.execPath, [fileURLToPath(new URL('../../../scripts/tiny-model.mjs', import.meta.url))], {
  stdio: 'ignore',
});

interface Measured {
  wallMs: number;
  cpuMs: number;
  maxRssMb: number;
  sent?: number;
  passed?: boolean;
  outputHash?: string;
}

function run(args: string[], nodeFlags: string[] = [], env: Readonly<Record<string, string>> = {}): Measured {
  const output = execFileSync(process.execPath, [...nodeFlags, child, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
    env: { ...process.env, ...env },
  });
  return JSON.parse(output.trim().split('\n').at(-1) as string) as Measured;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const folder = mkdtempSync(join(tmpdir(), 'switchyard-drill-bench-'));
try {
  console.log(
    `Drill bench (Node ${process.version}, ${process.platform}/${process.arch}, ${availableParallelism()} cores)\n`,
  );
  const startup = Math.min(...[0, 1, 2].map(() => run(['--startup']).wallMs));
  console.log(`baseline: node start-up + loading @switchyard/drill: ${seconds(startup)}`);

  // One run first, not timed against the goal: it fills Node's compile cache with the modules only a drill
  // loads (the runner, the simulators, llama.cpp's bindings) and the page cache with the model and the
  // native library, as any earlier drill on the machine did. The first run after an install is the
  // `--cold` line below.
  const warmUp = run([scenario, join(folder, 'day')]);
  console.log(`export-control-day warm-up run (not timed against the goal): ${seconds(warmUp.wallMs)} wall`);
  const days = [0, 1, 2].map(() => run([scenario, join(folder, 'day')]));
  const walls = days.map((day) => day.wallMs);
  const same = new Set(days.map((day) => day.outputHash)).size === 1;
  const slowest = Math.max(...walls);
  console.log(
    `export-control-day (1,200 requests, 5 simulated minutes): ${walls.map(seconds).join(', ')} wall, ${seconds(Math.min(...days.map((day) => day.cpuMs)))} CPU; ${(Math.min(...walls) / startup).toFixed(1)}x the start-up baseline; peak RSS ${Math.max(...days.map((day) => day.maxRssMb)).toFixed(0)} MB; ${same ? 'same bytes on all three runs' : 'OUTPUT DIFFERS between runs'}${warmUp.outputHash === days[0]?.outputHash ? '' : ' (the warm-up run wrote OTHER BYTES)'}; goal <= 5 s: ${slowest <= 5_000 ? 'met' : 'MISSED'}`,
  );

  const cold = run([scenario, join(folder, 'day'), '--cold']);
  console.log(
    `export-control-day without Node's compile cache (every module compiled, as on a first run): ${seconds(cold.wallMs)} wall, ${seconds(cold.cpuMs)} CPU; ${cold.outputHash === days[0]?.outputHash ? 'same bytes' : 'OUTPUT DIFFERS'}`,
  );

  // The rate spreads the requests over the scenario's 5 minutes, so every event of its timeline plays.
  // Run twice: with V8's default heap policy, and with the heap flags and environment `switchyard
  // drill` runs a long drill with (the live heap stays ~65 MB; by default V8 grows the young
  // generation to ~130 MB and lets garbage grow the old one to four times the live heap and more).
  const longDrill = {
    flags: [...longDrillHeapFlags],
    env: longDrillEnvironmentFor({ env: process.env, platform: process.platform }),
  };
  for (const { flags, env } of [{ flags: [], env: {} }, longDrill]) {
    const big = run([scenario, join(folder, 'big'), String(total), String(total / 300)], flags, env);
    const scaledWall = big.wallMs * (100_000 / total);
    const settings = [...flags, ...Object.entries(env).map(([name, value]) => `${name}=${value}`)];
    console.log(
      `${total.toLocaleString('en-US')}-request drill${settings.length ? ` (${settings.join(' ')})` : ''}: ${seconds(big.wallMs)} wall, ${seconds(big.cpuMs)} CPU (${(big.wallMs / startup).toFixed(0)}x the start-up baseline, ${((big.cpuMs - startup) / total).toFixed(2)} ms CPU/request), peak RSS ${big.maxRssMb.toFixed(0)} MB; ${big.sent} sent, ${big.passed ? 'passed' : 'FAILED'}; goals <= 60 s for 100,000: ${scaledWall <= 60_000 ? 'met' : 'MISSED'}, <= 300 MB: ${big.maxRssMb <= 300 ? 'met' : 'MISSED'}`,
    );
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
}
