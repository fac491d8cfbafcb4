import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { thrownConfigError } from '../testing/thrown-config-error.js';
import { parseDocument, readDocument } from './parse-document.js';

const read = (text: string, limits?: Parameters<typeof readDocument>[0]['limits']) =>
  thrownConfigError(() => readDocument({ text, file: 'x.yaml', ...(limits ? { limits } : {}) }));

describe('readDocument', () => {
  describe('limits', () => {
    it('refuses a file larger than maxBytes, counting UTF-8 bytes', () => {
      const error = read(`a: ${'é'.repeat(60)}\n`, { maxBytes: 100 });
      expect(error.code).toBe('SWITCHYARD_CONFIG_LIMIT_EXCEEDED');
      expect(error.issues[0]?.message).toBe(
        'the file is 124 bytes; expected at most 100 bytes (limits.maxBytes)',
      );
    });

    it('refuses deep flow nesting before parsing it, at the bracket past the limit', () => {
      const error = read(`a: ${'['.repeat(100_000)}${']'.repeat(100_000)}`);
      expect(error.code).toBe('SWITCHYARD_CONFIG_LIMIT_EXCEEDED');
      expect(error.issues[0]).toMatchObject({ line: 1, column: 68, path: '(file)' });
      expect(error.issues[0]?.message).toContain('nesting deeper than 64 levels');
    });

    it('refuses deep compact sequences (- - - ...) and deep block nesting', () => {
      expect(read(`${'- '.repeat(70)}x\n`).code).toBe('SWITCHYARD_CONFIG_LIMIT_EXCEEDED');
      let block = '';
      for (let depth = 0; depth < 70; depth++) block += `${' '.repeat(depth)}k:\n`;
      const error = read(block);
      expect(error.code).toBe('SWITCHYARD_CONFIG_LIMIT_EXCEEDED');
      expect(error.issues[0]?.line).toBe(65);
    });

    it('does not count brackets inside strings, comments or words', () => {
      const text = `a: "${'['.repeat(80)}"\nb: '${'{'.repeat(80)}'\n# ${'['.repeat(80)}\nc: x${'['.repeat(80)}\n`;
      expect(readDocument({ text, file: 'x.yaml' }).value).toMatchObject({ c: `x${'['.repeat(80)}` });
    });

    it('refuses more aliases than maxAliases, at the first one past it', () => {
      const text = `a: &a 1\nlist: [${Array(5).fill('*a').join(', ')}]\n`;
      const error = read(text, { maxAliases: 3 });
      expect(error.code).toBe('SWITCHYARD_CONFIG_LIMIT_EXCEEDED');
      expect(error.issues[0]?.message).toContain('more than 3 YAML aliases');
      expect(readDocument({ text, file: 'x.yaml' }).value).toEqual({ a: 1, list: [1, 1, 1, 1, 1] });
    });

    it('refuses an alias bomb whose few aliases expand exponentially', () => {
      let bomb = 'a: &a [x, x, x, x, x, x, x, x, x]\n';
      for (let level = 1; level < 9; level++) {
        const name = String.fromCharCode(97 + level);
        bomb += `${name}: &${name} [${Array(9)
          .fill(`*${String.fromCharCode(96 + level)}`)
          .join(', ')}]\n`;
      }
      const error = read(bomb, { maxAliases: 100 });
      expect(error.code).toBe('SWITCHYARD_CONFIG_LIMIT_EXCEEDED');
      expect(error.issues[0]?.message).toContain('YAML aliases expand past the limit');
    });

    it('refuses aliases that repeat a large value past the size of the file, at the alias past the limit', () => {
      const big = Array.from({ length: 20_000 }, (_, index) => `x${index}`).join(', ');
      const error = read(`a: &big [${big}]\nb: *big\nc: *big\nd: *big\n`);
      expect(error.code).toBe('SWITCHYARD_CONFIG_LIMIT_EXCEEDED');
      expect(error.issues[0]).toMatchObject({ line: 3, column: 4, path: '(file)' });
      expect(error.issues[0]?.message).toContain('YAML aliases expand past the limit');
    });

    it('reads aliases that reuse small values', () => {
      const list = Array.from({ length: 50 }, (_, index) => `t${index}`).join(', ');
      const uses = Array.from({ length: 20 }, (_, index) => `r${index}: *all\n`).join('');
      const { value } = readDocument({ text: `a: &all [${list}]\n${uses}`, file: 'x.yaml' });
      expect((value as Record<string, unknown>).r19).toHaveLength(50);
    });

    it('refuses an alias inside its own anchor (a value that contains itself)', () => {
      const error = read('a: &a [1, *a]\n');
      expect(error.code).toBe('SWITCHYARD_CONFIG_UNREADABLE');
      expect(error.issues[0]).toMatchObject({ line: 1, column: 11 });
      expect(error.issues[0]?.message).toContain('inside its own anchor');
    });
  });

  describe('content', () => {
    it('refuses binary content with a NUL byte as unreadable, naming its position', () => {
      const error = read('a: b\n\u0000c');
      expect(error.code).toBe('SWITCHYARD_CONFIG_UNREADABLE');
      expect(error.issues[0]).toMatchObject({ line: 2, column: 1 });
      expect(error.issues[0]?.message).toContain('binary');
    });

    it('keeps dates as text, even under %YAML 1.1, and refuses YAML type tags', () => {
      const text = '%YAML 1.1\n---\na: 2026-06-25T00:00:00\n';
      expect(readDocument({ text, file: 'x.yaml' }).value).toEqual({ a: '2026-06-25T00:00:00' });
      for (const tag of ['!!timestamp 2026-06-25T00:00:00', '!!binary aGVsbG8=', '!!set {x}']) {
        const error = read(`a: ${tag}\n`);
        expect(error.code).toBe('SWITCHYARD_CONFIG_UNREADABLE');
        expect(error.issues[0]?.message).toMatch(/^unsupported YAML tag/);
      }
    });

    it('refuses a second document and duplicate keys', () => {
      expect(read('a: 1\n---\nb: 2\n').issues[0]?.message).toContain('second YAML document');
      expect(read('a: 1\na: 2\n').issues[0]?.message).toContain('written twice in one mapping');
    });

    it('refuses keys written differently that would become the same property (the last would win)', () => {
      for (const text of [
        '1: a\n"1": b\n',
        '~: a\n"": b\n',
        'true: a\n"true": b\n',
        '{.nan: a, .NaN: b}\n',
      ]) {
        expect(read(text).issues[0], text).toMatchObject({
          line: 2 - Number(text.startsWith('{')),
          path: '(syntax)',
        });
        expect(read(text).issues[0]?.message, text).toContain('written twice in one mapping');
      }
    });
  });
});

describe('parseDocument', () => {
  const schema = z
    .object({ name: z.string(), kind: z.enum(['cutoff', 'outage']), size: z.number().optional() })
    .strict();

  it('reports every schema problem at once, sorted by position, with the closest valid key and value', () => {
    const error = thrownConfigError(() =>
      parseDocument({ text: 'sise: 3\nkind: cutof\nname: 4\n', file: 'x.yaml', schema }),
    );
    expect(
      error.issues.map((issue) => `${issue.line}:${issue.column} ${issue.path}: ${issue.message}`),
    ).toEqual([
      '1:7 sise: unknown key "sise"; expected one of name, kind, size; did you mean "size"?',
      '2:7 kind: invalid value "cutof"; expected one of "cutoff", "outage"; did you mean "cutoff"?',
      '3:7 name: wrong type: got number 4; expected text',
    ]);
  });

  it('runs further checks even when the schema fails, on the raw value', () => {
    const error = thrownConfigError(() =>
      parseDocument({
        text: 'name: a\nkind: meteor\n',
        file: 'x.yaml',
        schema,
        check: ({ value, parsed }) => [
          {
            path: ['name'],
            message: `checked ${parsed === undefined ? 'raw' : 'parsed'} ${JSON.stringify(value)}`,
          },
        ],
      }),
    );
    expect(error.issues.map((issue) => issue.message)).toContain('checked raw {"name":"a","kind":"meteor"}');
  });
});
