import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { exitCodes } from '../exit-codes.js';
import { runInProcess as run } from '../testing/run-in-process.js';

const exampleConfig = new URL('../../../../examples/config/switchyard.yaml', import.meta.url).pathname;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'switchyard-validate-'));
});

async function variant(name: string, edit: (text: string) => string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, edit(await readFile(exampleConfig, 'utf8')));
  return file;
}

const shadowed = `    - id: acme/also-closed
      description: A narrower copy of the rule above.
      source: "example"
      effect: deny
      effective: 2026-07-01T00:00:00Z
      when: { jurisdiction: [CN] }
      targets: { provider: [anthropic] }
`;

describe('switchyard validate', () => {
  it('passes the shipped example with --strict and prints its coverage and inactive pack rules', async () => {
    const result = await run('validate', '-c', exampleConfig, '--strict', '--coverage');
    expect(result.code).toBe(exitCodes.ok);
    expect(result.stdout).toMatch(
      /^inactive: .*switchyard\.yaml:\d+:\d+ policy\.packs\[0\]: pack rule "us-export-2026\/withdrawn-worldwide"/m,
    );
    expect(result.stdout).toMatch(
      /^coverage: 2 routes x \d+ jurisdictions x 3 data classes x 3 time segments: every cell has an allowed target$/m,
    );
  });

  it('prints lint findings as warnings and exits 0; --strict makes them errors (exit 3)', async () => {
    const file = await variant(
      'shadowed.yaml',
      (text) => `${text.replace('\ndefaults:', `${shadowed}\ndefaults:`)}`,
    );
    const lax = await run('validate', '-c', file);
    expect(lax.code).toBe(exitCodes.ok);
    expect(lax.stdout).toMatch(
      /warning: .*policy\.rules\[1\]: rule "acme\/also-closed" is shadowed by "acme\/no-closed-weights-for-restricted"/,
    );
    const strict = await run('validate', '-c', file, '--strict');
    expect(strict.code).toBe(exitCodes.invalidInput);
    expect(strict.stderr).toMatch(/policy\.rules\[1\]: rule "acme\/also-closed" is shadowed.*\(--strict\)/);
  });

  it('prints the dead ends with --coverage, and fails --strict on one for a served jurisdiction', async () => {
    const file = await variant('dead-end.yaml', (text) =>
      text.replace('    lastResort: [local-llama]\n  code:', '    lastResort: []\n  code:').replace(
        '\ndefaults:',
        `    - id: acme/sg-on-premises
      description: Singapore callers are served on premises only.
      source: "example"
      effect: require
      effective: 2026-08-01T00:00:00+08:00
      when: { jurisdiction: [SG] }
      targets: { hostedIn: [self] }
\ndefaults:`,
      ),
    );
    const coverage = await run('validate', '-c', file, '--coverage');
    expect(coverage.code).toBe(exitCodes.ok);
    expect(coverage.stdout).toContain(
      'route chat has no allowed target for SG callers from 2026-07-31T16:00Z (a jurisdiction this config serves)',
    );
    const strict = await run('validate', '-c', file, '--strict');
    expect(strict.code).toBe(exitCodes.invalidInput);
    expect(strict.stderr).toMatch(
      /routes\.chat: route chat has no allowed target for SG callers from 2026-07-31T16:00Z, a jurisdiction this config serves/,
    );
  });
});
