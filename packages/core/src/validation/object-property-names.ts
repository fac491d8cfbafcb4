import type { Problem } from './problem.js';

/**
 * Whether `name` is a property every JavaScript object already has
 * (`constructor`, `toString`, `valueOf`, `__proto__`, ...). Such a name as
 * an id or a map key is refused: a map key `__proto__` is dropped by any
 * parser of the value (the config would silently mean less), and the others
 * are easy to read back as the object's own.
 *
 * @example
 * ```ts
 * isObjectPropertyName('constructor'); // true
 * isObjectPropertyName('chat'); // false
 * ```
 */
export function isObjectPropertyName(name: string): boolean {
  return name in Object.prototype;
}

/**
 * One problem per name of `names` that {@link isObjectPropertyName}, at the
 * path each gives.
 *
 * @param options.names the names as written, each with its path.
 * @param options.what what a name names, e.g. `route name`.
 */
export function objectPropertyNameProblems(options: {
  names: Iterable<{ name: unknown; path: Problem['path'] }>;
  what: string;
}): Problem[] {
  const problems: Problem[] = [];
  for (const { name, path } of options.names) {
    if (typeof name !== 'string' || !isObjectPropertyName(name)) continue;
    problems.push({
      path,
      message: `${options.what} "${name}" is a property every JavaScript object already has`,
      expected: `another ${options.what}`,
    });
  }
  return problems;
}

/** The own keys of a map as written, each with its path (none when it is not a map). */
export function keysOf(value: unknown, path: Problem['path']): { name: string; path: Problem['path'] }[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  return Object.keys(value).map((name) => ({ name, path: [...path, name] }));
}

/** The `id` of each entry of a list as written, with its path. */
export function idsOf(value: unknown, path: Problem['path']): { name: unknown; path: Problem['path'] }[] {
  if (!Array.isArray(value)) return [];
  return value.map((entry, index) => ({
    name: (entry as { id?: unknown } | null)?.id,
    path: [...path, index, 'id'],
  }));
}
