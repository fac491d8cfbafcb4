import { describe, expect, it } from 'vitest';
import { exampleFromJsonSchema } from './example-from-json-schema.js';

describe('exampleFromJsonSchema', () => {
  describe('exampleFromJsonSchema()', () => {
    it('fills required properties only', () => {
      expect(
        exampleFromJsonSchema({
          type: 'object',
          properties: { a: { type: 'string' }, b: { type: 'number' }, c: { type: 'boolean' } },
          required: ['a', 'c'],
        }),
      ).toEqual({ a: 'example', c: false });
    });

    it('prefers const, default and the first enum value', () => {
      expect(exampleFromJsonSchema({ const: 7 })).toBe(7);
      expect(exampleFromJsonSchema({ type: 'string', default: 'd', enum: ['e'] })).toBe('d');
      expect(exampleFromJsonSchema({ type: 'string', enum: ['low', 'high'] })).toBe('low');
    });

    it('respects string lengths and formats', () => {
      expect(exampleFromJsonSchema({ type: 'string', minLength: 10 })).toBe('examplexxx');
      expect(exampleFromJsonSchema({ type: 'string', maxLength: 3 })).toBe('exa');
      expect(exampleFromJsonSchema({ type: 'string', format: 'date-time' })).toBe('2026-01-01T00:00:00Z');
      expect(exampleFromJsonSchema({ type: 'string', format: 'email' })).toBe('user@example.com');
    });

    it('respects numeric bounds and multipleOf', () => {
      expect(exampleFromJsonSchema({ type: 'integer', minimum: 3 })).toBe(3);
      expect(exampleFromJsonSchema({ type: 'integer', exclusiveMinimum: 3 })).toBe(4);
      expect(exampleFromJsonSchema({ type: 'number', exclusiveMinimum: 3 })).toBe(3.5);
      expect(exampleFromJsonSchema({ type: 'number', maximum: -2 })).toBe(-2);
      expect(exampleFromJsonSchema({ type: 'integer', minimum: 1, multipleOf: 5 })).toBe(5);
    });

    it('builds minItems array items, and follows $ref, anyOf and allOf', () => {
      expect(exampleFromJsonSchema({ type: 'array', items: { type: 'integer' }, minItems: 2 })).toEqual([
        0, 0,
      ]);
      expect(
        exampleFromJsonSchema({
          $defs: { city: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } },
          type: 'object',
          properties: { home: { $ref: '#/$defs/city' } },
          required: ['home'],
        }),
      ).toEqual({ home: { name: 'example' } });
      expect(exampleFromJsonSchema({ anyOf: [{ type: 'null' }, { type: 'integer' }] })).toBe(0);
      expect(
        exampleFromJsonSchema({
          allOf: [
            { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
            { properties: { b: { const: 1 } }, required: ['b'] },
          ],
        }),
      ).toEqual({ a: 'example', b: 1 });
    });

    it('takes the first non-null type of a type list', () => {
      expect(exampleFromJsonSchema({ type: ['null', 'string'] })).toBe('example');
    });

    it('terminates on a schema that requires itself', () => {
      const recursive = { type: 'object', properties: { child: { $ref: '#' } }, required: ['child'] };
      let depth = 0;
      let node = exampleFromJsonSchema(recursive) as { child?: unknown } | null;
      while (node !== null && typeof node === 'object') {
        node = node.child as { child?: unknown } | null;
        depth += 1;
      }
      expect(depth).toBeGreaterThan(5);
      expect(depth).toBeLessThan(40);
    });
  });
});
