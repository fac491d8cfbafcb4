import type { JSONSchema7Definition } from '@ai-sdk/provider';

type Schema = Record<string, unknown>;

/** Keys beside a combinator that constrain nothing (or that the conversion reads elsewhere). */
const notConstraints = new Set([
  ...['$schema', '$id', '$comment', 'title', 'default', 'examples', 'readOnly', 'writeOnly', 'deprecated'],
  ...['description', '$defs', 'definitions'],
]);

/**
 * The alternatives of a schema's `anyOf`, `oneOf` or `allOf`, each with the keywords beside the
 * combinator merged in: `{ type: 'object', properties, anyOf: [{ required: ['a'] }, ...] }` means
 * every alternative is such an object (a grammar of the alternatives alone would lose them).
 * Properties are merged (a property in both becomes an `allOf` of the two), `required` is the union,
 * `additionalProperties: false` on either side keeps only that side's properties; any other keyword
 * on both sides with different values keeps the alternative's and is named in `unenforced`, as is a
 * required property that a closed side leaves out.
 *
 * @param schema the schema with the combinator.
 * @param combinator which one.
 * @param where the schema's JSON pointer, for `unenforced`.
 * @param unenforced where what cannot be kept is named.
 * @returns the alternatives, merged.
 * @example
 * ```ts
 * withSiblings({ type: 'object', properties: { a: {} }, anyOf: [{ required: ['a'] }] }, 'anyOf', '/', []);
 * // [{ type: 'object', properties: { a: {} }, required: ['a'] }]
 * ```
 */
export function withSiblings(
  schema: Schema,
  combinator: 'anyOf' | 'oneOf' | 'allOf',
  where: string,
  unenforced: string[],
): JSONSchema7Definition[] {
  const alternatives = schema[combinator] as JSONSchema7Definition[];
  const siblings: Schema = {};
  for (const [key, value] of Object.entries(schema))
    if (key !== combinator && !notConstraints.has(key)) siblings[key] = value;
  if (Object.keys(siblings).length === 0) return alternatives;
  return alternatives.map((alternative, index) => {
    if (alternative === false) return false;
    if (alternative === true) return siblings as JSONSchema7Definition;
    const conflict = (key: string) =>
      unenforced.push(
        `${where}: ${key} beside ${combinator} and in ${combinator}/${index} (the latter is used)`,
      );
    return merge(siblings, alternative as Schema, conflict, (name) =>
      unenforced.push(
        `${where}: required property ${name} of ${combinator}/${index} (additionalProperties false leaves it out)`,
      ),
    ) as JSONSchema7Definition;
  });
}

function merge(
  outer: Schema,
  inner: Schema,
  conflict: (key: string) => void,
  leftOut: (name: string) => void,
): Schema {
  const result: Schema = { ...inner };
  for (const [key, value] of Object.entries(outer)) {
    if (!(key in inner)) result[key] = value;
    else if (key === 'properties' || key === 'required' || key === 'additionalProperties') continue;
    else if (JSON.stringify(value) !== JSON.stringify(inner[key])) conflict(key);
  }
  if (outer.properties === undefined && inner.properties === undefined) return result;
  const outerProperties = (outer.properties ?? {}) as Schema;
  const innerProperties = (inner.properties ?? {}) as Schema;
  const properties: Schema = { ...outerProperties };
  for (const [name, value] of Object.entries(innerProperties))
    properties[name] =
      name in outerProperties && JSON.stringify(outerProperties[name]) !== JSON.stringify(value)
        ? { allOf: [outerProperties[name], value] }
        : value;
  const required = [
    ...new Set([...((outer.required as string[]) ?? []), ...((inner.required as string[]) ?? [])]),
  ];
  for (const [side, sideProperties] of [
    [outer, outerProperties],
    [inner, innerProperties],
  ] as const) {
    if (side.additionalProperties !== false) continue;
    for (const name of Object.keys(properties)) if (!(name in sideProperties)) delete properties[name];
  }
  for (const name of required) if (!(name in properties)) leftOut(name);
  result.properties = properties;
  if (required.length > 0) result.required = required;
  const closed = outer.additionalProperties === false || inner.additionalProperties === false;
  const additional = closed ? false : (inner.additionalProperties ?? outer.additionalProperties);
  if (
    !closed &&
    outer.additionalProperties !== undefined &&
    inner.additionalProperties !== undefined &&
    JSON.stringify(outer.additionalProperties) !== JSON.stringify(inner.additionalProperties)
  )
    conflict('additionalProperties');
  if (additional === undefined) delete result.additionalProperties;
  else result.additionalProperties = additional;
  return result;
}
