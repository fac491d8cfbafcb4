import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ConfigError } from '../errors/config-error.js';
import { thrownConfigError } from '../testing/thrown-config-error.js';
import { parseDocument, readDocument } from './parse-document.js';

const value = (text: string) => readDocument({ text, file: 'x.yaml' }).value;
const located = (error: ConfigError) =>
  error.issues.map((issue) => `${issue.line}:${issue.column} ${issue.path}: ${issue.message}`);

describe('merge keys', () => {
  describe('readDocument', () => {
    it('merges a mapping into the one holding <<, whose own keys win before or after it (YAML 1.1)', () => {
      const text = [
        'base: &base { x: 1, y: 2, z: 3 }',
        'after:',
        '  <<: *base',
        '  y: 20',
        'before:',
        '  y: 20',
        '  <<: *base',
        '',
      ].join('\n');
      expect(value(text)).toEqual({
        base: { x: 1, y: 2, z: 3 },
        after: { x: 1, y: 20, z: 3 },
        before: { x: 1, y: 20, z: 3 },
      });
    });

    it('merges a list of mappings, the first winning, and an inline mapping without anchors', () => {
      const text = 'a: &a { x: 1 }\nb: &b { x: 2, y: 2 }\nc:\n  <<: [*a, *b]\n';
      expect(value(text)).toMatchObject({ c: { x: 1, y: 2 } });
      // No anchor or alias: the fast reader would read `<<` as a key; it leaves it to the exact one.
      expect(value('d:\n  <<: { q: 1 }\n  r: 2\n')).toEqual({ d: { q: 1, r: 2 } });
    });

    it('reads a quoted "<<" as a key like any other (and JSON keeps it)', () => {
      expect(value('a:\n  "<<": { q: 1 }\n')).toEqual({ a: { '<<': { q: 1 } } });
      expect(value('{"a": {"<<": {"q": 1}}}')).toEqual({ a: { '<<': { q: 1 } } });
    });

    it('refuses a merge of what is not a mapping, at that value, saying what to write', () => {
      const error = thrownConfigError(() => value('a: 1\nb:\n  <<: 5\n'));
      expect(error.code).toBe('SWITCHYARD_CONFIG_UNREADABLE');
      expect(located(error)).toEqual([
        '3:7 (syntax): a YAML merge key (<<) merges a mapping; found the number 5; expected a mapping, an alias of one (<<: *defaults) or a list of them (<<: [*first, *second])',
      ]);
      const listed = thrownConfigError(() => value('l: &l [1]\nb:\n  <<: [{ q: 1 }, *l]\n'));
      expect(located(listed)[0]).toBe(
        '3:18 (syntax): a YAML merge key (<<) merges a list of mappings; found *l (an alias of a list) in its list; expected a mapping, an alias of one (<<: *defaults) or a list of them (<<: [*first, *second])',
      );
    });

    it('refuses two merge keys in one mapping, saying how to merge several', () => {
      const error = thrownConfigError(() => value('b:\n  <<: { q: 1 }\n  <<: { r: 1 }\n'));
      expect(located(error)).toEqual([
        '3:3 (syntax): a second YAML merge key (<<) in one mapping; expected one, merging a list: <<: [*first, *second] (the first wins)',
      ]);
    });

    it('still reports an alias of an anchor not defined before it', () => {
      const error = thrownConfigError(() => value('b:\n  <<: *nowhere\n'));
      expect(error.issues[0]?.message).toContain('expected an anchor (&name) before its alias (*name)');
    });
  });

  describe('parseDocument', () => {
    const schema = z
      .object({ items: z.array(z.object({ id: z.string(), size: z.number() }).strict()) })
      .strict();

    it('locates a problem in a merged value where it is written, and one in an own key at that key', () => {
      const text = [
        'items:',
        '  - &first',
        '    id: a',
        '    size: big',
        '  - <<: *first',
        '    id: b',
        '  - <<: *first',
        '    id: 3',
        '    size: 4',
        '',
      ].join('\n');
      const error = thrownConfigError(() => parseDocument({ text, file: 'x.yaml', schema }));
      expect(located(error)).toEqual([
        '4:11 items[0].size: wrong type: got text "big"; expected a finite number',
        '4:11 items[1].size: wrong type: got text "big"; expected a finite number',
        '8:9 items[2].id: wrong type: got number 3; expected text',
      ]);
    });
  });
});
