import type { JSONSchema7, JSONSchema7Definition } from '@ai-sdk/provider';
import type { GbnfJsonSchema } from 'node-llama-cpp';
import { localPointer, resolveJsonPointer } from './resolve-json-pointer.js';
import { withSiblings } from './with-siblings.js';

type Schema = Record<string, unknown>;

/** Annotations that constrain nothing. */
const ignored = new Set([
  '$schema',
  '$id',
  '$comment',
  'title',
  'default',
  'examples',
  'readOnly',
  'writeOnly',
  'deprecated',
]);
const handled = new Set([
  ...['type', 'description', 'const', 'enum', 'anyOf', 'oneOf', 'allOf', '$ref', '$defs', 'definitions'],
  ...['properties', 'required', 'additionalProperties', 'minProperties', 'maxProperties'],
  ...['items', 'prefixItems', 'additionalItems', 'minItems', 'maxItems', 'minLength', 'maxLength', 'format'],
]);
const formats = new Set(['date-time', 'time', 'date']);
/** Keys of an integer range that {@link integerRange} enforces as an enum. */
const rangeKeys = new Set(['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum']);
/** The most integers a bounded range lists as an enum (more make a long grammar). */
const maxRangeEnum = 256;
const anyValue: GbnfJsonSchema = {
  oneOf: [
    { type: ['string', 'number', 'boolean', 'null'] },
    { type: 'object', additionalProperties: true },
    { type: 'array' },
  ],
};

/**
 * Turns a JSON Schema (tool input, `Output.object`) into the schema that
 * node-llama-cpp compiles to a GBNF grammar, so the output is valid JSON of
 * that shape by construction: objects (properties, required,
 * additionalProperties), arrays (items, prefixItems, min/max items), strings
 * (min/max length, date/time formats), numbers, booleans, null, `const`,
 * `enum`, `anyOf`/`oneOf`, `$ref` into `$defs`/`definitions`.
 *
 * Keywords a grammar cannot enforce (`pattern`, `minimum`, `multipleOf`, other
 * formats, `allOf` of several schemas, `not`, ...) are left out and named in
 * `unenforced` (the adapter turns them into warnings).
 *
 * @param schema the JSON Schema.
 * @returns the grammar schema and the JSON pointers of what it does not enforce.
 * @example
 * ```ts
 * convertToGbnfJsonSchema({ type: 'object', properties: { id: { type: 'string', pattern: '^a' } }, required: ['id'] });
 * // { schema: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] }, unenforced: ['/properties/id: pattern'] }
 * ```
 */
export function convertToGbnfJsonSchema(schema: JSONSchema7): {
  schema: GbnfJsonSchema;
  unenforced: string[];
} {
  const context: Context = { root: schema, unenforced: [], names: new Map(), defs: {} };
  const converted = convert(schema, '', context) as Schema;
  const unenforced = [...new Set(context.unenforced)];
  if (context.names.size === 0) return { schema: converted as GbnfJsonSchema, unenforced };
  // A reference to the root itself (zod's recursive schemas: `{ "$ref": "#" }`) needs the root as a definition.
  const root = context.names.get('');
  return {
    schema: {
      ...(root === undefined ? converted : { $ref: `#/$defs/${root}` }),
      $defs: context.defs,
    } as GbnfJsonSchema,
    unenforced,
  };
}

/** One conversion: the root (which references point into), what is not enforced, the definitions referenced. */
interface Context {
  readonly root: JSONSchema7Definition;
  readonly unenforced: string[];
  /** JSON pointer of each referenced schema → its name in `$defs`. */
  readonly names: Map<string, string>;
  readonly defs: Schema;
}

/**
 * The `$defs` name of the schema a local `$ref` points to (`#`, `#/$defs/x`, `#/definitions/x` or any
 * JSON pointer into the schema), converted once; `undefined`, named in `unenforced`, for a reference
 * that points nowhere in this schema (node-llama-cpp would quietly allow any value there).
 */
function refer(ref: string, path: string, context: Context): string | undefined {
  const pointer = localPointer(ref);
  const target = pointer === undefined ? undefined : resolveJsonPointer(context.root, pointer);
  if (pointer === undefined || target === undefined) {
    context.unenforced.push(`${path || '/'}: $ref ${ref} (it points to no schema in this one: any value)`);
    return undefined;
  }
  const known = context.names.get(pointer);
  if (known !== undefined) return known;
  // The definition's own name where it has one, else `root` or `ref0`, `ref1`, ...: never one already taken.
  const short = /^\/(?:\$defs|definitions)\/([A-Za-z0-9_.-]+)$/.exec(pointer)?.[1];
  const taken = new Set(context.names.values());
  const base = short ?? (pointer === '' ? 'root' : 'ref');
  let name = base === 'ref' ? 'ref0' : base;
  for (let index = 1; taken.has(name); index++) name = base === 'ref' ? `ref${index}` : `${base}_${index}`;
  context.names.set(pointer, name);
  context.defs[name] = convert(target, pointer, context);
  return name;
}

function convert(
  definition: JSONSchema7Definition | undefined,
  path: string,
  context: Context,
): GbnfJsonSchema {
  const { unenforced } = context;
  if (definition === undefined || definition === true) return anyValue;
  if (definition === false) {
    unenforced.push(`${path || '/'}: false (nothing is valid)`);
    return anyValue;
  }
  const schema = definition as Schema;
  // A small integer range is an enum of its integers: enforced (node-llama-cpp's integer grammar
  // knows no bounds, and admits an exponent such as 4e41).
  const range = integerRange(schema);
  for (const key of Object.keys(schema))
    if (!handled.has(key) && !ignored.has(key) && !(range !== undefined && rangeKeys.has(key)))
      unenforced.push(`${path || '/'}: ${key}`);
  const description = typeof schema.description === 'string' ? { description: schema.description } : {};
  if (range !== undefined) return { enum: range, ...description } as GbnfJsonSchema;
  if (typeof schema.$ref === 'string') {
    const name = refer(schema.$ref, path, context);
    if (name === undefined) return anyValue;
    return { $ref: `#/$defs/${name}`, ...description } as GbnfJsonSchema;
  }
  if (schema.const !== undefined) return { ...literalSchema(schema.const), ...description } as GbnfJsonSchema;
  if (Array.isArray(schema.enum)) {
    const values = schema.enum as unknown[];
    if (values.every((value) => value === null || typeof value !== 'object'))
      return { enum: values, ...description } as GbnfJsonSchema;
    return { oneOf: values.map(literalSchema), ...description } as GbnfJsonSchema;
  }
  const combinator = (['anyOf', 'oneOf', 'allOf'] as const).find((key) => Array.isArray(schema[key]));
  if (combinator !== undefined) {
    // Keywords beside the combinator constrain every alternative: merged into each.
    const entries = withSiblings(schema, combinator, `${path || '/'}`, unenforced);
    if (combinator === 'allOf') {
      if (entries.length !== 1)
        unenforced.push(`${path || '/'}: allOf of ${entries.length} schemas (the first is used)`);
      return convert(entries[0], `${path}/allOf/0`, context);
    }
    return {
      oneOf: entries.map((entry, index) => convert(entry, `${path}/${combinator}/${index}`, context)),
      ...description,
    } as GbnfJsonSchema;
  }
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string | undefined];
  if (types.length > 1) {
    return {
      oneOf: types.map((type) => convert({ ...definition, type } as JSONSchema7, path, context)),
      ...description,
    } as GbnfJsonSchema;
  }
  const type =
    types[0] ??
    (schema.properties === undefined ? (schema.items === undefined ? undefined : 'array') : 'object');
  switch (type) {
    case 'object':
      return objectSchema(schema, path, context, description);
    case 'array': {
      // Draft 7 tuples are `items: [...]` with `additionalItems`; 2020-12 ones `prefixItems` with `items`.
      const tuple = Array.isArray(schema.items);
      const prefix = (tuple ? schema.items : schema.prefixItems) as JSONSchema7Definition[] | undefined;
      const rest = (tuple ? schema.additionalItems : schema.items) as JSONSchema7Definition | undefined;
      const restPath = `${path}/${tuple ? 'additionalItems' : 'items'}`;
      // No item after the prefix: at most the prefix's length.
      const closed = prefix !== undefined && rest === false;
      const maxItems = schema.maxItems as number | undefined;
      return pick(
        {
          type: 'array',
          items: rest === undefined || closed ? undefined : convert(rest, restPath, context),
          prefixItems: prefix?.map((entry, index) => convert(entry, `${path}/prefixItems/${index}`, context)),
          minItems: schema.minItems,
          maxItems: closed ? Math.min(maxItems ?? prefix.length, prefix.length) : maxItems,
        },
        description,
      );
    }
    case 'string': {
      const format = schema.format as string | undefined;
      if (format !== undefined && formats.has(format)) {
        for (const key of ['minLength', 'maxLength'])
          if (schema[key] !== undefined) unenforced.push(`${path || '/'}: ${key} (with format ${format})`);
        return { type: 'string', format, ...description } as GbnfJsonSchema;
      }
      if (format !== undefined) unenforced.push(`${path || '/'}: format ${format}`);
      return pick({ type: 'string', minLength: schema.minLength, maxLength: schema.maxLength }, description);
    }
    case 'number':
    case 'integer':
    case 'boolean':
    case 'null':
      return { type, ...description } as GbnfJsonSchema;
    default:
      return anyValue;
  }
}

/**
 * An object. node-llama-cpp writes every property (`required` or not) and, unless
 * `additionalProperties` allows more, nothing else: a `minProperties` above the properties is
 * reached with more properties only when the schema allows them, and a `maxProperties` below them
 * cannot be kept (both named in `unenforced`).
 */
function objectSchema(schema: Schema, path: string, context: Context, description: Schema): GbnfJsonSchema {
  const properties: Schema = {};
  for (const [name, property] of Object.entries((schema.properties as Schema | undefined) ?? {}))
    properties[name] = convert(property as JSONSchema7Definition, `${path}/properties/${name}`, context);
  const count = Object.keys(properties).length;
  const { minProperties, maxProperties } = schema as { minProperties?: number; maxProperties?: number };
  let additional = schema.additionalProperties as JSONSchema7Definition | undefined;
  if (minProperties !== undefined && minProperties > count) {
    // JSON Schema allows any other property by default; node-llama-cpp allows none unless told.
    if (additional === undefined) additional = true;
    else if (additional === false)
      context.unenforced.push(
        `${path || '/'}: minProperties ${minProperties} (${count} properties and additionalProperties false)`,
      );
  }
  if (maxProperties !== undefined && maxProperties < count)
    context.unenforced.push(
      `${path || '/'}: maxProperties ${maxProperties} (every one of the ${count} properties is written)`,
    );
  return pick(
    {
      type: 'object',
      properties,
      required: schema.required,
      additionalProperties:
        additional === undefined || typeof additional === 'boolean'
          ? additional
          : convert(additional, `${path}/additionalProperties`, context),
      minProperties,
      maxProperties,
    },
    description,
  );
}

/** A `const` or `enum` value as a schema: node-llama-cpp takes only strings, numbers, booleans and null. */
function literalSchema(value: unknown): GbnfJsonSchema {
  if (value === null || typeof value !== 'object') return { const: value } as GbnfJsonSchema;
  if (Array.isArray(value))
    return {
      type: 'array',
      prefixItems: value.map(literalSchema),
      minItems: value.length,
      maxItems: value.length,
    } as GbnfJsonSchema;
  const properties: Schema = {};
  for (const [name, entry] of Object.entries(value)) properties[name] = literalSchema(entry);
  return { type: 'object', properties, additionalProperties: false } as GbnfJsonSchema;
}

/** Drops the undefined fields. */
function pick(fields: Schema, description: Schema): GbnfJsonSchema {
  const result: Schema = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) result[key] = value;
  return { ...result, ...description } as GbnfJsonSchema;
}

/**
 * The integers of `{ type: 'integer' }` with finite bounds (inclusive or exclusive, as numbers)
 * spanning at most {@link maxRangeEnum} of them, in order; `undefined` for any other schema.
 */
function integerRange(schema: Schema): number[] | undefined {
  if (schema.type !== 'integer' || schema.enum !== undefined || schema.const !== undefined) return undefined;
  const bound = (inclusive: unknown, exclusive: unknown, side: 1 | -1): number | undefined => {
    const values = [
      typeof inclusive === 'number' && Number.isFinite(inclusive)
        ? side === 1
          ? Math.ceil(inclusive)
          : Math.floor(inclusive)
        : undefined,
      typeof exclusive === 'number' && Number.isFinite(exclusive)
        ? side === 1
          ? Math.floor(exclusive) + 1
          : Math.ceil(exclusive) - 1
        : undefined,
    ].filter((value) => value !== undefined);
    if (values.length === 0) return undefined;
    return side === 1 ? Math.max(...values) : Math.min(...values);
  };
  const low = bound(schema.minimum, schema.exclusiveMinimum, 1);
  const high = bound(schema.maximum, schema.exclusiveMaximum, -1);
  if (low === undefined || high === undefined || high < low || high - low >= maxRangeEnum) return undefined;
  return Array.from({ length: high - low + 1 }, (_, index) => low + index);
}
