import type { BaselineDelta } from './compare-baseline.js';

/**
 * What the drill did to the requests local open weights served, in plain words for the
 * summary's cost-of-the-events line: the net change from the baseline run (without the
 * timeline) to the drill, with both counts.
 *
 * @param figure requests served by local open weights in each run (`toLocalOpenWeights`).
 * @returns e.g. `+206 request(s) moved to local open weights (0 -> 206)`,
 *   `233 fewer request(s) served by local open weights than without the events (327 -> 94)`, or
 *   `no change in requests served by local open weights (94 -> 94)`.
 * @example
 * ```ts
 * localOpenWeightsMoveText({ baseline: 327, drill: 94, delta: -233 });
 * // '233 fewer request(s) served by local open weights than without the events (327 -> 94)'
 * ```
 */
export function localOpenWeightsMoveText(figure: BaselineDelta): string {
  const counts = `(${figure.baseline} -> ${figure.drill})`;
  if (figure.delta > 0) return `+${figure.delta} request(s) moved to local open weights ${counts}`;
  if (figure.delta < 0)
    return `${-figure.delta} fewer request(s) served by local open weights than without the events ${counts}`;
  return `no change in requests served by local open weights ${counts}`;
}
