import type { ClassifiedFailure, CutoffReason } from '@switchyard/core';

/** A durable cut-off of a target, for everyone or for callers of one jurisdiction. */
export interface Cutoff {
  /** `target` for everyone, `jurisdiction` for callers of `jurisdiction`. */
  readonly scope: 'target' | 'jurisdiction';
  /** The caller jurisdiction it applies to (scope `jurisdiction`). */
  readonly jurisdiction?: string;
  /** Why, when the signal said. */
  readonly reason?: CutoffReason;
  /** The failure that cut it off. */
  readonly failure: ClassifiedFailure;
  /** Epoch ms it was detected. */
  readonly since: number;
  /** Let one request probe the target this long (ms) after the cut-off, and again after each failed probe; absent: the router's `probeCutoffAfterMs`. */
  readonly probeAfterMs?: number;
}

/** The key of a cut-off for everyone; other keys are caller jurisdictions. */
export const wholeTarget = '*';

/**
 * What the router shares about one target's health beyond its own process:
 * durable cut-offs (and when each may be probed), how long it is rate
 * limited, and whether it ever served. Every read is synchronous: the request
 * path reads it on every call. A store backed by something shared (Redis, a
 * database) keeps a local copy that it updates in the background, and writes
 * through; the router never waits on it.
 */
export interface TargetHealthRecord {
  /** Whether any cut-off is in force (the request path checks this first). */
  readonly hasCutoffs: boolean;
  /** The cut-off under `key` (`*` for the whole target, else a caller jurisdiction). */
  cutoff(key: string): Cutoff | undefined;
  /** Every cut-off in force. */
  cutoffs(): readonly Cutoff[];
  /** Sets the cut-off under `key`; returns true when there was none. */
  setCutoff(key: string, cutoff: Cutoff): boolean;
  /** Lifts the cut-off under `key`, or every cut-off when `key` is undefined; returns true when one was lifted. */
  clearCutoff(key?: string): boolean;
  /** When the cut-off under `key` may next be probed (epoch ms), if a probe was claimed before. */
  nextProbe(key: string): number | undefined;
  /** Claims the probe of the cut-off under `key`: the next one is due at `next`. */
  claimProbe(key: string, next: number): void;
  /** Epoch ms (router clock) until which the target is rate limited. */
  rateLimitedUntil: number;
  /** Whether the target ever served a request (a later 404 then means withdrawn, not misconfigured). */
  served: boolean;
}

/**
 * Where targets' shared health lives. The default, {@link memoryHealthStore},
 * keeps it in this process; a fleet-wide store implements the same interface.
 */
export interface HealthStore {
  /** The health record of a target (the same object on every call). */
  target(targetId: string): TargetHealthRecord;
}
