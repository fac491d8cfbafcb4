import type { z } from 'zod';
import { closestName } from './closest-name.js';

type Path = readonly PropertyKey[];

interface Definition {
  readonly type: string;
  readonly [key: string]: unknown;
}

const definitionOf = (schema: z.ZodType): Definition =>
  (schema as unknown as { _zod: { def: Definition } })._zod.def;

/** Strips optional, default, prefault, catch, readonly, lazy and pipe wrappers. */
function unwrap(schema: z.ZodType): z.ZodType {
  return unwrapUntil(schema, () => false);
}

/** Strips wrappers as {@link unwrap} does, stopping early at the first schema `stop` accepts. */
function unwrapUntil(schema: z.ZodType, stop: (schema: z.ZodType) => boolean): z.ZodType {
  let current = schema;
  for (let step = 0; step < 32; step++) {
    if (stop(current)) return current;
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
  if (kind === 'object') {
    const fittest = fittestObjectOption(options, value as object);
    if (fittest !== undefined) return options[fittest];
  }
  return options.find((option) => {
    const type = definitionOf(unwrap(option)).type;
    return kind === undefined ? false : type === kind || (kind === 'object' && type === 'record');
  });
}

/**
 * The index of the object option of a union that fits a map best: the one
 * with most of the map's keys, then most keys a misspelt key of the map is
 * closest to (`timZone`: the option with `timeZone`), the first on a tie.
 * `undefined` when no option is an object.
 *
 * @param options the union's options, in order.
 * @param value the map given.
 */
export function fittestObjectOption(options: readonly z.ZodType[], value: object): number | undefined {
  const keys = Object.keys(value);
  let best: { index: number; score: number } | undefined;
  options.forEach((option, index) => {
    const shapeKeys = objectKeys(option);
    if (definitionOf(unwrap(option)).type !== 'object') return;
    const exact = keys.filter((key) => shapeKeys.includes(key)).length;
    const close = keys.filter(
      (key) => !shapeKeys.includes(key) && closestName(key, shapeKeys) !== undefined,
    ).length;
    const score = exact * 2 + close;
    if (best === undefined || score > best.score) best = { index, score };
  });
  return best?.index;
}

/**
 * The schema of the field at `path` as its parent declares it (wrappers kept), following the value
 * to pick union options on the way; the root schema for an empty path, `undefined` when none.
 */
function fieldAt(options: { schema: z.ZodType; path: Path; value: unknown }): z.ZodType | undefined {
  const { path } = options;
  if (path.length === 0) return options.schema;
  const parent = schemaAt({ ...options, path: path.slice(0, -1) });
  return parent && childSchema(definitionOf(parent), path[path.length - 1] as PropertyKey);
}

/**
 * The options of the union at `path` (wrappers removed), in order, or
 * `undefined` when the field there is not a union.
 *
 * @param options.schema the root schema.
 * @param options.path keys and indices, as in a zod issue.
 * @param options.value the root value being validated.
 */
export function unionOptionsAt(options: {
  schema: z.ZodType;
  path: Path;
  value: unknown;
}): readonly z.ZodType[] | undefined {
  const field = fieldAt(options);
  if (!field) return undefined;
  const definition = definitionOf(unwrap(field));
  return definition.type === 'union' ? (definition.options as z.ZodType[]) : undefined;
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
      case 'array':
      case 'record':
        schema = childSchema(definition, key);
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

/** The schema of `key` in an object (own keys only), array or record definition, wrappers kept. */
function childSchema(definition: Definition, key: PropertyKey): z.ZodType | undefined {
  if (definition.type === 'object') {
    const shape = definition.shape as Record<string, z.ZodType>;
    return Object.hasOwn(shape, String(key)) ? shape[String(key)] : undefined;
  }
  if (definition.type === 'array') return definition.element as z.ZodType;
  if (definition.type === 'record') return definition.valueType as z.ZodType;
  return undefined;
}

/**
 * The description (`.describe(...)`) of the field at `path`: the first one
 * found from the field's schema inwards through its wrappers (a described
 * duration made optional keeps its words). `undefined` when none.
 *
 * @param options.schema the root schema.
 * @param options.path keys and indices, as in a zod issue.
 * @param options.value the root value being validated.
 */
export function descriptionAt(options: {
  schema: z.ZodType;
  path: Path;
  value: unknown;
}): string | undefined {
  const field = fieldAt(options);
  if (!field) return undefined;
  return unwrapUntil(field, (schema) => schema.description !== undefined).description;
}

/** The keys an object schema allows, or `[]` when the schema is not an object. */
export function objectKeys(schema: z.ZodType | undefined): readonly string[] {
  if (!schema) return [];
  const definition = definitionOf(unwrap(schema));
  return definition.type === 'object' ? Object.keys(definition.shape as Record<string, unknown>) : [];
}
