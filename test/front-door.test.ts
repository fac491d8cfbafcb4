import { execFileSync, execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;
const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  scripts: Record<string, string>;
};

describe('the front door', () => {
  it('runs `pnpm switchyard <command>` at the root from the sources, without a build', () => {
    const output = execSync(`${manifest.scripts.switchyard} --version`, { cwd: root, encoding: 'utf8' });
    expect(output.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('has a top-level tsconfig.json that references every package, example and test/ (tsc -b)', () => {
    // Exits 1 naming the files when a package's references or the top-level list are out of date.
    execFileSync(process.execPath, ['scripts/sync-project-references.mjs', '--check'], { cwd: root });
    const config = JSON.parse(readFileSync(new URL('../tsconfig.json', import.meta.url), 'utf8')) as {
      references: { path: string }[];
    };
    const paths = config.references.map((reference) => reference.path);
    expect(paths).toEqual(
      expect.arrayContaining(['packages/core', 'packages/router', 'examples/quickstart', 'test']),
    );
  });
});
