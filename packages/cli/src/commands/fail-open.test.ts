import { execFile } from 'node:child_process';
import { access, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { exitCodes } from '../exit-codes.js';
import { runInProcess as run } from '../testing/run-in-process.js';

/**
 * Regression tests, through the command line, for the ways the policy
 * failed open (issue 10).
 */

const exampleConfig = new URL('../../../../examples/config/switchyard.yaml', import.meta.url).pathname;
const bin = new URL('../bin.ts', import.meta.url).pathname;

/** Runs the real bin in a child process with a time zone, as a user would. */
async function runBin(argv: string[], env: Record<string, string>) {
  return promisify(execFile)(
    process.execPath,
    ['--conditions=@switchyard/source', '--import', 'tsx', bin, ...argv],
    {
      cwd: new URL('../..', import.meta.url).pathname,
      env: { ...process.env, ...env },
    },
  ).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'switchyard-fail-open-'));
});

describe('switchyard, fail-open regressions', () => {
  it('refuses a config whose groups redefine EU, instead of letting explain allow US targets for ES regulated data', async () => {
    const text = (await readFile(exampleConfig, 'utf8')).replace(
      'groups:\n',
      'groups:\n  EU: [DE, FR, NL]\n',
    );
    const file = join(dir, 'eu-redefined.yaml');
    await writeFile(file, text);
    for (const argv of [
      ['validate', '-c', file],
      ['explain', '-c', file, '-r', 'chat', '-j', 'ES', '-d', 'regulated'],
    ]) {
      const result = await run(...argv);
      expect(result.code).toBe(exitCodes.invalidInput);
      expect(result.stderr).toMatch(
        /groups\.EU: group "EU" redefines the built-in group EU.*EU_PLUS: \[EU, CH\]/,
      );
      expect(result.stdout).not.toContain('allowed');
    }
  });

  it('validates explain options as the router does: lower case and unknown codes are usage errors with the closest code', async () => {
    const lower = await run('explain', '-c', exampleConfig, '-r', 'chat', '-j', 'us');
    expect(lower.code).toBe(exitCodes.usage);
    expect(lower.stderr).toContain('--jurisdiction: unknown jurisdiction "us"');
    expect(lower.stderr).toContain('did you mean "US"?');
    const made = await run('explain', '-c', exampleConfig, '-r', 'chat', '-j', 'XX');
    expect(made.code).toBe(exitCodes.usage);
    expect(made.stderr).toContain('--jurisdiction: unknown jurisdiction "XX"');
    const dataClass = await run('explain', '-c', exampleConfig, '-r', 'chat', '-j', 'DE', '-d', 'regulted');
    expect(dataClass.code).toBe(exitCodes.usage);
    expect(dataClass.stderr).toContain('did you mean "regulated"?');
  });

  it('decides the same at 03:00Z in any server time zone, and refuses an instant without an offset', async () => {
    const noOffset = join(dir, 'no-offset.yaml');
    await writeFile(
      noOffset,
      (await readFile(exampleConfig, 'utf8')).replace(
        'effective: 2026-06-25T00:00:00Z',
        'effective: 2026-06-25T00:00:00',
      ),
    );
    const invalid = await runBin(['validate', '-c', noOffset], { TZ: 'America/Los_Angeles' });
    expect(invalid.code).toBe(exitCodes.invalidInput);
    expect(invalid.stderr).toMatch(/effective: "2026-06-25T00:00:00" has no offset/);
    expect(invalid.stderr).not.toMatch(/\n\s+at /);
    const explain = [
      'explain',
      '-c',
      exampleConfig,
      '-r',
      'chat',
      '-j',
      'CN',
      '--at',
      '2026-06-25T03:00:00Z',
      '--json',
    ];
    const inLosAngeles = await runBin(explain, { TZ: 'America/Los_Angeles' });
    const inProcess = await run(...explain);
    const allowed = (stdout: string) =>
      (JSON.parse(stdout) as { verdicts: { targetId: string; allowed: boolean }[] }).verdicts
        .filter((verdict) => verdict.allowed)
        .map((verdict) => verdict.targetId);
    expect(allowed(inLosAngeles.stdout)).toEqual(['eu-mistral', 'local-llama']);
    expect(allowed(inLosAngeles.stdout)).toEqual(allowed(inProcess.stdout));
  }, 120_000);

  it('rejects a drill whose timeline policy event is invalid before the run starts: exit 3, no output folder, no stack trace', async () => {
    const scenario = {
      name: 'bad-policy-event',
      config: {
        targets: [
          {
            id: 'gpt',
            provider: 'openai',
            model: 'gpt-4o',
            hostedIn: 'US',
            origin: 'US',
            weights: 'closed',
            contextWindow: 128000,
          },
        ],
        routes: { chat: { targets: ['gpt'] } },
      },
      workload: { route: 'chat', rate: 10, total: 20, mix: { jurisdictions: { US: 1, ch: 1 } } },
      timeline: [
        {
          at: '1s',
          type: 'policy',
          policy: {
            packs: ['us-export-control'],
            rules: [
              {
                id: 'r',
                description: 'd',
                source: 's',
                effect: 'deny',
                when: { jurisdiction: ['CNN'] },
                targets: { tags: ['frontier'] },
              },
            ],
          },
        },
      ],
      assertions: [{ type: 'all-accounted' }],
    };
    const file = join(dir, 'bad-policy-event.json');
    await writeFile(file, JSON.stringify(scenario, null, 2));
    const out = join(dir, 'bad-policy-event-out');
    const result = await run('drill', file, '--out', out);
    expect(result.code).toBe(exitCodes.invalidInput);
    expect(result.stderr).toMatch(
      /timeline\[0\]\.policy\.packs\[0\]: unknown policy pack "us-export-control".*did you mean "us-export-control-2026"\?/,
    );
    expect(result.stderr).toMatch(
      /timeline\[0\]\.policy\.rules\[0\]\.when\.jurisdiction\[0\]: unknown jurisdiction "CNN"/,
    );
    expect(result.stderr).toMatch(
      /timeline\[0\]\.policy\.rules\[0\]\.targets\.tags\[0\]: no target has tag "frontier"/,
    );
    expect(result.stderr).toMatch(
      /workload\.mix\.jurisdictions\.ch: unknown jurisdiction "ch".*did you mean "CH"\?/,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
    await expect(access(out)).rejects.toThrow();
  });

  it('reports every problem of a config in one run, and an alias bomb as a limit', async () => {
    const file = join(dir, 'bomb.yaml');
    let bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n';
    for (let index = 1; index < 9; index++) {
      const name = String.fromCharCode(97 + index);
      bomb += `${name}: &${name} [${Array(9)
        .fill(`*${String.fromCharCode(96 + index)}`)
        .join(',')}]\n`;
    }
    await writeFile(file, bomb);
    const result = await run('validate', '-c', file);
    expect(result.code).toBe(exitCodes.invalidInput);
    expect(result.stderr).toMatch(/bomb\.yaml.*alias/);
  });
});
