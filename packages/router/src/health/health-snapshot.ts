import type { CutoffReason } from '@switchyard/core';
import type { FleetLatencySummary, HealthSource } from './health-store.js';

/** What a cut-off was detected on: the classified failure, secrets already removed. */
export interface CutoffEvidence {
  /** HTTP status of the failed attempt, when there was one. */
  readonly status?: number;
  /** The provider's own error code, e.g. `unsupported_country_region_territory`. */
  readonly code?: string;
  /** A readable message, without secrets. */
  readonly message: string;
  /** The request whose attempt detected it. */
  readonly requestId?: string;
}

/** A cut-off in force, as shown to people. */
export interface CutoffSnapshot {
  /** `target`: for everyone; `jurisdiction`: for callers of `jurisdiction`. */
  readonly scope: 'target' | 'jurisdiction';
  /** The caller jurisdiction (scope `jurisdiction`). */
  readonly jurisdiction?: string;
  /** Why, when the provider's signal said. */
  readonly reason?: CutoffReason;
  /** Epoch ms of its first detection still in force. */
  readonly since: number;
  /** The process that detected it first. */
  readonly by: string;
  /** `local` when this process detected it first, else `fleet`. */
  readonly source: HealthSource;
  /** The failure it was detected on. */
  readonly evidence: CutoffEvidence;
  /** Every process whose detection is in force, earliest first (just `by` without a fleet). */
  readonly detectedBy: readonly string[];
}

/** A target's circuit: the fleet's when shared, else this process's breaker. */
export interface CircuitSnapshot {
  /** `open` until `openUntil`, `half-open` after it (one trial; in a fleet, by lease), `closed`. */
  readonly state: 'open' | 'half-open' | 'closed';
  /** Epoch ms the circuit stays open until (state `open` / `half-open`). */
  readonly openUntil?: number;
  /** Epoch ms of the transition. */
  readonly since: number;
  /** The process that made it. */
  readonly by: string;
  /** `local` or `fleet`. */
  readonly source: HealthSource;
}

/** A rate-limit cooldown still running. */
export interface CooldownSnapshot {
  /** Epoch ms it ends. */
  readonly until: number;
  /** Epoch ms it was set. */
  readonly since: number;
  /** The process that set it. */
  readonly by: string;
  /** `local` or `fleet`. */
  readonly source: HealthSource;
}

/** One target's health, merged. */
export interface TargetSnapshot {
  readonly targetId: string;
  /** `cutoff` (for everyone), `degraded` (cut off for some jurisdictions, circuit not closed, cooling down) or `healthy`. */
  readonly state: 'healthy' | 'degraded' | 'cutoff';
  /** Cut-offs in force, whole target first. */
  readonly cutoffs: readonly CutoffSnapshot[];
  /** The last circuit transition, if any. */
  readonly circuit?: CircuitSnapshot;
  /** The cooldown still running, if any. */
  readonly cooldown?: CooldownSnapshot;
  /** Latency averages: this process's, and the fleet's (mean of the processes' averages) when shared. */
  readonly latency?: {
    /** This process's moving average of successful attempts' latency, ms. */
    readonly latencyMs?: number;
    /** This process's moving average of time to first token, ms. */
    readonly ttftMs?: number;
    /** The fleet's, when a fleet store shares them. */
    readonly fleet?: FleetLatencySummary;
  };
}

/** The health of every target, merged: what `router.health.snapshot()` and `switchyard health` show. */
export interface HealthSnapshot {
  /** Epoch ms it was taken. */
  readonly takenAt: number;
  /** The process that took it (absent for a reader outside the fleet, e.g. `switchyard health`). */
  readonly processId?: string;
  /** One entry per target, by id. */
  readonly targets: readonly TargetSnapshot[];
}
