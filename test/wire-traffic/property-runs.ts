/**
 * How many generated cases each differential property runs (from the seed of
 * every property test: `vitest.property-seed.ts`). CI runs a small
 * fixed-seed share (a few seconds); run it long with
 *
 * ```sh
 * SWITCHYARD_WIRE_RUNS=2000 SWITCHYARD_PROPERTY_SEED=random pnpm --filter @switchyard/tests exec vitest run adapters-agree-with-provider-sdks hostile-traffic
 * ```
 *
 * (every property then runs that many cases, with a time limit to match:
 * {@link propertyTimeout}).
 *
 * A failure prints its seed and path; `SWITCHYARD_PROPERTY_SEED` and
 * `SWITCHYARD_WIRE_PATH` replay it.
 */
export function propertyRuns(ciRuns: number): { numRuns: number; path?: string } {
  const runs = Number(process.env.SWITCHYARD_WIRE_RUNS ?? ciRuns);
  if (!Number.isSafeInteger(runs) || runs < 1)
    throw new TypeError(
      `SWITCHYARD_WIRE_RUNS: expected a positive integer, got ${process.env.SWITCHYARD_WIRE_RUNS}`,
    );
  const path = process.env.SWITCHYARD_WIRE_PATH;
  return { numRuns: runs, ...(path ? { path } : {}) };
}

/** The time limit of a property's test: vitest's default for CI's share, longer for a long run (200 ms a case). */
export function propertyTimeout(ciRuns: number): number {
  return Math.max(20_000, propertyRuns(ciRuns).numRuns * 200);
}
