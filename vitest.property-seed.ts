import fc from 'fast-check';

/** The seed every property test starts from unless `SWITCHYARD_PROPERTY_SEED` names another. */
export const defaultPropertySeed = 20_261_130;

/**
 * The seed of this run's property tests: `SWITCHYARD_PROPERTY_SEED` (an
 * integer, or `random` for a fresh one each run, which fast-check prints with
 * any failure), else {@link defaultPropertySeed}. CI runs the fixed seed, so
 * a run's outcome depends on the code alone; explore with
 *
 * ```sh
 * SWITCHYARD_PROPERTY_SEED=random bash scripts/dev.sh test
 * ```
 *
 * and keep each counterexample found as an `examples` entry of its property.
 *
 * @returns the seed, or `undefined` for fast-check's own.
 * @throws TypeError when the variable is neither an integer nor `random`.
 */
export function propertySeed(): number | undefined {
  const chosen = process.env.SWITCHYARD_PROPERTY_SEED;
  if (chosen === undefined || chosen === '') return defaultPropertySeed;
  if (chosen === 'random') return undefined;
  const seed = Number(chosen);
  if (!Number.isSafeInteger(seed))
    throw new TypeError(
      `SWITCHYARD_PROPERTY_SEED: expected an integer or "random", got ${JSON.stringify(chosen)}`,
    );
  return seed;
}

// Vitest runs this file before each test file (`setupFiles`): every property without a seed of its own takes this one.
const seed = propertySeed();
if (seed !== undefined) fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
