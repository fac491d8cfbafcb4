/** A path to a field of a parsed JSON value: object keys and array indexes. */
export type FieldPath = readonly (string | number)[];

/**
 * Every field path of a parsed JSON value, nested objects and arrays included
 * (a parent before its children), for tests that set each field of a wire
 * sample to every kind of value ({@link withField}).
 *
 * @param value a parsed JSON object or array.
 * @returns the paths, e.g. `[['type'], ['delta'], ['delta', 'text']]`.
 * @example
 * ```ts
 * for (const path of fieldPaths(sample)) for (const kind of kinds) check(withField(sample, path, kind));
 * ```
 */
export function fieldPaths(value: unknown, prefix: FieldPath = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [];
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : Object.entries(value);
  return entries.flatMap(([key, item]) => [[...prefix, key], ...fieldPaths(item, [...prefix, key])]);
}

/**
 * A deep copy of `value` with the field at `path` set to `field`, or removed
 * when `field` is `undefined`.
 *
 * @param value a parsed JSON object or array (not changed).
 * @param path where to set the field ({@link fieldPaths}).
 * @param field the new value; `undefined` removes the field.
 * @returns the copy.
 * @example
 * ```ts
 * withField({ delta: { text: 'a' } }, ['delta', 'text'], 1); // { delta: { text: 1 } }
 * ```
 */
export function withField<T>(value: T, path: FieldPath, field: unknown): T {
  const copy = structuredClone(value);
  let target = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
  const last = path.at(-1) as string | number;
  if (field === undefined) delete target[last];
  else target[last] = field;
  return copy;
}
