import type { Cutoff, HealthStore, TargetHealthRecord } from './health-store.js';

class MemoryTargetHealth implements TargetHealthRecord {
  readonly #cutoffs = new Map<string, Cutoff>();
  readonly #probes = new Map<string, number>();
  rateLimitedUntil = 0;
  served = false;

  get hasCutoffs(): boolean {
    return this.#cutoffs.size > 0;
  }

  cutoff(key: string): Cutoff | undefined {
    return this.#cutoffs.get(key);
  }

  cutoffs(): readonly Cutoff[] {
    return [...this.#cutoffs.values()];
  }

  setCutoff(key: string, cutoff: Cutoff): boolean {
    const isNew = !this.#cutoffs.has(key);
    this.#cutoffs.set(key, cutoff);
    this.#probes.delete(key);
    return isNew;
  }

  clearCutoff(key?: string): boolean {
    if (key === undefined) {
      const had = this.#cutoffs.size > 0;
      this.#cutoffs.clear();
      this.#probes.clear();
      return had;
    }
    this.#probes.delete(key);
    return this.#cutoffs.delete(key);
  }

  nextProbe(key: string): number | undefined {
    return this.#probes.get(key);
  }

  claimProbe(key: string, next: number): void {
    this.#probes.set(key, next);
  }
}

/**
 * A {@link HealthStore} in this process's memory: the default of
 * `createRouter`. Cut-offs, rate limits and the `served` flag live as long as
 * the router.
 *
 * @returns a new, empty store.
 * @example
 * ```ts
 * const healthStore = memoryHealthStore();
 * const router = createRouter({ config, models, healthStore });
 * healthStore.target('openai-gpt').cutoffs(); // []
 * ```
 */
export function memoryHealthStore(): HealthStore {
  const targets = new Map<string, TargetHealthRecord>();
  return {
    target(targetId) {
      let record = targets.get(targetId);
      if (!record) {
        record = new MemoryTargetHealth();
        targets.set(targetId, record);
      }
      return record;
    },
  };
}
