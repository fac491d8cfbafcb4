import type { JSONSchema7, JSONSchema7Definition } from '@ai-sdk/provider';
import type { GbnfJsonSchema } from 'node-llama-cpp';

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
  ...['items', 'prefixItems', 'minItems', 'maxItems', 'minLength', 'maxLength', 'format'],
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
  const unenforced: string[] = [];
  const root = schema as Schema;
  const defs = { ...(root.definitions as Schema | undefined), ...(root.$defs as Schema | undefined) };
  const converted = convert(schema, '', unenforced) as Schema;
  const names = Object.keys(defs);
  if (names.length === 0)
    return { schema: converted as GbnfJsonSchema, unenforced: [...new Set(unenforced)] };
  const $defs: Schema = {};
  for (const name of names)
    $defs[name] = convert(defs[name] as JSONSchema7Definition, `/$defs/${name}`, unenforced);
  return { schema: { ...converted, $defs } as GbnfJsonSchema, unenforced: [...new Set(unenforced)] };
}

function convert(
  definition: JSONSchema7Definition | undefined,
  path: string,
  unenforced: string[],
): GbnfJsonSchema {
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
    const name = schema.$ref.replace(/^#\/(\$defs|definitions)\//, '');
    return { $ref: `#/$defs/${name}`, ...description } as GbnfJsonSchema;
  }
  if (schema.const !== undefined) return { const: schema.const, ...description } as GbnfJsonSchema;
  if (Array.isArray(schema.enum)) return { enum: schema.enum, ...description } as GbnfJsonSchema;
  const alternatives = (schema.anyOf ?? schema.oneOf) as JSONSchema7Definition[] | undefined;
  if (Array.isArray(alternatives)) {
    return {
      oneOf: alternatives.map((entry, index) => convert(entry, `${path}/anyOf/${index}`, unenforced)),
      ...description,
    } as GbnfJsonSchema;
  }
  if (Array.isArray(schema.allOf)) {
    if (schema.allOf.length !== 1)
      unenforced.push(`${path || '/'}: allOf of ${schema.allOf.length} schemas (the first is used)`);
    return convert(schema.allOf[0] as JSONSchema7Definition, `${path}/allOf/0`, unenforced);
  }
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string | undefined];
  if (types.length > 1) {
    return {
      oneOf: types.map((type) => convert({ ...definition, type } as JSONSchema7, path, unenforced)),
      ...description,
    } as GbnfJsonSchema;
  }
  const type =
    types[0] ??
    (schema.properties === undefined ? (schema.items === undefined ? undefined : 'array') : 'object');
  switch (type) {
    case 'object': {
      const properties: Schema = {};
      for (const [name, property] of Object.entries((schema.properties as Schema | undefined) ?? {}))
        properties[name] = convert(
          property as JSONSchema7Definition,
          `${path}/properties/${name}`,
          unenforced,
        );
      const additional = schema.additionalProperties;
      return pick(
        {
          type: 'object',
          properties,
          required: schema.required,
          additionalProperties:
            additional === undefined || typeof additional === 'boolean'
              ? additional
              : convert(additional as JSONSchema7Definition, `${path}/additionalProperties`, unenforced),
          minProperties: schema.minProperties,
          maxProperties: schema.maxProperties,
        },
        description,
      );
    }
    case 'array': {
      const items = schema.items;
      const prefix = (Array.isArray(items) ? items : schema.prefixItems) as
        | JSONSchema7Definition[]
        | undefined;
      return pick(
        {
          type: 'array',
          items:
            items === undefined || Array.isArray(items)
              ? undefined
              : convert(items as JSONSchema7Definition, `${path}/items`, unenforced),
          prefixItems: prefix?.map((entry, index) =>
            convert(entry, `${path}/prefixItems/${index}`, unenforced),
          ),
          minItems: schema.minItems,
          maxItems: schema.maxItems,
        },
        description,
      );
    }
    case 'string': {
      const format = schema.format as string | undefined;
      if (format !== undefined && formats.has(format))
        return { type: 'string', format, ...description } as GbnfJsonSchema;
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
