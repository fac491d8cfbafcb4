/**
 * A seeded pseudo-random generator (mulberry32): the same seed always gives the
 * same sequence, on every platform, so generated models are byte-identical.
 *
 * @param seed any 32-bit integer.
 * @returns a function returning floats in [0, 1).
 * @example
 * ```ts
 * const random = seededRandom(7);
 * random(); // the same value on every run
 * ```
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}
