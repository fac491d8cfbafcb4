import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  longDrillHeapFlags,
  type Scenario,
  type ScenarioInput,
  validateScenario,
} from '@switchyard/drill/scenario';
import { beforeAll, describe, expect, it } from 'vitest';
import { ChildProcessExit, exitCodes } from '../exit-codes.js';
import type { Output } from '../output.js';
import { runCli } from '../program.js';
import { runLongDrillInChild } from './run-long-drill-in-child.js';

function capture(): Output & { err: string } {
  const output = {
    err: '',
    interactive: false,
    stdout: () => {},
    stderr: (text: string) => {
      output.err += text;
    },
  };
  return output;
}

function scenarioWith(total: number, extra: Record<string, unknown> = {}): ScenarioInput {
  const target = (id: string, provider: string, model: string) => ({
    id,
    provider,
    model,
    hostedIn: 'US',
    origin: 'US',
    weights: 'closed',
    capabilities: ['streaming'],
    contextWindow: 128000,
    price: { input: 1, output: 2 },
  });
  return {
    name: 'long',
    config: {
      targets: [target('gpt', 'openai', 'gpt-4o'), target('claude', 'anthropic', 'claude-sonnet-4-5')],
      routes: { chat: { targets: ['gpt', 'claude'] } },
    },
    workload: { route: 'chat', rate: 100, total, mix: { jurisdictions: { US: 1 } } },
    assertions: [{ type: 'all-accounted' }],
    ...extra,
  } as ScenarioInput;
}

let dir: string;
/** Stands in for the `switchyard` bin: writes its Node flags, arguments and `MALLOC_ARENA_MAX` beside itself, exits with `code`. */
async function fakeBin(
  name: string,
  code: number,
): Promise<{ script: string; seen: () => Promise<unknown> }> {
  const script = join(dir, `${name}.mjs`);
  await writeFile(
    script,
    `import { writeFileSync } from 'node:fs';
writeFileSync(${JSON.stringify(`${script}.json`)}, JSON.stringify({ execArgv: process.execArgv, argv: process.argv.slice(2), arenas: process.env.MALLOC_ARENA_MAX ?? null }));
process.exitCode = ${code};
`,
  );
  return { script, seen: async () => JSON.parse(await readFile(`${script}.json`, 'utf8')) };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'switchyard-long-drill-'));
});

/** `runLongDrillInChild` on Linux with no Node flags of this process, no `NODE_OPTIONS`, an empty environment and no baseline unless given. */
function runWith(
  options: Pick<Parameters<typeof runLongDrillInChild>[0], 'scenario' | 'invocation'> &
    Partial<Parameters<typeof runLongDrillInChild>[0]>,
): Promise<void> {
  return runLongDrillInChild({
    baseline: false,
    output: capture(),
    execArgv: [],
    nodeOptions: undefined,
    env: {},
    platform: 'linux',
    ...options,
  });
}

describe('runLongDrillInChild', () => {
  it('runs a long drill in a child process with the heap flags and ends with its exit code', async () => {
    const bin = await fakeBin('long', exitCodes.assertionFailed);
    const output = capture();
    const argv = ['drill', 'long.yaml', '--seed', '7'];
    const running = runWith({
      scenario: validateScenario(scenarioWith(100_000)),
      invocation: { script: bin.script, argv },
      output,
    });
    await expect(running).rejects.toEqual(new ChildProcessExit(exitCodes.assertionFailed));
    expect(await bin.seen()).toEqual({ execArgv: [...longDrillHeapFlags], argv, arenas: '2' });
    expect(output.err).toBe(
      "100,000 requests: the drill runs with --max-semi-space-size=16 --heap-growing-percent=25 and MALLOC_ARENA_MAX=2 (V8 heap and glibc malloc settings that keep a long drill's memory bounded)\n",
    );
  });

  it('keeps a MALLOC_ARENA_MAX of the user and adds none outside Linux', async () => {
    for (const [name, env, platform] of [
      ['user-arenas', { MALLOC_ARENA_MAX: '4' }, 'linux'],
      ['darwin', {}, 'darwin'],
    ] as const) {
      const bin = await fakeBin(name, 0);
      const output = capture();
      const running = runWith({
        scenario: validateScenario(scenarioWith(100_000)),
        invocation: { script: bin.script, argv: [] },
        output,
        env,
        platform,
      });
      await expect(running).rejects.toEqual(new ChildProcessExit(exitCodes.ok));
      expect(await bin.seen()).toMatchObject({ execArgv: [...longDrillHeapFlags], arenas: null });
      expect(output.err).toBe(
        "100,000 requests: the drill runs with --max-semi-space-size=16 --heap-growing-percent=25 (V8 heap settings that keep a long drill's memory bounded)\n",
      );
    }
  });

  it('counts the baseline run: 5,000 requests with --baseline are 10,000', async () => {
    const bin = await fakeBin('baseline', 0);
    const running = runWith({
      scenario: validateScenario(scenarioWith(5_000)),
      baseline: true,
      invocation: { script: bin.script, argv: ['drill', 'x.yaml', '--baseline'] },
    });
    await expect(running).rejects.toEqual(new ChildProcessExit(exitCodes.ok));
    expect(await bin.seen()).toMatchObject({ execArgv: [...longDrillHeapFlags] });
  });

  it('runs a short drill, a drill without an invocation and a fleet drill in this process', async () => {
    const bin = await fakeBin('never', 0);
    const output = capture();
    const cases: { scenario: Scenario; invocation?: { script: string; argv: string[] } }[] = [
      { scenario: validateScenario(scenarioWith(1_200)), invocation: { script: bin.script, argv: [] } },
      { scenario: validateScenario(scenarioWith(100_000)) },
      {
        scenario: { ...validateScenario(scenarioWith(100_000)), fleet: { processes: 2 } } as Scenario,
        invocation: { script: bin.script, argv: [] },
      },
    ];
    for (const { scenario, invocation } of cases) {
      await expect(runWith({ scenario, invocation, output })).resolves.toBeUndefined();
    }
    expect(output.err).toBe('');
    await expect(bin.seen()).rejects.toThrow(/ENOENT/);
  });

  it('keeps the heap flags the user gave (NODE_OPTIONS) and runs the drill in this process', async () => {
    const bin = await fakeBin('user-flags', 0);
    await expect(
      runWith({
        scenario: validateScenario(scenarioWith(100_000)),
        invocation: { script: bin.script, argv: [] },
        nodeOptions: '--max-old-space-size=4096',
      }),
    ).resolves.toBeUndefined();
    await expect(bin.seen()).rejects.toThrow(/ENOENT/);
  });

  it('is an error naming the code when the child ends with a code the CLI does not use', async () => {
    const bin = await fakeBin('crash', 137);
    await expect(
      runWith({
        scenario: validateScenario(scenarioWith(100_000)),
        invocation: { script: bin.script, argv: [] },
      }),
    ).rejects.toThrow(
      "the drill's child process (node --max-semi-space-size=16 --heap-growing-percent=25) ended with exit code 137 (killed by signal 9)",
    );
  });
});

describe('switchyard drill (runCli with the bin file)', () => {
  it("relaunches a long drill: the child gets the flags and the command's arguments, its exit code is the command's", async () => {
    const file = join(dir, 'long.json');
    await writeFile(file, JSON.stringify(scenarioWith(20_000)));
    const bin = await fakeBin('cli', exitCodes.invalidInput);
    const output = capture();
    const argv = ['drill', file, '--seed', '3'];
    expect(await runCli({ argv, output, relaunch: { script: bin.script } })).toBe(exitCodes.invalidInput);
    const seen = (await bin.seen()) as { execArgv: string[]; argv: string[] };
    expect(seen.execArgv.slice(-2)).toEqual([...longDrillHeapFlags]);
    expect(seen.argv).toEqual(argv);
    expect(output.err).toContain('20,000 requests: the drill runs with --max-semi-space-size=16');
    expect(output.err).not.toContain('switchyard:');
  });
});

describe('switchyard bin', () => {
  // Two Node start-ups with tsx and a short drill: seconds on a quiet machine, more on a busy one.
  it('replaces its process with one that has the heap flags and MALLOC_ARENA_MAX for a long drill (same process id)', {
    timeout: 240_000,
  }, async () => {
    const seen = join(dir, 'bin-seen.jsonl');
    // A scenario module: each process that loads it writes its id and Node flags down. Its 10,000
    // requests make the drill long; its 1 s duration ends it after about 100 of them (exit 1).
    const file = join(dir, 'long-scenario.mjs');
    await writeFile(
      file,
      `import { appendFileSync } from 'node:fs';
appendFileSync(${JSON.stringify(seen)}, JSON.stringify({ pid: process.pid, execArgv: process.execArgv, arenas: process.env.MALLOC_ARENA_MAX ?? null }) + '\\n');
export default ${JSON.stringify({ ...scenarioWith(10_000), duration: '1s' })};
`,
    );
    const bin = new URL('../bin.ts', import.meta.url).pathname;
    const child = spawn(
      process.execPath,
      [
        '--conditions=@switchyard/source',
        '--import',
        'tsx',
        bin,
        'drill',
        file,
        '--out',
        join(dir, 'bin-out'),
      ],
      {
        cwd: new URL('../..', import.meta.url).pathname,
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, CI: '1', MALLOC_ARENA_MAX: undefined },
      },
    );
    let err = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString('utf8');
    });
    const [code] = await once(child, 'close');
    expect(err).toContain(
      '10,000 requests: the drill runs with --max-semi-space-size=16 --heap-growing-percent=25',
    );
    expect(err).toContain('stopped at the scenario duration');
    expect(code).toBe(exitCodes.assertionFailed);
    const processes = (await readFile(seen, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { pid: number; execArgv: string[]; arenas: string | null });
    expect(processes).toHaveLength(2);
    expect(processes.map((entry) => entry.pid)).toEqual([child.pid, child.pid]);
    expect(processes[0]?.execArgv).not.toContain('--heap-growing-percent=25');
    expect(processes[1]?.execArgv.slice(-2)).toEqual([...longDrillHeapFlags]);
    // CI and this machine run Linux with glibc: the new process gets MALLOC_ARENA_MAX=2, the first had none.
    expect(processes.map((entry) => entry.arenas)).toEqual([null, process.platform === 'linux' ? '2' : null]);
  });
});
