import type {
  Cutoff,
  FleetLatencySummary,
  HealthStore,
  RemoteHealthChange,
  SharedCircuit,
  TargetHealthRecord,
} from '../health/health-store.js';
import { wholeTarget } from '../health/health-store.js';
import { memoryHealthStore } from '../health/memory-health-store.js';

/** A fleet store's record for tests: the memory record, plus the fleet seams, each call noted. */
class FakeFleetRecord implements TargetHealthRecord {
  sharedCircuit: SharedCircuit | undefined;
  fleetLatency: FleetLatencySummary | undefined;
  lease = true;
  latest: { latencyMs: number; ttftMs: number | undefined; samples: number } | undefined;

  constructor(
    readonly base: TargetHealthRecord,
    readonly calls: string[],
  ) {}

  get hasCutoffs() {
    return this.base.hasCutoffs;
  }
  cutoff(key: string) {
    return this.base.cutoff(key);
  }
  cutoffs() {
    return this.base.cutoffs();
  }
  setCutoff(key: string, cutoff: Cutoff) {
    return this.base.setCutoff(key, cutoff);
  }
  clearCutoff(key?: string) {
    return this.base.clearCutoff(key);
  }
  nextProbe(key: string) {
    return this.base.nextProbe(key);
  }
  claimProbe(key: string, next: number) {
    this.base.claimProbe(key, next);
  }
  get rateLimitedUntil() {
    return this.base.rateLimitedUntil;
  }
  set rateLimitedUntil(value: number) {
    this.base.rateLimitedUntil = value;
  }
  get served() {
    return this.base.served;
  }
  set served(value: boolean) {
    this.base.served = value;
  }
  noteCircuit(state: 'open' | 'closed', openUntil?: number) {
    this.calls.push(`noteCircuit ${state}${openUntil === undefined ? '' : ` ${openUntil}`}`);
    this.sharedCircuit = {
      state,
      ...(openUntil === undefined ? {} : { openUntil }),
      since: 0,
      by: 'me',
      source: 'local',
    };
  }
  tryProbe() {
    this.calls.push(`tryProbe ${this.lease}`);
    return this.lease;
  }
  releaseProbe() {
    this.calls.push('releaseProbe');
  }
  noteLatency(summary: { latencyMs: number; ttftMs: number | undefined; samples: number }) {
    this.latest = summary;
  }
}

/**
 * A fleet health store in memory, for the router's tests: what another process
 * "does" is applied with {@link FakeFleetStore.remoteCutoff} and friends, and
 * every call the router makes on the fleet seams is noted in `calls`.
 */
export function fakeFleetStore(processId = 'me') {
  const base = memoryHealthStore();
  const calls: string[] = [];
  const records = new Map<string, FakeFleetRecord>();
  const listeners = new Set<(change: RemoteHealthChange) => void>();
  const record = (targetId: string) => {
    let found = records.get(targetId);
    if (found === undefined) {
      found = new FakeFleetRecord(base.target(targetId), calls);
      records.set(targetId, found);
    }
    return found;
  };
  const store: HealthStore = {
    processId,
    target: record,
    onRemoteChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    store,
    calls,
    record,
    /** Another process cut the target off (for everyone, or for one jurisdiction). */
    remoteCutoff(
      targetId: string,
      options: { by: string; since: number; learnedAt: number; jurisdiction?: string },
    ) {
      const cutoff: Cutoff = {
        scope: options.jurisdiction === undefined ? 'target' : 'jurisdiction',
        ...(options.jurisdiction === undefined ? {} : { jurisdiction: options.jurisdiction }),
        reason: 'model_withdrawn',
        failure: { kind: 'cutoff', status: 404, message: 'the model was withdrawn' },
        since: options.since,
        by: options.by,
        source: 'fleet',
        learnedAt: options.learnedAt,
        detectedBy: [options.by],
      };
      record(targetId).setCutoff(options.jurisdiction ?? wholeTarget, cutoff);
      for (const listener of listeners) listener({ type: 'cutoff', targetId, cutoff });
    },
    /** Another process lifted the cut-offs of the target. */
    remoteRestore(targetId: string, by: string) {
      record(targetId).clearCutoff();
      for (const listener of listeners) listener({ type: 'restore', targetId, by });
    },
  };
}
