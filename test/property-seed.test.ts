import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';

/** The root setup file (outside this project's sources: imported by path). */
const setupFile = new URL('../vitest.property-seed.ts', import.meta.url).href;
type SetupModule = { propertySeed(): number | undefined; defaultPropertySeed: number };
/** The seed vitest's setup gave fast-check, read before this file imports the setup itself. */
const configured = fc.readConfigureGlobal().seed;

describe('the seed of every property test', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it('is fixed for this run, in the fast-check instance the tests import', async () => {
    const { propertySeed } = (await import(setupFile)) as SetupModule;
    const seed = propertySeed();
    if (process.env.SWITCHYARD_PROPERTY_SEED === 'random') expect(seed).toBeUndefined();
    else expect(configured).toBe(seed);
    // Without a seed of its own a property draws the same cases on every run.
    if (seed !== undefined) expect(fc.sample(fc.nat(), 5)).toEqual(fc.sample(fc.nat(), { seed, numRuns: 5 }));
  });

  it('reads SWITCHYARD_PROPERTY_SEED: an integer, "random", or the default when unset', async () => {
    const { propertySeed, defaultPropertySeed } = (await import(setupFile)) as SetupModule;
    vi.stubEnv('SWITCHYARD_PROPERTY_SEED', '-42');
    expect(propertySeed()).toBe(-42);
    vi.stubEnv('SWITCHYARD_PROPERTY_SEED', 'random');
    expect(propertySeed()).toBeUndefined();
    vi.stubEnv('SWITCHYARD_PROPERTY_SEED', '');
    expect(propertySeed()).toBe(defaultPropertySeed);
  });

  it('refuses anything else, naming the variable and what it expected', async () => {
    const { propertySeed } = (await import(setupFile)) as SetupModule;
    vi.stubEnv('SWITCHYARD_PROPERTY_SEED', '12x');
    expect(() => propertySeed()).toThrow(
      'SWITCHYARD_PROPERTY_SEED: expected an integer or "random", got "12x"',
    );
  });
});
