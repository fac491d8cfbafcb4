/**
 * Where the checkpoints of a records log go by default: beside it,
 * `records.jsonl` -> `records.checkpoints.jsonl`.
 *
 * @example
 * ```ts
 * checkpointsPathFor('logs/records.jsonl'); // 'logs/records.checkpoints.jsonl'
 * ```
 */
export function checkpointsPathFor(path: string): string {
  return path.endsWith('.jsonl')
    ? `${path.slice(0, -'.jsonl'.length)}.checkpoints.jsonl`
    : `${path}.checkpoints.jsonl`;
}
