import type { z } from 'zod';

interface Definition {
  readonly type: string;
  readonly [key: string]: unknown;
}

const definitionOf = (schema: z.ZodType): Definition =>
  (schema as unknown as { _zod: { def: Definition } })._zod.def;

/** The object schema under optional, nullable, default and readonly wrappers, if there is one. */
function objectShape(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  let current = schema;
  for (let step = 0; step < 16; step++) {
    const definition = definitionOf(current);
    if (definition.type === 'object') return definition.shape as Record<string, z.ZodType>;
    if (!['optional', 'nullable', 'default', 'readonly'].includes(definition.type)) return undefined;
    current = definition.innerType as z.ZodType;
  }
  return undefined;
}

/**
 * Reads what can be read of a value that failed its object schema: each
 * property that passes its own schema (objects property by property, as deep
 * as they go), so the checks beyond the schema (references, codes) still run
 * on the readable parts and one run reports every problem. A property that is
 * written but fails is left out, never replaced by its default: a check must
 * not see a value the author did not write. Arrays are kept or left out whole
 * (their indices are the paths problems are reported at).
 *
 * @param schema the object schema the value failed.
 * @param value the value as written.
 * @returns the readable properties, or `undefined` when the value is not an object.
 */
export function salvageObject<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
): Partial<z.output<Schema>> | undefined {
  const shape = objectShape(schema);
  if (!shape || value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const written = value as Record<string, unknown>;
  const readable: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(shape)) {
    const given = Object.hasOwn(written, key) ? written[key] : undefined;
    const parsed = property.safeParse(given);
    if (parsed.success) {
      if (parsed.data !== undefined) readable[key] = parsed.data;
      continue;
    }
    if (given === undefined) continue;
    const nested = objectShape(property) ? salvageObject(property, given) : undefined;
    if (nested) readable[key] = nested;
  }
  return readable as Partial<z.output<Schema>>;
}
