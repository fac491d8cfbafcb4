import type { ConfigIssue } from '../errors/config-error.js';

type Path = readonly (string | number)[];

/** Position of each step of `path` among its siblings in `value` (document order). */
function orderKey(value: unknown, path: Path): number[] {
  const key: number[] = [];
  let current = value;
  for (const step of path) {
    if (Array.isArray(current) && typeof step === 'number') {
      key.push(step);
      current = current[step];
    } else if (current !== null && typeof current === 'object') {
      const keys = Object.keys(current);
      const index = keys.indexOf(String(step));
      key.push(index < 0 ? keys.length : index);
      current = (current as Record<string, unknown>)[String(step)];
    } else {
      key.push(Number.MAX_SAFE_INTEGER);
      current = undefined;
    }
  }
  return key;
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let index = 0; index < Math.min(a.length, b.length); index++) {
    const difference = (a[index] as number) - (b[index] as number);
    if (difference !== 0) return difference;
  }
  return a.length - b.length;
}

/**
 * Sorts issues by where they are: line and column when the input was text,
 * otherwise the order of their paths in the document; duplicates are dropped.
 *
 * @param options.issues the issues, each with the path (`order`) it was found at.
 * @param options.value the document's value, for the order of keys.
 */
export function sortIssues(options: {
  issues: readonly (ConfigIssue & { order: Path })[];
  value: unknown;
}): ConfigIssue[] {
  const keyed = options.issues.map((issue) => ({ issue, key: orderKey(options.value, issue.order) }));
  keyed.sort(
    (a, b) =>
      (a.issue.line ?? Number.MAX_SAFE_INTEGER) - (b.issue.line ?? Number.MAX_SAFE_INTEGER) ||
      (a.issue.column ?? 0) - (b.issue.column ?? 0) ||
      compareKeys(a.key, b.key),
  );
  const seen = new Set<string>();
  const sorted: ConfigIssue[] = [];
  for (const { issue } of keyed) {
    const { order: _order, ...rest } = issue;
    const text = `${rest.line}:${rest.column}:${rest.path}:${rest.message}`;
    if (seen.has(text)) continue;
    seen.add(text);
    sorted.push(rest);
  }
  return sorted;
}
