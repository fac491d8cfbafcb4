// One drill in a plain node process, on the built package (as users run it): prints one JSON line
// with the wall time, the peak RSS and a hash of every file the drill wrote. The peak RSS is read
// when the drill has returned, before the hashing, and the files are hashed as streams: reading a
// 100,000-request records.jsonl (146 MB) whole here added its size to the figure.
//   node bench/run-drill-child.mjs <scenario.yaml> <out dir> [total] [rate] [--cold]
//   node bench/run-drill-child.mjs --startup        (baseline: start node and load the package)
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import module from 'node:module';
import { dirname, join } from 'node:path';

const started = performance.now();
// As `switchyard` does (packages/cli/src/bin.ts): Node's on-disk cache of compiled modules. The first
// run after a change fills it; `--cold` leaves it off (every module compiled, as before any run).
if (!process.argv.includes('--cold')) module.enableCompileCache?.();
const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};
const mainThreadCpuMs = () => {
  const usage = process.threadCpuUsage();
  return (usage.user + usage.system) / 1000;
};
const drill = await import('../dist/index.js');
if (process.argv[2] === '--startup') {
  console.log(
    JSON.stringify({
      wallMs: performance.now() - started,
      cpuMs: cpuMs(),
      maxRssMb: process.resourceUsage().maxRSS / 1024,
    }),
  );
  process.exit(0);
}
const [file, out, total, rate] = process.argv.slice(2).filter((arg) => arg !== '--cold');
const scenario = drill.parseScenario({ text: await readFile(file, 'utf8'), file });
const workload = {
  ...scenario.workload,
  ...(total ? { total: Number(total) } : {}),
  ...(rate ? { rate: Number(rate) } : {}),
};
// Relative paths in the scenario (a llama-cpp target's model file) resolve against its folder, as
// `switchyard drill` does.
const result = await drill.runDrill({
  scenario: { ...scenario, workload, duration: undefined },
  out,
  baseDir: dirname(file),
});
const maxRssMb = process.resourceUsage().maxRSS / 1024;
const hash = createHash('sha256');
for (const name of (await readdir(out, { recursive: true })).sort()) {
  if (!/\.(jsonl|json|txt|md|html)$/.test(name)) continue;
  hash.update(name);
  for await (const chunk of createReadStream(join(out, name))) hash.update(chunk);
}
console.log(
  JSON.stringify({
    wallMs: performance.now() - started,
    cpuMs: cpuMs(),
    // The main thread's share: what the drill's own JavaScript costs, without llama.cpp's native threads.
    mainThreadCpuMs: mainThreadCpuMs(),
    maxRssMb,
    sent: result.counts.sent,
    passed: result.passed,
    outputHash: hash.digest('hex').slice(0, 16),
  }),
);
