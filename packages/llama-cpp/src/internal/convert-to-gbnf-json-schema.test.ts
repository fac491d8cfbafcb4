import { describe, expect, it } from 'vitest';
import { convertToGbnfJsonSchema } from './convert-to-gbnf-json-schema.js';

describe('convertToGbnfJsonSchema', () => {
  it('keeps what a grammar enforces: objects, arrays, strings, numbers, const, enum, unions', () => {
    const { schema, unenforced } = convertToGbnfJsonSchema({
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      title: 'Order',
      properties: {
        id: { type: 'string', minLength: 1, maxLength: 8 },
        at: { type: 'string', format: 'date-time' },
        count: { type: 'integer' },
        status: { enum: ['open', 'shipped'] },
        kind: { const: 'order' },
        note: { type: ['string', 'null'] },
        tags: { type: 'array', items: { type: 'string' }, maxItems: 3 },
        either: { anyOf: [{ type: 'number' }, { type: 'boolean' }] },
      },
      required: ['id'],
      additionalProperties: false,
    });
    expect(unenforced).toEqual([]);
    expect(schema).toEqual({
      type: 'object',
      properties: {
        id: { type: 'string', minLength: 1, maxLength: 8 },
        at: { type: 'string', format: 'date-time' },
        count: { type: 'integer' },
        status: { enum: ['open', 'shipped'] },
        kind: { const: 'order' },
        note: { oneOf: [{ type: 'string' }, { type: 'null' }] },
        tags: { type: 'array', items: { type: 'string' }, maxItems: 3 },
        either: { oneOf: [{ type: 'number' }, { type: 'boolean' }] },
      },
      required: ['id'],
      additionalProperties: false,
    });
  });

  it('moves definitions into $defs and rewrites the references', () => {
    const { schema } = convertToGbnfJsonSchema({
      type: 'object',
      properties: { item: { $ref: '#/definitions/item' } },
      definitions: { item: { type: 'object', properties: { n: { type: 'number' } } } },
    });
    expect(schema).toEqual({
      type: 'object',
      properties: { item: { $ref: '#/$defs/item' } },
      $defs: { item: { type: 'object', properties: { n: { type: 'number' } } } },
    });
  });

  it('names every keyword it cannot enforce, with its JSON pointer', () => {
    const { unenforced } = convertToGbnfJsonSchema({
      type: 'object',
      properties: {
        email: { type: 'string', format: 'email', pattern: '@' },
        age: { type: 'integer', minimum: 0 },
        both: { allOf: [{ type: 'string' }, { maxLength: 3 }] },
      },
    });
    expect(unenforced).toEqual([
      '/properties/email: pattern',
      '/properties/email: format email',
      '/properties/age: minimum',
      '/properties/both: allOf of 2 schemas (the first is used)',
    ]);
  });

  it('enforces a small integer range as an enum of its integers, and names a range too large for one', () => {
    const { schema, unenforced } = convertToGbnfJsonSchema({
      type: 'object',
      properties: {
        stars: { type: 'integer', minimum: 1, maximum: 5, description: 'rating' },
        open: { type: 'integer', exclusiveMinimum: -1.5, exclusiveMaximum: 2 },
        wide: { type: 'integer', minimum: 0, maximum: 256 },
        empty: { type: 'integer', minimum: 3, maximum: 2 },
        int: { type: 'integer', minimum: -9007199254740991, maximum: 9007199254740991 },
      },
    });
    expect((schema as { properties: unknown }).properties).toEqual({
      stars: { enum: [1, 2, 3, 4, 5], description: 'rating' },
      open: { enum: [-1, 0, 1] },
      wide: { type: 'integer' },
      empty: { type: 'integer' },
      int: { type: 'integer' },
    });
    expect(unenforced).toEqual([
      '/properties/wide: minimum',
      '/properties/wide: maximum',
      '/properties/empty: minimum',
      '/properties/empty: maximum',
      '/properties/int: minimum',
      '/properties/int: maximum',
    ]);
  });
});
