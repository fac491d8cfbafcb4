/**
 * The largest workload seed: the generator keeps 32 bits of state, so a larger
 * seed would draw the same workload as a smaller one under another name.
 */
export const maxSeed = 4_294_967_295;

/**
 * A seeded pseudo-random generator (mulberry32): the same seed gives the same
 * sequence, so a drill's workload is reproducible with `--seed`.
 *
 * @param seed an integer from 0 to {@link maxSeed} (larger ones wrap around).
 * @returns a function returning floats in [0, 1).
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
