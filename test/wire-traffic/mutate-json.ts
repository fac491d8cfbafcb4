import fc from 'fast-check';

/** A place in a JSON value: the keys and indexes from its root. */
type JsonPath = (string | number)[];

/** Every place in `value` below its root, depth first. */
function pathsOf(value: unknown, prefix: JsonPath = [], into: JsonPath[] = []): JsonPath[] {
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      into.push([...prefix, index]);
      pathsOf(item, [...prefix, index], into);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      into.push([...prefix, key]);
      pathsOf(item, [...prefix, key], into);
    }
  }
  return into;
}

/** A value of a type a field rarely has: what a broken server or proxy puts where a field was. */
export const wrongValue: fc.Arbitrary<unknown> = fc.constantFrom(
  null,
  'x',
  '',
  0,
  -1,
  1.5,
  1e308,
  true,
  [],
  {},
  [1, 'a'],
  { type: 'x' },
  '9'.repeat(400),
);

/** One field of one event changed: `event` and `path` are taken modulo what there is; `value` `undefined` deletes the field. */
export interface JsonMutation {
  readonly event: number;
  readonly path: number;
  readonly value: unknown;
  readonly remove: boolean;
}

export const jsonMutation: fc.Arbitrary<JsonMutation> = fc.record({
  event: fc.nat(),
  path: fc.nat(),
  value: wrongValue,
  remove: fc.boolean(),
});

/** `values` with one field of one of them replaced by a value of another type, or deleted. */
export function mutated<T>(values: readonly T[], mutation: JsonMutation): T[] {
  const copy = structuredClone(values) as T[];
  if (copy.length === 0) return copy;
  const target = mutation.event % copy.length;
  const paths = pathsOf(copy[target]);
  if (paths.length === 0) {
    copy[target] = mutation.value as T;
    return copy;
  }
  const path = paths[mutation.path % paths.length] as JsonPath;
  let parent = copy[target] as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path.at(-1) as string | number;
  if (mutation.remove && !Array.isArray(parent)) delete parent[last];
  else parent[last] = structuredClone(mutation.value);
  return copy;
}

/** Unknown fields a newer API version adds: on the event itself, or on an object inside it. */
export const extraFields = fc.record({
  event: fc.nat(),
  path: fc.nat(),
  fields: fc.dictionary(
    fc.constantFrom('future_field', 'x_vendor', 'annotations_v2', 'meta'),
    fc.jsonValue({ maxDepth: 2 }),
    {
      minKeys: 1,
      maxKeys: 2,
    },
  ),
});

/** `values` with unknown fields added to one object of one of them (never a key it has). */
export function withExtraFields<T>(
  values: readonly T[],
  extra: { event: number; path: number; fields: Record<string, unknown> },
): T[] {
  const copy = structuredClone(values) as T[];
  if (copy.length === 0) return copy;
  const target = copy[extra.event % copy.length] as unknown;
  const objects = [[], ...pathsOf(target)].filter((path) => {
    let value = target;
    for (const key of path) value = (value as Record<string | number, unknown>)[key];
    // A tool's input is the answer's data, not the wire's shape: left alone.
    if (path.includes('input') || path.includes('arguments')) return false;
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  });
  const path = objects[extra.path % objects.length] as JsonPath;
  let object = target as Record<string | number, unknown>;
  for (const key of path) object = object[key] as Record<string | number, unknown>;
  for (const [key, value] of Object.entries(extra.fields)) if (!(key in object)) object[key] = value;
  return copy;
}
