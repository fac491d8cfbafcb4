import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitCodes } from '../exit-codes.js';
import { runInProcess as run } from '../testing/run-in-process.js';

let dir: string;
let file: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'switchyard-fleet-cli-'));
  file = join(dir, 'fleet.json');
  await writeFile(
    file,
    JSON.stringify({
      name: 'fleet-cli',
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
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('switchyard drill (fleet scenario)', () => {
  // A fleet drill starts a Redis server and member processes: 14 s on a busy machine.
  it('runs a scenario with a fleet block as a fleet drill', { timeout: 120_000 }, async () => {
    const result = await run('drill', file, '--out', join(dir, 'out'));
    expect(result.code).toBe(exitCodes.ok);
    expect(result.stderr).toContain(
      'over 2 router processes sharing health through an embedded redis-server',
    );
    expect(result.stdout).toMatch(/^PASSED: the 1 assertion holds \(fleet of 2 processes\)/);
    expect(result.stdout).toContain('Requests: 4 sent, 4 served, 0 failed, 0 lost');
    // What it wrote, in the lines a single drill prints, the HTML report last.
    const out = join(dir, 'out');
    expect(
      result.stdout.endsWith(
        [
          '',
          `Records: ${join(out, 'records.jsonl')}`,
          `Events: ${join(out, 'events.json')}`,
          `Summary: ${join(out, 'summary.json')}, ${join(out, 'summary.txt')}`,
          `Report: ${join(out, 'report.md')}, ${join(out, 'report.json')}`,
          `HTML report: ${join(out, 'report.html')}`,
          '',
        ].join('\n'),
      ),
    ).toBe(true);
    expect((await readdir(out)).sort()).toEqual([
      'events.json',
      'records.basis.jsonl',
      'records.jsonl',
      'report.html',
      'report.json',
      'report.md',
      'summary.json',
      'summary.txt',
    ]);
  });

  // Two member processes try Redis for 10 s, then stop: about 15 s.
  it('fails with exit 4 on a Redis it cannot use, never printing the password of its URL', {
    timeout: 60_000,
  }, async () => {
    // A port on 127.0.0.1 that nothing listens on (taken, then released).
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const scenario = JSON.parse(await readFile(file, 'utf8'));
    scenario.fleet.redis = `redis://drill:secret@127.0.0.1:${port}`;
    const unreachable = join(dir, 'unreachable.json');
    await writeFile(unreachable, JSON.stringify(scenario));
    const result = await run('drill', unreachable, '--out', join(dir, 'unreachable'));
    expect(result.code).toBe(exitCodes.runFailed);
    expect(result.stderr).toContain(`sharing health through redis://[redacted]@127.0.0.1:${port};`);
    expect(result.stderr).toMatch(
      /Redis at redis:\/\/\[redacted\]@127\.0\.0\.1:\d+ could not be used for 10 s/,
    );
    expect(`${result.stdout}${result.stderr}`).not.toContain('secret');
  });

  it('refuses the options a fleet drill does not take', async () => {
    const result = await run('drill', file, '--baseline');
    expect(result.code).toBe(exitCodes.usage);
    expect(result.stderr).toContain('--mode, --baseline and --max-spend do not apply');
  });
});
