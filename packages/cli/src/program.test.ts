import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { commandLoaders } from './command-loaders.js';
import { createProgram } from './create-program.js';
import { exitCodes } from './exit-codes.js';
import type { Output } from './output.js';
import { runInProcess as run } from './testing/run-in-process.js';

const exampleConfig = new URL('../../../examples/config/switchyard.yaml', import.meta.url).pathname;

describe('switchyard', () => {
  describe('explain', () => {
    it('denies the export-controlled frontier model to a CN caller after the effective date, naming the rule', async () => {
      const result = await run(
        'explain',
        '--config',
        exampleConfig,
        '--route',
        'chat',
        '--jurisdiction',
        'CN',
        '--at',
        '2026-07-01T00:00:00Z',
      );
      expect(result.code).toBe(exitCodes.ok);
      expect(result.stdout).toMatch(
        /openai-gpt\s+│ openai\/gpt-5\.4\s+│ US\s+│ DENIED\s+│ denied by us-export-2026\/frontier-models/,
      );
      expect(result.stdout).toContain(
        '2 of 4 candidates may serve this caller, in this order: eu-mistral, local-llama.',
      );
    });

    it('allows it the day before the export control is effective', async () => {
      const result = await run(
        'explain',
        '-c',
        exampleConfig,
        '-r',
        'chat',
        '-j',
        'CN',
        '--at',
        '2026-06-24T23:59:59Z',
        '--json',
      );
      const parsed = JSON.parse(result.stdout) as { verdicts: { targetId: string; allowed: boolean }[] };
      expect(parsed.verdicts.find((verdict) => verdict.targetId === 'openai-gpt')?.allowed).toBe(true);
    });

    it('keeps regulated data of a DE caller on EU-hosted and self-hosted targets', async () => {
      const result = await run(
        'explain',
        '-c',
        exampleConfig,
        '-r',
        'chat',
        '-j',
        'DE',
        '-d',
        'regulated',
        '--json',
      );
      const parsed = JSON.parse(result.stdout) as {
        verdicts: { targetId: string; allowed: boolean; effect: string }[];
      };
      expect(parsed.verdicts.filter((verdict) => verdict.allowed).map((verdict) => verdict.targetId)).toEqual(
        ['eu-mistral', 'local-llama'],
      );
      expect(parsed.verdicts[0]).toMatchObject({ targetId: 'anthropic-claude', effect: 'require' });
    });

    it('fails with a usage error naming the routes when the route is unknown', async () => {
      const result = await run('explain', '-c', exampleConfig, '-r', 'nope');
      expect(result.code).toBe(exitCodes.usage);
      expect(result.stderr).toContain('route "nope" is not in');
      expect(result.stderr).toContain('its routes are: chat, code');
    });

    it('rejects a bad --at date', async () => {
      const result = await run('explain', '-c', exampleConfig, '-r', 'chat', '--at', 'yesterday');
      expect(result.code).toBe(exitCodes.usage);
      expect(result.stderr).toContain(
        '--at: "yesterday" is not an ISO 8601 instant; expected an instant such as 2026-06-25T00:00:00Z',
      );
    });

    it('is a usage error without --route', async () => {
      const result = await run('explain', '-c', exampleConfig);
      expect(result.code).toBe(exitCodes.usage);
      expect(result.stderr).toContain("required option '-r, --route <name>' not specified");
    });
  });

  describe('validate', () => {
    it('summarises a valid config', async () => {
      const result = await run('validate', '--config', exampleConfig);
      expect(result.code).toBe(exitCodes.ok);
      expect(result.stdout).toMatch(/is valid: 4 targets, 2 routes, 6 rules \(5 from packs/);
    });

    it('reports every problem with file:line:column and exits 3', async () => {
      const folder = await mkdtemp(join(tmpdir(), 'switchyard-cli-'));
      const file = join(folder, 'bad.yaml');
      await writeFile(
        file,
        'targets:\n  - id: a\n    provider: openai\n    model: m\n    hostedIn: US\n    origin: US\n    weights: shut\n    contextWindow: 5\nroutes:\n  chat: { targets: [a], strategy: random }\n',
      );
      const result = await run('validate', '-c', file);
      expect(result.code).toBe(exitCodes.invalidInput);
      expect(result.stderr).toContain(
        `${file}:7:14 targets[0].weights: invalid value "shut"; expected one of "open", "closed"`,
      );
      expect(result.stderr).toContain(
        `${file}:10:35 routes.chat.strategy: invalid value "random"; expected one of`,
      );
      expect(result.stderr).not.toMatch(/\n\s+at /);
    });

    it('says which file could not be read', async () => {
      const result = await run('validate', '-c', '/no/such/switchyard.yaml');
      expect(result.code).toBe(exitCodes.invalidInput);
      expect(result.stderr).toContain(
        '/no/such/switchyard.yaml (file): cannot read the config: no such file; check the --config path',
      );
    });
  });

  describe('usage', () => {
    it('prints help for every command', async () => {
      for (const command of ['explain', 'validate', 'simulate']) {
        const result = await run(command, '--help');
        expect(result.code).toBe(exitCodes.ok);
        expect(result.stdout).toContain(`Usage: switchyard ${command}`);
      }
    });

    it('loads one command per run: each command, alone, parses and helps as in the whole program', async () => {
      const whole = createProgram({ stdout: () => {}, stderr: () => {}, interactive: false });
      const names = whole.commands.map((command) => command.name());
      expect([...commandLoaders.keys()].sort()).toEqual([...names].sort());
      for (const name of names) {
        let help = '';
        const output: Output = {
          stdout: (text) => {
            help += text;
          },
          stderr: () => {},
          interactive: false,
        };
        const all = createProgram(output);
        await expect(all.parseAsync([name, '--help'], { from: 'user' })).rejects.toMatchObject({
          code: 'commander.helpDisplayed',
        });
        const alone = await run(name, '--help');
        expect(alone.code).toBe(exitCodes.ok);
        expect(alone.stdout).toBe(help);
      }
    });

    it('is the whole program without a command: top-level help lists every command', async () => {
      const result = await run('--help');
      expect(result.code).toBe(exitCodes.ok);
      for (const name of commandLoaders.keys()) expect(result.stdout).toContain(`  ${name}`);
    });

    it('is a usage error for an unknown command', async () => {
      const result = await run('frobnicate');
      expect(result.code).toBe(exitCodes.usage);
      expect(result.stderr).toContain("unknown command 'frobnicate'");
    });
  });

  describe('bin', () => {
    // A CLI child process (tsx compiles its sources): 9 s on a busy machine.
    it('exits with the mapped code and prints no stack trace', { timeout: 60_000 }, async () => {
      const bin = new URL('./bin.ts', import.meta.url).pathname;
      const failure = await promisify(execFile)(
        process.execPath,
        ['--conditions=@switchyard/source', '--import', 'tsx', bin, 'validate', '-c', '/no/such/file.yaml'],
        { cwd: new URL('..', import.meta.url).pathname },
      ).catch((error: { code: number; stderr: string }) => error);
      expect('code' in failure ? failure.code : 0).toBe(exitCodes.invalidInput);
      expect('stderr' in failure ? failure.stderr : '').toContain('cannot read the config');
      expect('stderr' in failure ? failure.stderr : '').not.toMatch(/\n\s+at /);
    });
  });
});
