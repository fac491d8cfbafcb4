import type { z } from 'zod';

type Path = readonly PropertyKey[];

interface Definition {
  readonly type: string;
  readonly [key: string]: unknown;
}

const definitionOf = (schema: z.ZodType): Definition =>
  (schema as unknown as { _zod: { def: Definition } })._zod.def;

/** Strips optional, default, prefault, catch, readonly, lazy and pipe wrappers. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (let step = 0; step < 32; step++) {
    const definition = definitionOf(current);
    switch (definition.type) {
      case 'optional':
      case 'nullable':
      case 'default':
      case 'prefault':
      case 'catch':
      case 'readonly':
      case 'nonoptional':
        current = definition.innerType as z.ZodType;
        break;
      case 'lazy':
        current = (definition.getter as () => z.ZodType)();
        break;
      case 'pipe':
        current = definition.in as z.ZodType;
        break;
      default:
        return current;
    }
  }
  return current;
}

/** The literal values a schema accepts at `discriminator`, e.g. `['cutoff']`. */
function literalValues(schema: z.ZodType | undefined): readonly unknown[] {
  if (!schema) return [];
  const definition = definitionOf(unwrap(schema));
  if (definition.type === 'literal') return definition.values as unknown[];
  if (definition.type === 'enum') return Object.values(definition.entries as Record<string, unknown>);
  return [];
}

/** The option of a union that fits `value`: by discriminator, else the first object option. */
function unionOption(definition: Definition, value: unknown): z.ZodType | undefined {
  const options = definition.options as z.ZodType[];
  const discriminator = definition.discriminator as string | undefined;
  if (discriminator !== undefined && value !== null && typeof value === 'object') {
    const given = (value as Record<string, unknown>)[discriminator];
    for (const option of options) {
      const shape = definitionOf(unwrap(option)).shape as Record<string, z.ZodType> | undefined;
      if (literalValues(shape?.[discriminator]).includes(given)) return option;
    }
    return undefined;
  }
  const kind = Array.isArray(value)
    ? 'array'
    : typeof value === 'object' && value !== null
      ? 'object'
      : undefined;
  return options.find((option) => {
    const type = definitionOf(unwrap(option)).type;
    return kind === undefined ? false : type === kind || (kind === 'object' && type === 'record');
  });
}

/**
 * The sub-schema that validates the value at `path` (wrappers such as
 * optional and default removed), following the value to pick union options.
 * Returns `undefined` when the path leaves the schema.
 *
 * @param options.schema the root schema.
 * @param options.path keys and indices, as in a zod issue.
 * @param options.value the root value being validated.
 */
export function schemaAt(options: { schema: z.ZodType; path: Path; value: unknown }): z.ZodType | undefined {
  let schema: z.ZodType | undefined = unwrap(options.schema);
  let value = options.value;
  for (const key of options.path) {
    if (!schema) return undefined;
    let definition = definitionOf(schema);
    if (definition.type === 'union') {
      schema = unionOption(definition, value);
      if (!schema) return undefined;
      schema = unwrap(schema);
      definition = definitionOf(schema);
    }
    switch (definition.type) {
      case 'object':
        schema = (definition.shape as Record<string, z.ZodType>)[String(key)];
        break;
      case 'array':
        schema = definition.element as z.ZodType;
        break;
      case 'record':
        schema = definition.valueType as z.ZodType;
        break;
      default:
        return undefined;
    }
    if (schema) schema = unwrap(schema);
    value =
      value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  }
  if (schema && definitionOf(schema).type === 'union') {
    const option = unionOption(definitionOf(schema), value);
    if (option) return unwrap(option);
  }
  return schema;
}

/** The keys an object schema allows, or `[]` when the schema is not an object. */
export function objectKeys(schema: z.ZodType | undefined): readonly string[] {
  if (!schema) return [];
  const definition = definitionOf(unwrap(schema));
  return definition.type === 'object' ? Object.keys(definition.shape as Record<string, unknown>) : [];
}
