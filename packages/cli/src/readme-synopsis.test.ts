import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { createProgram } from './create-program.js';
import type { Output } from './output.js';

const silent: Output = { stdout: () => {}, stderr: () => {}, interactive: false };

/** The README's command table: each row's synopsis (`switchyard drill <scenario> [--out DIR] ...`). */
async function synopses(): Promise<string[]> {
  const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
  return [...readme.matchAll(/^\| `(switchyard [^`]+)`/gm)].map((match) => match[1] as string);
}

describe('the README command table', () => {
  const program = createProgram(silent);

  it.each(program.commands.map((command: Command) => [command.name(), command] as const))(
    'names every option of switchyard %s',
    async (name, command) => {
      const rows = (await synopses()).filter(
        (row) => row.startsWith(`switchyard ${name} `) || row === `switchyard ${name}`,
      );
      expect(rows.length, `no row for switchyard ${name}`).toBeGreaterThan(0);
      const missing = command.options
        .map((option) => option.long as string)
        .filter((long) => !rows.some((row) => new RegExp(`${long}(?![\\w-])`).test(row)));
      expect(missing).toEqual([]);
    },
  );
});
