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
  /** The process that detected it (a fleet store's process id); absent: this process. */
  readonly by?: string;
  /** `fleet` when another process of the fleet detected it; absent or `local`: this process. */
  readonly source?: HealthSource;
  /** Epoch ms this process learnt of it (a fleet cut-off arrives after `since`); absent: `since`. */
  readonly learnedAt?: number;
  /** Every process whose detection of it is in force, earliest first (a fleet store); absent: `by`. */
  readonly detectedBy?: readonly string[];
}

/** Where a health fact comes from: this process, or another process of the fleet. */
export type HealthSource = 'local' | 'fleet';

/** Who set a health fact, and when. */
export interface HealthProvenance {
  /** Epoch ms it was set. */
  readonly since: number;
  /** The process that set it. */
  readonly by: string;
  /** `local` or `fleet`. */
  readonly source: HealthSource;
}

/** A target's circuit as the fleet shares it: open until a deadline, or closed by a successful trial. */
export interface SharedCircuit extends HealthProvenance {
  readonly state: 'open' | 'closed';
  /** Epoch ms it stays open until (state `open`); after it, half-open: one trial, by lease. */
  readonly openUntil?: number;
}

/** Latency averages of a target across the fleet (the mean of the processes' averages). */
export interface FleetLatencySummary {
  readonly latencyMs?: number;
  readonly ttftMs?: number;
  /** Processes that contributed. */
  readonly processes: number;
  /** Samples behind it, summed. */
  readonly samples: number;
}

/** A change another process of the fleet made, as a fleet store reports it. */
export type RemoteHealthChange =
  /** A scope of a target newly cut off by another process. */
  | { readonly type: 'cutoff'; readonly targetId: string; readonly cutoff: Cutoff }
  /** A cut-off lifted by another process (`jurisdiction` absent: every scope). */
  | {
      readonly type: 'restore';
      readonly targetId: string;
      readonly jurisdiction?: string;
      readonly by: string;
    };

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
  /** Who set the rate limit in force, and when (optional; a store that omits it shows this process). */
  readonly rateLimitProvenance?: HealthProvenance | undefined;
  /**
   * The fleet's circuit of this target (optional: a store without it shares no circuits). While it is
   * open the target is skipped everywhere; once `openUntil` passes, only the process that holds the
   * probe lease ({@link TargetHealthRecord.tryProbe}) sends the trial.
   */
  readonly sharedCircuit?: SharedCircuit | undefined;
  /** Tells the fleet this process's breaker opened (until `openUntil`), or a trial closed it. */
  noteCircuit?(state: 'open' | 'closed', openUntil?: number): void;
  /** Whether this process may send the target's one half-open trial now (never waits; absent: yes). */
  tryProbe?(): boolean;
  /** Gives the probe lease back once the trial's outcome was noted. */
  releaseProbe?(): void;
  /** This process's latency averages of the target, after each success (the store shares them in the background). */
  noteLatency?(summary: { latencyMs: number; ttftMs: number | undefined; samples: number }): void;
  /** The fleet's latency averages of the target, for the `fastest` strategy (optional). */
  readonly fleetLatency?: FleetLatencySummary | undefined;
}

/**
 * Where targets' shared health lives. The default, {@link memoryHealthStore},
 * keeps it in this process; a fleet-wide store implements the same interface.
 */
export interface HealthStore {
  /** The health record of a target (the same object on every call). */
  target(targetId: string): TargetHealthRecord;
  /** This process's id in the fleet (shown as `by`); absent: `<host>:<pid>`. */
  readonly processId?: string;
  /**
   * Subscribes to changes other processes of the fleet made (a fleet store):
   * the router announces them as `target-cut-off` and `target-restored` with
   * `source: 'fleet'`. Returns the unsubscribe function.
   */
  onRemoteChange?(listener: (change: RemoteHealthChange) => void): () => void;
}
