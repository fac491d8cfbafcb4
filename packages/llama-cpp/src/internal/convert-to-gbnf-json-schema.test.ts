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

  it('follows a reference to the root (zod recursive schemas) and any JSON pointer, and names one that points nowhere', () => {
    const node = {
      type: 'object',
      properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#' } } },
      required: ['name', 'children'],
      additionalProperties: false,
    } as const;
    const converted = {
      type: 'object',
      properties: {
        name: { type: 'string' },
        children: { type: 'array', items: { $ref: '#/$defs/root' } },
      },
      required: ['name', 'children'],
      additionalProperties: false,
    };
    expect(convertToGbnfJsonSchema(node)).toEqual({
      schema: { $ref: '#/$defs/root', $defs: { root: converted } },
      unenforced: [],
    });
    const pointers = convertToGbnfJsonSchema({
      type: 'object',
      properties: {
        a: { type: 'boolean' },
        b: { $ref: '#/properties/a' },
        c: { $ref: '#/$defs/missing' },
        d: { $ref: 'https://example.com/s.json' },
      },
    });
    expect(pointers.schema).toMatchObject({
      properties: { b: { $ref: '#/$defs/ref0' } },
      $defs: { ref0: { type: 'boolean' } },
    });
    // A definition named like the names given to the root or to a pointer keeps its own.
    const clash = convertToGbnfJsonSchema({
      type: 'object',
      properties: {
        a: { $ref: '#/$defs/root' },
        b: { $ref: '#/$defs/ref0' },
        c: { $ref: '#/properties/a' },
        d: { type: 'array', items: { $ref: '#' } },
      },
      $defs: { root: { type: 'null' }, ref0: { type: 'boolean' } },
    });
    expect(clash.schema).toMatchObject({
      $ref: '#/$defs/root_1',
      $defs: {
        root: { type: 'null' },
        ref0: { type: 'boolean' },
        ref1: { $ref: '#/$defs/root' },
        root_1: { properties: { c: { $ref: '#/$defs/ref1' }, d: { items: { $ref: '#/$defs/root_1' } } } },
      },
    });
    expect(pointers.unenforced).toEqual([
      '/properties/c: $ref #/$defs/missing (it points to no schema in this one: any value)',
      '/properties/d: $ref https://example.com/s.json (it points to no schema in this one: any value)',
    ]);
  });

  it('spells out const and enum values that are objects or arrays, which node-llama-cpp cannot take', () => {
    const { schema, unenforced } = convertToGbnfJsonSchema({
      type: 'object',
      properties: { point: { const: { x: 1, at: [true] } }, pick: { enum: ['none', [1]] } },
    });
    expect(unenforced).toEqual([]);
    expect((schema as { properties: unknown }).properties).toEqual({
      point: {
        type: 'object',
        properties: {
          x: { const: 1 },
          at: { type: 'array', prefixItems: [{ const: true }], minItems: 1, maxItems: 1 },
        },
        additionalProperties: false,
      },
      pick: {
        oneOf: [{ const: 'none' }, { type: 'array', prefixItems: [{ const: 1 }], minItems: 1, maxItems: 1 }],
      },
    });
  });

  it('merges the keywords beside anyOf, oneOf and allOf into each alternative', () => {
    const { schema, unenforced } = convertToGbnfJsonSchema({
      type: 'object',
      properties: { email: { type: 'string' }, phone: { type: 'string' } },
      additionalProperties: false,
      anyOf: [{ required: ['email'] }, { properties: { fax: { type: 'string' } }, required: ['fax'] }],
    });
    const both = { email: { type: 'string' }, phone: { type: 'string' } };
    expect(schema).toEqual({
      oneOf: [
        { type: 'object', properties: both, required: ['email'], additionalProperties: false },
        { type: 'object', properties: both, required: ['fax'], additionalProperties: false },
      ],
    });
    expect(unenforced).toEqual([
      '/: required property fax of anyOf/1 (additionalProperties false leaves it out)',
    ]);
    expect(
      convertToGbnfJsonSchema({ type: 'string', oneOf: [{ maxLength: 2 }, { type: 'number' }] }),
    ).toEqual({
      schema: { oneOf: [{ type: 'string', maxLength: 2 }, { type: 'number' }] },
      unenforced: ['/: type beside oneOf and in oneOf/1 (the latter is used)'],
    });
  });

  it('lets minProperties add properties where the schema allows them, names min/maxProperties it cannot keep, and closes tuples', () => {
    const { schema, unenforced } = convertToGbnfJsonSchema({
      type: 'object',
      properties: {
        open: { type: 'object', properties: { a: { type: 'null' } }, minProperties: 2 },
        closed: {
          type: 'object',
          properties: { a: { type: 'null' } },
          minProperties: 2,
          additionalProperties: false,
        },
        few: { type: 'object', properties: { a: { type: 'null' }, b: { type: 'null' } }, maxProperties: 1 },
        pair: { type: 'array', items: [{ type: 'string' }, { type: 'number' }], additionalItems: false },
        rest: { type: 'array', prefixItems: [{ type: 'null' }], items: { type: 'boolean' } },
      },
    });
    expect((schema as { properties: Record<string, unknown> }).properties).toMatchObject({
      open: { additionalProperties: true, minProperties: 2 },
      closed: { additionalProperties: false },
      pair: { prefixItems: [{ type: 'string' }, { type: 'number' }], maxItems: 2 },
      rest: { prefixItems: [{ type: 'null' }], items: { type: 'boolean' } },
    });
    expect(unenforced).toEqual([
      '/properties/closed: minProperties 2 (1 properties and additionalProperties false)',
      '/properties/few: maxProperties 1 (every one of the 2 properties is written)',
    ]);
  });
});
