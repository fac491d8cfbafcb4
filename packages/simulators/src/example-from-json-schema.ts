/** A JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

type Schema = Record<string, unknown>;

const formatExamples: Record<string, string> = {
  'date-time': '2026-01-01T00:00:00Z',
  date: '2026-01-01',
  time: '00:00:00Z',
  email: 'user@example.com',
  uri: 'https://example.com',
  url: 'https://example.com',
  uuid: '00000000-0000-4000-8000-000000000000',
  ipv4: '127.0.0.1',
  hostname: 'example.com',
};

/**
 * Builds the minimal instance that is valid against a JSON schema, deterministically:
 * `const`, then `default`, then the first `enum` value; objects get their required
 * properties only; arrays get `minItems` items; strings are `"example"` (padded or cut
 * to `minLength`/`maxLength`, or a sample for a known `format`); numbers are the
 * minimum (or 0); booleans `false`. `anyOf`/`oneOf` take the first branch, `allOf` is
 * merged, local `$ref`s (`#/$defs/...`, `#/definitions/...`) are followed.
 *
 * @param schema - A JSON schema (draft 7 / 2020-12 subset).
 * @returns A JSON value valid against the schema.
 * @example
 * ```ts
 * exampleFromJsonSchema({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] });
 * // { city: 'example' }
 * ```
 */
export function exampleFromJsonSchema(schema: unknown): JsonValue {
  return build(schema, isSchema(schema) ? schema : {}, 0);
}

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function resolveRef(ref: string, root: Schema): unknown {
  if (ref === '#') return root;
  if (!ref.startsWith('#/')) return {};
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) {
    if (!isSchema(node)) return {};
    node = node[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node ?? {};
}

function build(schema: unknown, root: Schema, depth: number): JsonValue {
  if (schema === true || !isSchema(schema) || depth > 32) return null;
  if (typeof schema.$ref === 'string') return build(resolveRef(schema.$ref, root), root, depth + 1);
  if ('const' in schema) return schema.const as JsonValue;
  if ('default' in schema) return schema.default as JsonValue;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0] as JsonValue;
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = schema[key];
    if (Array.isArray(branches) && branches.length > 0) {
      const nonNull = branches.find((branch) => !(isSchema(branch) && branch.type === 'null'));
      return build(nonNull ?? branches[0], root, depth + 1);
    }
  }
  if (Array.isArray(schema.allOf)) {
    const merged: Schema = {};
    const properties: Schema = {};
    const required: string[] = [];
    for (const part of schema.allOf) {
      if (!isSchema(part)) continue;
      Object.assign(merged, part);
      if (isSchema(part.properties)) Object.assign(properties, part.properties);
      if (Array.isArray(part.required)) required.push(...(part.required as string[]));
    }
    const { allOf: _ignored, ...rest } = schema;
    return build(
      { ...merged, ...rest, properties, required, type: merged.type ?? 'object' },
      root,
      depth + 1,
    );
  }
  const type = pickType(schema);
  switch (type) {
    case 'object': {
      const result: Record<string, JsonValue> = {};
      const properties = isSchema(schema.properties) ? schema.properties : {};
      const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
      for (const name of required) {
        result[name] = build(properties[name] ?? {}, root, depth + 1);
      }
      return result;
    }
    case 'array': {
      const count = typeof schema.minItems === 'number' ? schema.minItems : 0;
      const items: JsonValue[] = [];
      const prefix = Array.isArray(schema.prefixItems) ? schema.prefixItems : [];
      for (let index = 0; index < count; index++) {
        items.push(build(prefix[index] ?? schema.items ?? {}, root, depth + 1));
      }
      return items;
    }
    case 'string':
      return exampleString(schema);
    case 'integer':
    case 'number':
      return exampleNumber(schema, type === 'integer');
    case 'boolean':
      return false;
    default:
      return null;
  }
}

function pickType(schema: Schema): string {
  const type = schema.type;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return (type.find((entry) => entry !== 'null') as string | undefined) ?? 'null';
  if (isSchema(schema.properties) || Array.isArray(schema.required)) return 'object';
  if ('items' in schema || 'prefixItems' in schema) return 'array';
  return 'null';
}

function exampleString(schema: Schema): string {
  let value = typeof schema.format === 'string' ? (formatExamples[schema.format] ?? 'example') : 'example';
  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : Number.POSITIVE_INFINITY;
  while (value.length < minLength) value += 'x';
  if (value.length > maxLength) value = value.slice(0, maxLength);
  return value;
}

function exampleNumber(schema: Schema, integer: boolean): number {
  let value = 0;
  if (typeof schema.minimum === 'number') value = schema.minimum;
  else if (typeof schema.exclusiveMinimum === 'number') value = schema.exclusiveMinimum + (integer ? 1 : 0.5);
  else if (typeof schema.maximum === 'number' && schema.maximum < 0) value = schema.maximum;
  else if (typeof schema.exclusiveMaximum === 'number' && schema.exclusiveMaximum <= 0)
    value = schema.exclusiveMaximum - 1;
  if (integer) value = Math.ceil(value);
  if (typeof schema.multipleOf === 'number' && schema.multipleOf > 0 && value % schema.multipleOf !== 0) {
    value = Math.ceil(value / schema.multipleOf) * schema.multipleOf;
  }
  return value;
}
