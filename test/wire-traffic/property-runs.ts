/**
 * How many generated cases each differential property runs, and from which
 * seed. CI runs a small fixed-seed share (a few seconds); run it long with
 *
 * ```sh
 * SWITCHYARD_WIRE_RUNS=2000 SWITCHYARD_WIRE_SEED=$RANDOM pnpm --filter @switchyard/tests exec vitest run adapters-agree-with-provider-sdks hostile-traffic
 * ```
 *
 * (every property then runs that many cases, with a time limit to match:
 * {@link propertyTimeout}).
 *
 * A failure prints its seed and path; `SWITCHYARD_WIRE_SEED` and
 * `SWITCHYARD_WIRE_PATH` replay it.
 */
export function propertyRuns(ciRuns: number): { numRuns: number; seed: number; path?: string } {
  const runs = Number(process.env.SWITCHYARD_WIRE_RUNS ?? ciRuns);
  const seed = Number(process.env.SWITCHYARD_WIRE_SEED ?? 20261130);
  if (!Number.isSafeInteger(runs) || runs < 1)
    throw new TypeError(
      `SWITCHYARD_WIRE_RUNS: expected a positive integer, got ${process.env.SWITCHYARD_WIRE_RUNS}`,
    );
  if (!Number.isSafeInteger(seed))
    throw new TypeError(`SWITCHYARD_WIRE_SEED: expected an integer, got ${process.env.SWITCHYARD_WIRE_SEED}`);
  const path = process.env.SWITCHYARD_WIRE_PATH;
  return { numRuns: runs, seed, ...(path ? { path } : {}) };
}

/** The time limit of a property's test: vitest's default for CI's share, longer for a long run (200 ms a case). */
export function propertyTimeout(ciRuns: number): number {
  return Math.max(20_000, propertyRuns(ciRuns).numRuns * 200);
}
