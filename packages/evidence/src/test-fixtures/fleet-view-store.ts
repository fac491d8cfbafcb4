import type { HealthProvenance, HealthStore, SharedCircuit, TargetHealthRecord } from '@switchyard/router';
import { memoryHealthStore } from '@switchyard/router';

/** A target's record with the fleet seams a shared store adds (settable by the test). */
type FleetViewRecord = TargetHealthRecord & {
  sharedCircuit: SharedCircuit | undefined;
  rateLimitProvenance: HealthProvenance | undefined;
};

/**
 * A health store that reads like this process's replica of a fleet's shared
 * view (what `@switchyard/redis` gives the router), in memory: the test puts
 * facts "another process" set into it with their provenance.
 */
export function fleetViewStore(processId = 'web-1') {
  const base = memoryHealthStore();
  const records = new Map<string, FleetViewRecord>();
  const record = (targetId: string): FleetViewRecord => {
    let found = records.get(targetId);
    if (found === undefined) {
      found = Object.assign(base.target(targetId), {
        sharedCircuit: undefined,
        rateLimitProvenance: undefined,
      }) as FleetViewRecord;
      records.set(targetId, found);
    }
    return found;
  };
  const store: HealthStore = { processId, target: record };
  return {
    store,
    record,
    /** `by` cut the target off for callers of `jurisdiction` at `since`; this process learnt it at `learnedAt`. */
    remoteCutoff(
      targetId: string,
      options: { by: string; since: number; learnedAt: number; jurisdiction: string },
    ): void {
      record(targetId).setCutoff(options.jurisdiction, {
        scope: 'jurisdiction',
        jurisdiction: options.jurisdiction,
        reason: 'region_blocked',
        failure: { kind: 'cutoff', status: 403, message: 'unsupported_country_region_territory' },
        since: options.since,
        by: options.by,
        source: 'fleet',
        learnedAt: options.learnedAt,
      });
    },
    /** `by` rate limited the target until `until`, at `since`. */
    remoteRateLimit(targetId: string, options: { by: string; since: number; until: number }): void {
      const found = record(targetId);
      found.rateLimitedUntil = options.until;
      found.rateLimitProvenance = { by: options.by, since: options.since, source: 'fleet' };
    },
    /** `by` opened the fleet's circuit of the target until `openUntil`, at `since`. */
    remoteCircuit(targetId: string, options: { by: string; since: number; openUntil: number }): void {
      record(targetId).sharedCircuit = {
        state: 'open',
        openUntil: options.openUntil,
        since: options.since,
        by: options.by,
        source: 'fleet',
      };
    },
  };
}
