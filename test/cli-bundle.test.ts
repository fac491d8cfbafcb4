import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { SourceMap } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { demoTinyGgufOptions, writeTinyGguf } from '@switchyard/llama-cpp/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The `switchyard` command as it ships: the bundle the CLI's build writes (run by its package.json
// `bin`), run in a child process like a user's shell runs it, against the unbundled build (tsc's dist/bin.js).
const repo = new URL('../', import.meta.url).pathname;
const cliPackage = join(repo, 'packages/cli');
const manifest = JSON.parse(await readFile(join(cliPackage, 'package.json'), 'utf8')) as {
  bin: { switchyard: string };
  dependencies: Record<string, string>;
};
const bin = join(cliPackage, manifest.bin.switchyard);
const bundle = join(cliPackage, 'dist/bundle/switchyard.js');
const unbundled = join(cliPackage, 'dist/bin.js');
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'switchyard-cli-bundle-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** The environment of a user's shell: without the NODE_PATH that pnpm's bin shims set (vitest's included). */
function userEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_PATH;
  return env;
}

/** Runs a built CLI; resolves with its exit code and output (never rejects on a non-zero exit). */
async function run(command: string, args: string[], env: NodeJS.ProcessEnv = userEnv()) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [command, ...args], {
      cwd: repo,
      env,
      maxBuffer: 16 * 2 ** 20,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('the switchyard bundle (packages/cli/dist/bundle)', () => {
  it('is what the package publishes as its bin, through a committed file that installs can link before a build', async () => {
    expect(manifest.bin.switchyard).toBe('./bin/switchyard.js');
    const [viaBin, direct] = await Promise.all([run(bin, ['--version']), run(bundle, ['--version'])]);
    expect(viaBin).toEqual({
      code: 0,
      stdout: `${(JSON.parse(await readFile(join(cliPackage, 'package.json'), 'utf8')) as { version: string }).version}\n`,
      stderr: '',
    });
    expect(viaBin).toEqual(direct);
  });

  it('says to build when the bundle is missing (a clone before pnpm build), with exit code 4 and no stack trace', async () => {
    const unbuilt = join(work, 'unbuilt');
    await mkdir(join(unbuilt, 'bin'), { recursive: true });
    await writeFile(join(unbuilt, 'package.json'), '{ "type": "module" }\n');
    await copyFile(bin, join(unbuilt, 'bin/switchyard.js'));
    const result = await run(join(unbuilt, 'bin/switchyard.js'), ['drill', 'x.yaml']);
    expect(result.code).toBe(4);
    expect(result.stderr).toBe(
      `switchyard: the command is not built: ${join(unbuilt, 'dist/bundle/switchyard.js')} does not exist. Build it first: pnpm build (in the Switchyard repository)\n`,
    );
  });

  it('declares node-llama-cpp, which it loads from node_modules, at the version @switchyard/llama-cpp uses', async () => {
    const llamaCpp = JSON.parse(await readFile(join(repo, 'packages/llama-cpp/package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(manifest.dependencies['node-llama-cpp']).toBe(llamaCpp.dependencies['node-llama-cpp']);
  });

  it('runs a drill with in-process open weights to the same records, events and report as the unbundled build', async () => {
    // hosted-blackout: simulated SDKs, llama.cpp's engine (node-llama-cpp, external) and the HTML
    // report with chart.js (found beside @switchyard/report), in a few seconds.
    const scenario = join(work, 'hosted-blackout.yaml');
    await writeTinyGguf({ path: join(work, 'tiny.gguf'), ...demoTinyGgufOptions });
    const text = await readFile(join(repo, 'examples/drills/hosted-blackout.yaml'), 'utf8');
    expect(text).toContain('../../.switchyard/models/switchyard-tiny.gguf');
    await writeFile(scenario, text.replace('../../.switchyard/models/switchyard-tiny.gguf', 'tiny.gguf'));
    const outputs: Record<string, string>[] = [];
    for (const [command, out] of [
      [unbundled, join(work, 'unbundled')],
      [bin, join(work, 'bundled')],
    ] as const) {
      const result = await run(command, ['drill', scenario, '--out', out]);
      expect(result.stderr).not.toContain('not written');
      expect(result.code).toBe(0);
      const files: Record<string, string> = {};
      for (const name of ['records.jsonl', 'events.json', 'report.md', 'report.html']) {
        files[name] = (await readFile(join(out, name), 'utf8')).replaceAll(out, '<out>');
      }
      outputs.push(files);
    }
    const [before, after] = outputs as [Record<string, string>, Record<string, string>];
    expect(after['records.jsonl']?.split('\n').length).toBeGreaterThan(100);
    expect(after['records.jsonl']).toBe(before['records.jsonl']);
    expect(after['events.json']).toBe(before['events.json']);
    expect(after['report.md']).toBe(before['report.md']);
    expect(after['report.html']).toContain('Chart.js v4');
    expect(after['report.html']).toBe(before['report.html']);
  }, 120_000);

  it('replays the records in worker threads (their entry found in @switchyard/evidence)', async () => {
    const result = await run(bin, [
      'replay',
      join(work, 'bundled', 'records.jsonl'),
      '--self-check',
      '--workers',
      '2',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/reproduced/);
  }, 60_000);

  it("runs the shipped packs' own policy tests (their YAML found in @switchyard/core)", async () => {
    const result = await run(bin, ['test-policy', '--packs', 'examples/config/switchyard.policy-tests.yaml']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('us-export-control-2026');
  }, 60_000);

  it("runs a fleet drill (its member processes' script found in @switchyard/drill)", async () => {
    const scenario = join(work, 'fleet.json');
    await writeFile(
      scenario,
      JSON.stringify({
        name: 'fleet-bundle',
        config: {
          targets: [
            {
              id: 'local',
              provider: 'ollama',
              model: 'llama4',
              hostedIn: 'self',
              origin: 'US',
              weights: 'open',
              contextWindow: 8_000,
              price: { input: 0, output: 0 },
            },
          ],
          routes: { chat: { targets: ['local'] } },
        },
        workload: { route: 'chat', rate: 10, total: 4, mix: { jurisdictions: { US: 1 } } },
        assertions: [{ type: 'success-rate', min: 1 }],
        fleet: { processes: 2 },
      }),
    );
    const result = await run(bin, ['drill', scenario, '--out', join(work, 'fleet')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^PASSED: the 1 assertion holds \(fleet of 2 processes\)/);
    expect(result.stdout).toContain('Requests: 4 sent, 4 served, 0 failed, 0 lost');
  }, 60_000);

  it("stores its modules in Node's compile cache", async () => {
    const temporary = join(work, 'tmp');
    const env: NodeJS.ProcessEnv = { ...userEnv(), TMPDIR: temporary };
    delete env.NODE_COMPILE_CACHE;
    delete env.NODE_DISABLE_COMPILE_CACHE;
    const result = await run(bin, ['validate', '--config', 'examples/config/switchyard.yaml'], env);
    expect(result.code).toBe(0);
    const cached = await readdir(join(temporary, 'node-compile-cache'), { recursive: true });
    // One entry per module loaded: the entry, the command's chunks and the shared ones.
    expect(cached.length).toBeGreaterThanOrEqual(4);
  }, 60_000);

  it('maps its code back to our TypeScript sources', async () => {
    const code = await readFile(bundle, 'utf8');
    const map = new SourceMap(JSON.parse(await readFile(`${bundle}.map`, 'utf8')));
    const line = code.split('\n').findIndex((text) => text.startsWith('enableCompileCache();'));
    expect(line).toBeGreaterThan(0);
    const entry = map.findEntry(line, 0) as { originalSource: string; originalLine: number };
    expect(resolve(dirname(bundle), entry.originalSource)).toBe(join(cliPackage, 'src/bin.ts'));
    // Every chunk's map names files that exist: ours under packages/*/src.
    const chunks = join(dirname(bundle), 'chunks');
    const ours: string[] = [];
    for (const file of (await readdir(chunks)).filter((name) => name.endsWith('.js.map'))) {
      const { sources } = JSON.parse(await readFile(join(chunks, file), 'utf8')) as { sources: string[] };
      ours.push(
        ...sources.map((source) => resolve(chunks, source)).filter((path) => !path.includes('node_modules')),
      );
    }
    expect(ours.length).toBeGreaterThan(300);
    for (const path of ours) expect(path).toMatch(new RegExp(`^${repo}packages/[a-z-]+/src/.+\\.ts$`));
    await Promise.all(ours.map((path) => readFile(path)));
  });
});
