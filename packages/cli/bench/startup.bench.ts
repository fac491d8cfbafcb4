/**
 * Start-up benchmark of `switchyard drill`: the bundle the package ships (`dist/bundle/switchyard.js`)
 * against the unbundled command it is built from (tsc's `dist/bin.js`), in one run, alternating which
 * goes first each round so drift hits both alike.
 *
 * The drill is the README's export-control day cut to 4 requests (same targets, SDKs and in-process
 * llama.cpp model), so what is left is the start-up: loading the modules, building the models, writing
 * the report. Per variant it prints the medians of the whole process's wall time, the main process's
 * CPU time (user + system, read at exit; llama.cpp's binary check runs in a child process, not counted)
 * and the wall time outside the run itself (wall minus the drill's own "Ran in"), and the bundle's
 * figures as ratios of the unbundled ones. Each command runs once before the rounds (compile cache warm).
 *
 * Run: `pnpm --filter @switchyard/cli bench` (after `pnpm build`). `BENCH_ROUNDS` (default 8) sets the rounds.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { demoTinyGgufOptions, writeTinyGguf } from '@switchyard/llama-cpp/testing';

const rounds = Number(process.env.BENCH_ROUNDS ?? 8);
const packageRoot = new URL('../', import.meta.url).pathname;
const repo = new URL('../../../', import.meta.url).pathname;
const variants = {
  unbundled: join(packageRoot, 'dist/bin.js'),
  bundle: join(packageRoot, 'dist/bundle/switchyard.js'),
} as const;
type Variant = keyof typeof variants;

const work = await mkdtemp(join(tmpdir(), 'switchyard-startup-bench-'));
// Prints the process's CPU time (µs) to stderr at exit.
const cpuProbe = join(work, 'cpu-probe.mjs');
await writeFile(
  cpuProbe,
  [
    "import { writeSync } from 'node:fs';",
    "process.on('exit', () => { const { user, system } = process.cpuUsage(); writeSync(2, '\\ncpu-us ' + (user + system) + '\\n'); });",
    '',
  ].join('\n'),
);
const scenario = join(work, 'startup.yaml');
const text = await readFile(join(repo, 'examples/drills/export-control-day.yaml'), 'utf8');
if (!/^ {2}total: 1200$/m.test(text) || !text.includes('../../.switchyard/models/switchyard-tiny.gguf')) {
  throw new Error('examples/drills/export-control-day.yaml changed: update this bench');
}
await writeTinyGguf({ path: join(work, 'tiny.gguf'), ...demoTinyGgufOptions });
await writeFile(
  scenario,
  text
    .replace(/^ {2}total: 1200$/m, '  total: 4')
    .replace('../../.switchyard/models/switchyard-tiny.gguf', 'tiny.gguf'),
);

interface Sample {
  wallMs: number;
  cpuMs: number;
  outsideRunMs: number;
}

async function runOnce(variant: Variant): Promise<Sample> {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: `--import ${cpuProbe}` };
  delete env.NODE_PATH;
  const started = performance.now();
  // The 4-request drill fails its assertions (exit 1): its figures are what is measured.
  const { stderr } = await promisify(execFile)(
    process.execPath,
    [variants[variant], 'drill', scenario, '--out', join(work, variant), '--no-report'],
    { env, cwd: repo },
  ).catch((error: { stderr: string; code: number }) => {
    if (error.code !== 1) throw error;
    return error;
  });
  const wallMs = performance.now() - started;
  const cpu = /cpu-us (\d+)/.exec(stderr);
  const ran = /Ran in ([\d.]+) s/.exec(stderr);
  if (cpu?.[1] === undefined || ran?.[1] === undefined)
    throw new Error(`${variant}: unexpected output\n${stderr}`);
  return { wallMs, cpuMs: Number(cpu[1]) / 1000, outsideRunMs: wallMs - Number(ran[1]) * 1000 };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const samples: Record<Variant, Sample[]> = { unbundled: [], bundle: [] };
try {
  for (const variant of Object.keys(variants) as Variant[]) await runOnce(variant);
  for (let round = 0; round < rounds; round++) {
    const order: Variant[] = round % 2 === 0 ? ['unbundled', 'bundle'] : ['bundle', 'unbundled'];
    for (const variant of order) samples[variant].push(await runOnce(variant));
  }
} finally {
  await rm(work, { recursive: true, force: true });
}

const row = (label: string, figure: (sample: Sample) => number) => {
  const base = median(samples.unbundled.map(figure));
  const bundled = median(samples.bundle.map(figure));
  return `${label.padEnd(22)} ${base.toFixed(0).padStart(9)} ${bundled.toFixed(0).padStart(9)} ${(bundled / base).toFixed(2).padStart(7)}`;
};
console.log(
  `switchyard drill start-up, ${rounds} rounds (medians, ms); load average now ${loadavg()[0]!.toFixed(2)}`,
);
console.log(`${''.padEnd(22)} ${'unbundled'.padStart(9)} ${'bundle'.padStart(9)} ${'ratio'.padStart(7)}`);
console.log(row('wall', (sample) => sample.wallMs));
console.log(row('main process CPU', (sample) => sample.cpuMs));
console.log(row('wall outside the run', (sample) => sample.outsideRunMs));
