/**
 * The path of segment `index` of a records file that rotates: segment 0 is
 * the path itself, segment N inserts `.N` before a trailing `.jsonl`
 * (`records.jsonl`, `records.1.jsonl`, `records.2.jsonl`, ...), or appends
 * `.N` to a path without it.
 *
 * @example
 * ```ts
 * segmentPath('logs/records.jsonl', 2); // 'logs/records.2.jsonl'
 * ```
 */
export function segmentPath(path: string, index: number): string {
  if (index === 0) return path;
  return path.endsWith('.jsonl') ? `${path.slice(0, -'.jsonl'.length)}.${index}.jsonl` : `${path}.${index}`;
}

/**
 * Where the basis documents of a records file go (the catalog, the price
 * table and each policy, once): beside it, `records.jsonl` ->
 * `records.basis.jsonl`.
 *
 * @example
 * ```ts
 * basisPathFor('logs/records.jsonl'); // 'logs/records.basis.jsonl'
 * ```
 */
export function basisPathFor(path: string): string {
  return path.endsWith('.jsonl') ? `${path.slice(0, -'.jsonl'.length)}.basis.jsonl` : `${path}.basis.jsonl`;
}
