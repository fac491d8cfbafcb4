import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoTinyGgufOptions, writeTinyGguf } from '@switchyard/llama-cpp/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/parse-scenario.js';
import { runDrill } from './run-drill.js';

const drillsDir = new URL('../../../../examples/drills/', import.meta.url).pathname;
// hosted-blackout's last resort is the in-process tiny model (real inference), as `pnpm demo` writes it.
const tinyModel = new URL('../../../../.switchyard/models/switchyard-tiny.gguf', import.meta.url).pathname;

beforeAll(async () => {
  await writeTinyGguf({ path: tinyModel, ...demoTinyGgufOptions });
});

/** Every file a drill wrote (records, baseline records, events, summaries, reports), by relative path. */
async function filesOf(dir: string): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    result[path.slice(dir.length + 1)] = await readFile(path, 'utf8');
  }
  return result;
}

/** One busy loop per core, each bounded to 60 s and killed when the test is done. */
function busyCores(): ChildProcess[] {
  return Array.from({ length: availableParallelism() }, () =>
    spawn(process.execPath, ['-e', 'const end = Date.now() + 60_000; while (Date.now() < end) {}'], {
      stdio: 'ignore',
    }),
  );
}

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('runDrill (simulated mode)', () => {
  // provider-outage: connection resets, retries, a latency spike; hosted-blackout: every hosted
  // target cut off, then the in-process model (real inference on the CPU) serves everything.
  it.each(['provider-outage.yaml', 'hosted-blackout.yaml'])(
    '%s: writes byte-identical records, summaries, events and reports for the same scenario and seed, even with every core busy',
    async (name) => {
      const file = join(drillsDir, name);
      const scenario = parseScenario({ text: await readFile(file, 'utf8'), file });
      const runs: Record<string, string>[] = [];
      const parent = await mkdtemp(join(tmpdir(), 'drill-reproducible-'));
      dirs.push(parent);
      for (const busy of [false, true, false]) {
        const out = join(parent, 'run');
        await rm(out, { recursive: true, force: true });
        const load = busy ? busyCores() : [];
        try {
          const result = await runDrill({ scenario, out, seed: 3, baseline: true, baseDir: drillsDir });
          expect(result.passed).toBe(true);
        } finally {
          for (const child of load) child.kill('SIGKILL');
        }
        runs.push(await filesOf(out));
      }
      const [first, loaded, last] = runs;
      expect(Object.keys(first ?? {}).sort()).toEqual([
        'baseline/records.basis.jsonl',
        'baseline/records.jsonl',
        'events.json',
        'records.basis.jsonl',
        'records.jsonl',
        'report.html',
        'report.json',
        'report.md',
        'summary.json',
        'summary.txt',
      ]);
      for (const [path, text] of Object.entries(first ?? {})) {
        expect(loaded?.[path], `${path} with every core busy`).toBe(text);
        expect(last?.[path], `${path} on the third run`).toBe(text);
      }
      // Nothing machine-dependent in them: no wall-clock instant, no random UUID.
      const records = first?.['records.jsonl'] ?? '';
      expect(records).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-/);
      expect(records).not.toContain(`"time":"${new Date().toISOString().slice(0, 10)}`);
    },
    240_000,
  );
});
