import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { createProgram } from './create-program.js';
import { exitCodes, UsageError } from './exit-codes.js';
import type { Output } from './output.js';
import { isRepeatable, refuseRepeatedOptions, repeatable } from './refuse-repeated-options.js';
import { runInProcess as run } from './testing/run-in-process.js';

const silent: Output = { stdout: () => {}, stderr: () => {}, interactive: false };

/** A small command with one option of each kind, checked by {@link refuseRepeatedOptions}. */
function sample(): Command {
  const command = new Command('sample')
    .exitOverride()
    .option('-s, --seed <n>', 'seed', (value: string) => Number.parseInt(value, 10))
    .option('--json', 'print JSON', false)
    .option('--no-report', 'do not write the report')
    .option('--level [n]', 'optional value')
    .option('--files <files...>', 'variadic')
    .addOption(
      repeatable(
        new Option('--tag <tag>', 'tag (repeatable)')
          .argParser((value: string, all: string[]) => [...all, value])
          .default([]),
      ),
    )
    .action(() => {});
  refuseRepeatedOptions(command);
  return command;
}

const parse = (command: Command, ...argv: string[]) => command.parseAsync(argv, { from: 'user' });

describe('refuseRepeatedOptions', () => {
  it('refuses an option given twice, naming it and both values, in every spelling', async () => {
    const message = '--seed was given twice ("1", then "2"): it takes one value; give it once';
    await expect(parse(sample(), '--seed', '1', '--seed', '2')).rejects.toThrow(new UsageError(message));
    await expect(parse(sample(), '-s', '1', '--seed=2')).rejects.toThrow(message);
    await expect(parse(sample(), '-s1', '-s', '2')).rejects.toThrow(message);
  });

  it('refuses a flag given twice, and a negated flag given twice', async () => {
    await expect(parse(sample(), '--json', '--json')).rejects.toThrow('--json was given twice: give it once');
    await expect(parse(sample(), '--no-report', '--no-report')).rejects.toThrow(
      '--no-report was given twice: give it once',
    );
  });

  it('names an optional value given once and missing once', async () => {
    await expect(parse(sample(), '--level', '--level', '3')).rejects.toThrow(
      '--level was given twice (no value, then "3"): it takes one value; give it once',
    );
  });

  it('refuses the second occurrence before its value is parsed', async () => {
    await expect(parse(sample(), '--seed', '1', '--seed', 'not a number')).rejects.toThrow(
      '--seed was given twice ("1", then "not a number")',
    );
  });

  it('keeps repeatable and variadic options, and one occurrence of each other option', async () => {
    const command = sample();
    await parse(
      command,
      '--tag',
      'a',
      '--tag',
      'b',
      '--files',
      'x',
      'y',
      '--files',
      'z',
      '--seed',
      '7',
      '--json',
    );
    expect(command.opts()).toEqual({
      seed: 7,
      json: true,
      report: true,
      files: ['x', 'y', 'z'],
      tag: ['a', 'b'],
    });
  });

  it('starts afresh on each parse of the same command', async () => {
    const command = sample();
    await parse(command, '--seed', '1');
    await parse(command, '--seed', '2');
    expect(command.opts().seed).toBe(2);
  });
});

/** Every command (and subcommand) of the program, with the words that run it. */
function commandsOf(command: Command, path: string[] = []): { path: string[]; command: Command }[] {
  return command.commands.flatMap((sub) => [
    { path: [...path, sub.name()], command: sub },
    ...commandsOf(sub, [...path, sub.name()]),
  ]);
}

describe('switchyard', () => {
  const program = createProgram(silent);
  const commands = commandsOf(program);
  const options = commands.flatMap(({ path, command }) =>
    command.options.map((option) => ({ path, option })),
  );

  it('walks every command and its options', () => {
    expect(commands.map(({ path }) => path.join(' '))).toContain('drill');
    expect(options.length).toBeGreaterThan(60);
  });

  it('declares as repeatable exactly the options whose help says so (or are variadic)', () => {
    for (const { path, option } of options) {
      const says = /repeatable/.test(option.description) || option.variadic;
      expect({ command: path.join(' '), option: option.flags, repeatable: isRepeatable(option) }).toEqual({
        command: path.join(' '),
        option: option.flags,
        repeatable: says,
      });
    }
  });

  describe.each(options.filter(({ option }) => !isRepeatable(option)))(
    '$path.0 $option.flags',
    ({ path, option }) => {
      it('is refused when given twice, naming it', async () => {
        // A fresh program whose option parsers accept anything: this checks the refusal every
        // option gets, which runs before a parser sees the second value.
        const fresh = createProgram(silent);
        const command = commandsOf(fresh).find((entry) => entry.path.join(' ') === path.join(' '))?.command;
        const same = command?.options.find((other) => other.flags === option.flags);
        if (same === undefined) throw new Error(`${path.join(' ')} ${option.flags} not found again`);
        same.parseArg = undefined;
        same.argChoices = undefined;
        const flag = option.long ?? option.short ?? option.flags;
        const given = option.required || option.optional ? [flag, 'one', flag, 'two'] : [flag, flag];
        const failure = await fresh
          .parseAsync([...path, ...given], { from: 'user' })
          .catch((error: unknown) => error);
        expect(failure).toBeInstanceOf(UsageError);
        expect((failure as Error).message).toContain(`${flag} was given twice`);
      });
    },
  );
});

describe('switchyard (run)', () => {
  it('refuses drill --seed 1 --seed 2 with exit 2, naming the option, both values and to give it once', async () => {
    const result = await run('drill', 'missing.yaml', '--seed', '1', '--seed', '2');
    expect(result.code).toBe(exitCodes.usage);
    expect(result.stderr).toBe(
      'switchyard: --seed was given twice ("1", then "2"): it takes one value; give it once\n(add --help for usage)\n',
    );
  });

  it('refuses explain --route chat --route code', async () => {
    const result = await run('explain', '-c', 'x.yaml', '--route', 'chat', '-r', 'code');
    expect(result.code).toBe(exitCodes.usage);
    expect(result.stderr).toContain('--route was given twice ("chat", then "code")');
  });

  it('refuses report --md x.md --md y.md before writing anything', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'switchyard-twice-'));
    const result = await run(
      'report',
      'records.jsonl',
      '--md',
      join(folder, 'x.md'),
      '--md',
      join(folder, 'y.md'),
    );
    expect(result.code).toBe(exitCodes.usage);
    expect(result.stderr).toContain(
      `--md was given twice ("${join(folder, 'x.md')}", then "${join(folder, 'y.md')}")`,
    );
    expect(await readdir(folder)).toEqual([]);
  });

  it('still takes explain --tag twice (repeatable)', async () => {
    const config = new URL('../../../examples/config/switchyard.yaml', import.meta.url).pathname;
    const result = await run(
      'explain',
      '-c',
      config,
      '-r',
      'chat',
      '-j',
      'DE',
      '--tag',
      'a',
      '--tag',
      'b',
      '--json',
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(exitCodes.ok);
  });
});
