import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorCodes, SwitchyardError } from '@switchyard/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { exitCodeFor, exitCodes } from '../exit-codes.js';
import type { Output } from '../output.js';
import { runCli } from '../program.js';
import { type DrillCommandOptions, readScenarioFile, runDrillCommand } from './drill.js';

function capture(interactive = false): Output & { out: string; err: string } {
  const output = {
    out: '',
    err: '',
    interactive,
    stdout: (text: string) => {
      output.out += text;
    },
    stderr: (text: string) => {
      output.err += text;
    },
  };
  return output;
}

const target = (id: string, provider: string, model: string, extra: Record<string, unknown> = {}) => ({
  id,
  provider,
  model,
  hostedIn: 'US',
  origin: 'US',
  weights: 'closed',
  capabilities: ['tools', 'streaming'],
  contextWindow: 128000,
  price: { input: 1, output: 2 },
  ...extra,
});

/** A small drill on the simulators: 40 requests over 4 simulated seconds, 0.4 s real. */
function smallScenario(overrides: Record<string, unknown> = {}) {
  return {
    name: 'small',
    timeScale: 10,
    config: {
      targets: [
        target('gpt', 'openai', 'gpt-4o'),
        target('local', 'ollama', 'llama4', {
          hostedIn: 'self',
          weights: 'open',
          price: { input: 0, output: 0 },
        }),
      ],
      routes: { chat: { targets: ['gpt'], lastResort: ['local'] } },
    },
    workload: {
      route: 'chat',
      rate: 10,
      total: 40,
      mix: { jurisdictions: { US: 1, DE: 1 } },
      streaming: 0.5,
    },
    timeline: [{ at: '2s', type: 'cutoff', label: 'key revoked', target: 'gpt', signal: 'key_revoked' }],
    assertions: [{ type: 'success-rate', min: 0.95 }, { type: 'all-accounted' }],
    ...overrides,
  };
}

let dir: string;
async function scenarioFile(name: string, scenario: unknown): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, JSON.stringify(scenario, null, 2));
  return file;
}

const defaults: DrillCommandOptions = { seed: 1, mode: 'simulated', progressEvery: 0.1, report: true };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'switchyard-drill-cli-'));
});

describe('switchyard drill', () => {
  describe('runCli', () => {
    it('documents every option and the exit codes in --help', async () => {
      const output = capture();
      expect(await runCli({ argv: ['drill', '--help'], output })).toBe(exitCodes.ok);
      for (const text of [
        '<scenario>',
        '--out <dir>',
        '--seed <n>',
        '--mode <mode>',
        '"simulated", "loopback", "live"',
        '--max-spend <usd>',
        '--time-scale <n>',
        '--mode loopback only',
        '--baseline',
        '--progress-every <seconds>',
        '--no-report',
        'Exit codes: 0 every assertion held; 1 an assertion failed',
        '130 interrupted',
      ]) {
        expect(output.out).toContain(text);
      }
    });

    // The first drill of the file (its modules load): 11 s on a busy machine.
    it('runs a drill that holds: exit 0, progress on stderr, the summary and where the records went on stdout', {
      timeout: 60_000,
    }, async () => {
      const file = await scenarioFile('small.json', smallScenario());
      const out = join(dir, 'small-out');
      const output = capture();
      const code = await runCli({ argv: ['drill', file, '--out', out, '--progress-every', '0.05'], output });
      expect(output.err).not.toContain('switchyard:');
      expect(code).toBe(exitCodes.ok);
      expect(output.err).toContain('Drill "small" from');
      expect(output.err).toMatch(/\+2s\s+key revoked: cutoff key_revoked on gpt\n/);
      expect(output.err).toMatch(/router cut off gpt for everyone \(key_revoked\)/);
      expect(output.err).toMatch(
        /\] \+\d+\S* simulated: sent \d+\/40, served \d+, fallbacks \d+, failures \d+/,
      );
      expect(output.err).toContain('sent 40/40, served 40');
      expect(output.out).toContain('40/40 sent, 40 served (100.0%)');
      expect(output.out).toMatch(/PASS {2}success-rate/);
      expect(output.out).toContain('PASSED: all 2 assertions hold');
      expect(output.out).toContain(`Records: ${join(out, 'records.jsonl')}`);
      const records = (await readFile(join(out, 'records.jsonl'), 'utf8')).trim().split('\n');
      expect(records).toHaveLength(40);
      const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
      expect(summary).toMatchObject({ name: 'small', passed: true, counts: { sent: 40, served: 40 } });
      // The report is written next to the records, and its HTML path is the last line of stdout.
      expect(output.out.trimEnd().split('\n').at(-1)).toBe(`HTML report: ${join(out, 'report.html')}`);
      expect(summary.files).toMatchObject({
        events: join(out, 'events.json'),
        reportHtml: join(out, 'report.html'),
        reportMarkdown: join(out, 'report.md'),
        reportJson: join(out, 'report.json'),
      });
      const html = await readFile(join(out, 'report.html'), 'utf8');
      expect(html).toContain('Drill: small');
      expect(html).toContain('key revoked: cutoff key_revoked on gpt');
      const events = JSON.parse(await readFile(join(out, 'events.json'), 'utf8'));
      const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
      expect(report.report.input.records).toBe(40);
      expect(report.report.events.length).toBe(events.length);
      const revoked = events.find((event: { label: string }) => event.label.includes('key revoked'));
      // The timeline event sits at the scenario's start plus its offset, on the records' clock.
      const firstRecord = JSON.parse(records[0] as string);
      expect(revoked.at - Date.parse(firstRecord.time)).toBeGreaterThanOrEqual(1_500);
      expect(revoked.at - Date.parse(firstRecord.time)).toBeLessThanOrEqual(2_000);
      expect(events.some((event: { source: string }) => event.source === 'router')).toBe(true);
    });

    it('writes no report with --no-report, and the summary ends with the summary files', async () => {
      const file = await scenarioFile('small-no-report.json', smallScenario());
      const out = join(dir, 'small-no-report-out');
      const output = capture();
      expect(await runCli({ argv: ['drill', file, '--out', out, '--no-report'], output })).toBe(exitCodes.ok);
      expect(output.out).not.toContain('HTML report:');
      expect(output.out.trimEnd().split('\n').at(-1)).toContain('Summary: ');
      await expect(readFile(join(out, 'report.html'), 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
      expect(JSON.parse(await readFile(join(out, 'events.json'), 'utf8')).length).toBeGreaterThan(0);
    });

    it('exits 1 naming each failed assertion when a drill violates it', async () => {
      const file = await scenarioFile(
        'violated.json',
        smallScenario({
          assertions: [
            { type: 'all-accounted' },
            { type: 'served-by-share', name: 'gpt carries the traffic', targets: ['gpt'], minShare: 0.9 },
            { type: 'cost', name: 'free', maxUsd: 0 },
            { type: 'cost', maxUsd: 0.000001 },
            { type: 'cost', maxUsd: 0.000002 },
          ],
        }),
      );
      const output = capture();
      const code = await runCli({ argv: ['drill', file, '--out', join(dir, 'violated-out')], output });
      expect(code).toBe(exitCodes.assertionFailed);
      expect(output.out).toMatch(/FAIL {2}gpt carries the traffic: /);
      expect(output.out).toMatch(/PASS {2}all-accounted/);
      // Two unnamed assertions of one type say where each is.
      expect(output.out).toMatch(
        /FAIL {2}cost \(assertions\[3\]\): .*\n {2}FAIL {2}cost \(assertions\[4\]\): /,
      );
      expect(output.out).toContain('FAILED: 4 of 5 assertions do not hold');
      expect(output.err).toContain(
        'switchyard: drill "small" failed: assertion(s) failed: gpt carries the traffic, free, cost (assertions[3]), cost (assertions[4]) [SWITCHYARD_ASSERTION_FAILED]',
      );
    });

    it('warns, and still runs, when a closed loop is given Poisson arrivals it cannot use', async () => {
      const small = smallScenario();
      const file = await scenarioFile(
        'closed-poisson.json',
        smallScenario({
          workload: { ...(small.workload as object), rate: undefined, concurrency: 2, arrival: 'poisson' },
          timeline: [],
        }),
      );
      const output = capture();
      const code = await runCli({
        argv: ['drill', file, '--out', join(dir, 'closed-poisson-out'), '--no-report'],
        output,
      });
      expect(code).toBe(exitCodes.ok);
      expect(output.err).toContain(
        'warning: workload.arrival: "poisson" spaces the requests of a "rate" workload only; this closed loop (concurrency 2)',
      );
    });

    it('exits 3 with file:line:column for an invalid scenario', async () => {
      const file = join(dir, 'bad.yaml');
      await writeFile(
        file,
        'name: bad\nconfig:\n  targets: []\n  routes: {}\nworkload:\n  route: chat\n  rate: fast\n  total: 10\n  mix: { jurisdictions: { US: 1 } }\nassertions: [{ type: success-rate, min: 2 }]\n',
      );
      const output = capture();
      expect(await runCli({ argv: ['drill', file], output })).toBe(exitCodes.invalidInput);
      expect(output.err).toContain(`${file}:7:9 workload.rate:`);
      expect(output.err).toContain(`${file}:10:41 assertions[0].min:`);
      expect(output.out).toBe('');
    });

    it('exits 3 naming the file when the scenario cannot be read', async () => {
      const output = capture();
      const file = join(dir, 'missing.yaml');
      expect(await runCli({ argv: ['drill', file], output })).toBe(exitCodes.invalidInput);
      expect(output.err).toContain(`${file}`);
      expect(output.err).toContain('cannot read the scenario: no such file');
      const folder = capture();
      expect(await runCli({ argv: ['drill', dir], output: folder })).toBe(exitCodes.invalidInput);
      expect(folder.err).toContain(`${dir} (file): cannot read the scenario: it is a directory`);
    });

    it('refuses live mode without a spend cap, and a spend cap without live mode (exit 2)', async () => {
      const file = await scenarioFile('live.json', smallScenario());
      const live = capture();
      expect(await runCli({ argv: ['drill', file, '--mode', 'live'], output: live })).toBe(exitCodes.usage);
      expect(live.err).toContain('needs a spend cap: add --max-spend USD');
      const capped = capture();
      expect(await runCli({ argv: ['drill', file, '--max-spend', '2'], output: capped })).toBe(
        exitCodes.usage,
      );
      expect(capped.err).toContain('--max-spend applies to --mode live only');
      const scaled = capture();
      expect(
        await runCli({
          argv: ['drill', file, '--mode', 'live', '--max-spend', '1', '--time-scale', '60'],
          output: scaled,
        }),
      ).toBe(exitCodes.usage);
      expect(scaled.err).toContain('--time-scale applies to --mode loopback only');
      const virtual = capture();
      expect(await runCli({ argv: ['drill', file, '--time-scale', '60'], output: virtual })).toBe(
        exitCodes.usage,
      );
      expect(virtual.err).toContain('simulated drills run on virtual time');
      const bad = capture();
      expect(await runCli({ argv: ['drill', file, '--mode', 'replay'], output: bad })).toBe(exitCodes.usage);
      expect(bad.err).toContain("argument 'replay' is invalid");
      const zero = capture();
      expect(
        await runCli({ argv: ['drill', file, '--mode', 'live', '--max-spend', '0'], output: zero }),
      ).toBe(exitCodes.usage);
      expect(zero.err).toContain('--max-spend must be a finite number > 0; got "0".');
    });

    it('refuses a --time-scale above the scenario bound of 10000 as the flag, before the drill starts (exit 2)', async () => {
      const file = await scenarioFile('fast.json', smallScenario());
      const fast = capture();
      expect(
        await runCli({ argv: ['drill', file, '--mode', 'loopback', '--time-scale', '20000'], output: fast }),
      ).toBe(exitCodes.usage);
      expect(fast.err).toContain('--time-scale must be a finite number > 0 and at most 10000; got "20000".');
      expect(fast.err).not.toContain('Drill "');
    });

    it('refuses an --out it cannot make a folder of before running, at once even under /proc (exit 2)', async () => {
      const file = await scenarioFile('out.json', smallScenario());
      const taken = join(dir, 'taken-by-a-file');
      await writeFile(taken, 'x');
      for (const [out, message] of [
        [taken, `--out ${taken}: ${taken} is a file, not a folder`],
        [join(taken, 'sub'), `--out ${join(taken, 'sub')}: ${taken} is a file, not a folder`],
        [
          '/proc/switchyard-drill',
          '--out /proc/switchyard-drill: cannot make the folder /proc/switchyard-drill',
        ],
      ] as const) {
        const output = capture();
        expect(await runCli({ argv: ['drill', file, '--out', out], output })).toBe(exitCodes.usage);
        expect(output.err).toContain(message);
        expect(output.err).not.toContain('Ran in');
      }
    });

    it('refuses a seed past 32 bits, which would replay a smaller seed under its own name (exit 2)', async () => {
      const file = await scenarioFile('seed.json', smallScenario());
      for (const seed of ['4294967296', '99999999999999999999']) {
        const output = capture();
        expect(await runCli({ argv: ['drill', file, '--seed', seed], output })).toBe(exitCodes.usage);
        expect(output.err).toContain('--seed must be an integer from 0 to 4294967295; got ');
      }
    });

    it('prints the same summary and writes the same records on every run of a scenario and seed', async () => {
      const file = await scenarioFile('same.json', smallScenario());
      const runs: { out: string; records: string; summary: string }[] = [];
      for (const run of [1, 2]) {
        const output = capture();
        const out = join(dir, 'same-out');
        expect(await runCli({ argv: ['drill', file, '--out', out, '--no-report'], output })).toBe(
          exitCodes.ok,
        );
        runs.push({
          out: output.out,
          records: await readFile(join(out, 'records.jsonl'), 'utf8'),
          summary: await readFile(join(out, 'summary.json'), 'utf8'),
        });
        expect(output.err).toMatch(/Ran in \d+\.\d s real time/);
        expect(run).toBeGreaterThan(0);
      }
      expect(runs[1]).toEqual(runs[0]);
      expect(runs[0]?.out).toContain('simulated, virtual time');
    });

    it('with --baseline, also runs the workload without the timeline and prints what the events cost', async () => {
      const file = await scenarioFile('baseline.json', smallScenario());
      const out = join(dir, 'baseline-out');
      const output = capture();
      expect(await runCli({ argv: ['drill', file, '--out', out, '--baseline', '--no-report'], output })).toBe(
        exitCodes.ok,
      );
      expect(output.out).toContain(
        'Cost of the events (compared with the same workload and seed without the timeline)',
      );
      // Without the key revocation, nothing moves to local weights; with it, about half the traffic does.
      expect(output.out).toMatch(/\+\d+ request\(s\) moved to local open weights \(0 -> \d+\)/);
      // A target's share is of the served requests (not of all): the table says so.
      expect(output.out).toMatch(/target +share of served before +share of served now +delta/);
      const baseline = (await readFile(join(out, 'baseline', 'records.jsonl'), 'utf8')).trim().split('\n');
      expect(baseline).toHaveLength(40);
      const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
      expect(summary.baseline.toLocalOpenWeights.baseline).toBe(0);
      expect(summary.baseline.toLocalOpenWeights.delta).toBe(summary.toLocalOpenWeights);
      // The baseline's progress is labelled, and the drill's own last line (its fallbacks) comes first.
      const lines = output.err.split('\n').filter((line) => /^\[\d+\.\ds\] /.test(line));
      const drillLines = lines.filter((line) => !line.includes('baseline (no timeline)'));
      const baselineLines = lines.filter((line) => line.includes('] baseline (no timeline) +'));
      expect(drillLines.at(-1)).toMatch(/sent 40\/40, served 40, fallbacks [1-9]\d*,/);
      expect(baselineLines.at(-1)).toMatch(/sent 40\/40, served 40, fallbacks 0,.*share gpt 100%$/);
      expect(lines.indexOf(drillLines.at(-1) as string)).toBeLessThan(
        lines.indexOf(baselineLines[0] as string),
      );
    });

    it('loads a TypeScript scenario module (default export)', async () => {
      const file = join(dir, 'scenario.mjs');
      await writeFile(file, `export default ${JSON.stringify(smallScenario({ name: 'from-module' }))};\n`);
      const output = capture();
      const code = await runCli({ argv: ['drill', file, '--out', join(dir, 'module-out')], output });
      expect(code).toBe(exitCodes.ok);
      expect(output.out).toContain('Drill "from-module" (simulated, seed 1)');
    });
  });

  describe('runDrillCommand', () => {
    it('redraws one progress block in place on a terminal and prints events above it', async () => {
      const file = await scenarioFile('tty.json', smallScenario());
      const output = capture(true);
      await runDrillCommand({ file, options: { ...defaults, out: join(dir, 'tty-out') }, output });
      expect(output.err).toContain('\x1b[4A\x1b[0J');
      expect(output.err).toContain('  traffic now: ');
      expect(output.err).toMatch(
        / {2}last event: (key revoked: cutoff key_revoked on gpt|router cut off gpt)/,
      );
      // Events stay on screen: each is printed once, above the redrawn block.
      expect(output.err.match(/\+2s\s+key revoked: cutoff key_revoked on gpt\n/g)).toHaveLength(1);
      expect(output.err).toMatch(/#{24} 100%/);
    });

    it('runs the scenario it is given without reading the file again', async () => {
      const scenario = await readScenarioFile(
        await scenarioFile('given.json', smallScenario({ name: 'given' })),
      );
      const output = capture();
      // The file named here does not exist: the command reads nothing, and names it in its header.
      const file = join(dir, 'read-once', 'gone.json');
      const result = await runDrillCommand({
        file,
        scenario,
        options: { ...defaults, out: join(dir, 'given-out') },
        output,
      });
      expect(result.passed).toBe(true);
      expect(output.err).toContain(`Drill "given" from ${file}: 40 requests`);
    });

    it('stops on the signal, still writes what was gathered, and is an ABORTED error (exit 130)', async () => {
      const out = join(dir, 'abort-out');
      const { error, output } = await stoppedAtFirstEvent('abort', { ...defaults, out });
      expect(SwitchyardError.hasCode(error, errorCodes.ABORTED)).toBe(true);
      expect(exitCodeFor(error)).toBe(exitCodes.interrupted);
      expect((error as Error).message).toMatch(
        /interrupted after \d+ of 40 requests; what was gathered is in /,
      );
      expect(output.out).toContain('Stopped early: signal');
      const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
      expect(summary.stopped).toBe('signal');
      expect(summary.counts.sent).toBeLessThan(40);
      const records = (await readFile(join(out, 'records.jsonl'), 'utf8')).trim().split('\n');
      expect(records.length).toBe(summary.counts.sent);
    });
  });

  /**
   * Runs the small scenario (named `name`) with `options`, aborting its signal when the first event
   * plays (virtual time: the ban at +2s, about halfway through the workload); what it threw and printed.
   */
  async function stoppedAtFirstEvent(name: string, options: DrillCommandOptions) {
    const file = await scenarioFile(`${name}.json`, smallScenario({ timeScale: 1 }));
    const controller = new AbortController();
    const output = capture();
    const error = await runDrillCommand({
      file,
      options,
      output: {
        ...output,
        stderr: (text) => {
          output.stderr(text);
          if (text.includes('key revoked')) controller.abort();
        },
      },
      signal: controller.signal,
    }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    return { error, output };
  }

  describe('stopped with --baseline', () => {
    it('names no baseline it did not run, and leaves no empty baseline file', async () => {
      const out = join(dir, 'abort-baseline-out');
      // Stopped in the drill's own pass, at its first event: the baseline never runs.
      const { error, output } = await stoppedAtFirstEvent('abort-baseline', {
        ...defaults,
        out,
        baseline: true,
      });
      expect(SwitchyardError.hasCode(error, errorCodes.ABORTED)).toBe(true);
      expect(output.out).not.toContain('Baseline records:');
      expect(output.err).not.toContain('(drill and baseline)');
      await expect(readFile(join(out, 'baseline', 'records.jsonl'), 'utf8')).rejects.toThrow(/ENOENT/);
      expect((await readFile(join(out, 'records.jsonl'), 'utf8')).length).toBeGreaterThan(0);
    });
  });

  describe('bin', () => {
    // A CLI child (tsx compiles its sources) runs a loopback drill in real time until SIGINT: 18 s on a busy machine.
    it.each(['SIGINT', 'SIGTERM'] as const)(
      'stops cleanly on %s with exit code 130 and writes the summary',
      {
        timeout: 120_000,
      },
      async (signal) => {
        const file = await scenarioFile(
          `${signal}.json`,
          smallScenario({ timeScale: 1, workload: { ...smallScenario().workload, total: 400 } }),
        );
        const out = join(dir, `${signal}-out`);
        const bin = new URL('../bin.ts', import.meta.url).pathname;
        // Loopback mode runs in real time (40 s here): there is time to press Ctrl-C.
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
            out,
            '--mode',
            'loopback',
            '--progress-every',
            '0.2',
          ],
          {
            cwd: new URL('../..', import.meta.url).pathname,
            stdio: ['ignore', 'pipe', 'pipe'],
            env: { ...process.env, CI: '1' },
          },
        );
        try {
          let err = '';
          let stdout = '';
          child.stdout?.on('data', (chunk: Buffer) => {
            stdout += chunk.toString('utf8');
          });
          const progressed = new Promise<void>((resolve) => {
            child.stderr?.on('data', (chunk: Buffer) => {
              err += chunk.toString('utf8');
              if (/sent [1-9]\d*\/400/.test(err)) resolve();
            });
          });
          await progressed;
          const closed = once(child, 'close');
          child.kill(signal);
          const [code] = await closed;
          expect(code).toBe(exitCodes.interrupted);
          expect(err).toContain(
            `Stopping: aborting requests in flight and writing what was gathered (${signal === 'SIGINT' ? 'Ctrl-C' : signal} again to quit at once)`,
          );
          expect(err).toContain('[SWITCHYARD_ABORTED]');
          expect(stdout).toContain('Stopped early: signal');
        } finally {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        }
        const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
        expect(summary.stopped).toBe('signal');
      },
    );
  });
});
