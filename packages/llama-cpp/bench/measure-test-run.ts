import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** One run of a command: its wall time and the peak RSS of the largest process of its tree. */
export interface TestRunMeasure {
  readonly exitCode: number;
  readonly wallMs: number;
  /** Peak resident set size of the largest single process of the tree, bytes. */
  readonly peakRssBytes: number;
  /** `time`: GNU time's exact figure (`wait4`); `sampled`: `/proc` high-water marks every 10 ms. */
  readonly source: 'time' | 'sampled';
}

const gnuTime = '/usr/bin/time';

/**
 * Runs `command` with `sh -c` in `cwd` and measures the peak RSS of the
 * largest process it starts (what `/usr/bin/time -v` calls "Maximum resident
 * set size"): with GNU time when installed, else by reading the high-water
 * mark (`VmHWM`) of every process of the tree from `/proc` every 10 ms.
 *
 * @param options.command the shell command, e.g. the package's `test` script.
 * @param options.cwd where to run it.
 * @param options.binDirs folders put first on `PATH` (the `node_modules/.bin` a package script sees).
 * @returns the exit code, the wall time and the peak.
 * @throws Error when neither GNU time nor `/proc` is available (not Linux).
 */
export async function measureTestRun(options: {
  command: string;
  cwd: string;
  binDirs: readonly string[];
}): Promise<TestRunMeasure> {
  const env = { ...process.env, PATH: [...options.binDirs, process.env.PATH ?? ''].join(delimiter) };
  const started = performance.now();
  if (existsSync(gnuTime)) {
    const dir = await mkdtemp(join(tmpdir(), 'switchyard-test-run-'));
    const output = join(dir, 'max-rss');
    try {
      const exitCode = await exit(
        spawn(gnuTime, ['-f', '%M', '-o', output, 'sh', '-c', options.command], {
          cwd: options.cwd,
          env,
          stdio: 'ignore',
        }),
      );
      const wallMs = performance.now() - started;
      // GNU time writes "Command exited with non-zero status N" before the figure on a failure.
      const kilobytes = Number((await readFile(output, 'utf8')).trim().split('\n').at(-1));
      return { exitCode, wallMs, peakRssBytes: kilobytes * 1024, source: 'time' };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  if (!existsSync('/proc/self/status'))
    throw new Error('measureTestRun: needs GNU time (/usr/bin/time) or /proc (Linux)');
  const child = spawn('sh', ['-c', options.command], { cwd: options.cwd, env, stdio: 'ignore' });
  const peaks = new Map<number, number>();
  let sampling = true;
  const done = exit(child).finally(() => {
    sampling = false;
  });
  while (sampling) {
    for (const pid of await treeOf(child.pid as number)) {
      const peak = await highWaterMark(pid);
      if (peak > (peaks.get(pid) ?? 0)) peaks.set(pid, peak);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const exitCode = await done;
  return {
    exitCode,
    wallMs: performance.now() - started,
    peakRssBytes: Math.max(0, ...peaks.values()),
    source: 'sampled',
  };
}

/**
 * A fingerprint of a vitest JSON report: every test's full name and status
 * (durations and timestamps left out), to tell whether runs gave the same results.
 */
export async function testResultsFingerprint(reportPath: string): Promise<string> {
  const report = JSON.parse(await readFile(reportPath, 'utf8')) as {
    numTotalTests: number;
    testResults: { name: string; assertionResults: { fullName: string; status: string }[] }[];
  };
  const lines = report.testResults
    .flatMap((file) =>
      file.assertionResults.map(
        (test) => `${file.name.split('/src/').at(-1)} ${test.fullName} ${test.status}`,
      ),
    )
    .sort();
  return `${report.numTotalTests} tests ${createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16)}`;
}

function exit(child: ReturnType<typeof spawn>): Promise<number> {
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal === null ? 1 : 128)));
  });
}

async function treeOf(root: number): Promise<number[]> {
  const parents = new Map<number, number>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // Fields after the command name, which may hold spaces and parentheses: state, ppid, ...
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (Number.isInteger(parent)) parents.set(Number(entry), parent);
  }
  const tree = [root];
  for (let index = 0; index < tree.length; index++)
    for (const [pid, parent] of parents) if (parent === tree[index]) tree.push(pid);
  return tree;
}

async function highWaterMark(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kilobytes = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  return kilobytes * 1024;
}
