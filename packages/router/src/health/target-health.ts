import type { TargetResilience } from '../attempt/target-resilience.js';
import type { ResolvedTargetHealthOptions } from './health-options.js';
import { type Cutoff, type TargetHealthRecord, wholeTarget } from './health-store.js';

export type { Cutoff } from './health-store.js';

/** What `router.health.state(target)` returns. */
export interface TargetHealthState {
  readonly targetId: string;
  /** `cutoff` (for everyone), `degraded` (circuit not closed, recently rate limited, or cut off for some jurisdictions) or `healthy`. */
  readonly state: 'healthy' | 'degraded' | 'cutoff';
  readonly circuit: 'closed' | 'open' | 'half-open' | 'isolated';
  readonly cutoffs: readonly Cutoff[];
  readonly inFlight: number;
  /** Exponentially weighted moving average of successful attempts' latency, ms. */
  readonly latencyEwmaMs: number | undefined;
  /** Same, of time to first token (streams), ms. */
  readonly ttftEwmaMs: number | undefined;
}

/**
 * Health of one target: its shared record (cut-offs, rate limit, `served`,
 * from the health store), and what only this process knows (attempts in
 * flight, latency averages, the circuit of its resilience stack).
 */
export class TargetHealth {
  inFlight = 0;
  latencyEwmaMs: number | undefined;
  ttftEwmaMs: number | undefined;
  /** Successful attempts behind the averages. */
  samples = 0;
  /** Epoch ms (router clock) this process last set the rate limit. */
  rateLimitedSince = 0;

  constructor(
    readonly targetId: string,
    readonly options: ResolvedTargetHealthOptions,
    readonly record: TargetHealthRecord,
    readonly resilience: TargetResilience,
  ) {}

  /** The key of the cut-off that applies to this caller (`*` when the whole target is cut off). */
  #keyFor(jurisdiction: string | undefined): string {
    return this.record.cutoff(wholeTarget) ? wholeTarget : (jurisdiction ?? '');
  }

  /**
   * The cut-off in force for this caller, and whether its probe is due (one
   * request may then try the target). Reads only: {@link claimProbe} claims it.
   */
  cutoffFor(
    jurisdiction: string | undefined,
    now: number,
  ): { cutoff: Cutoff; probeDue: boolean } | undefined {
    if (!this.record.hasCutoffs) return undefined;
    const key = this.#keyFor(jurisdiction);
    const cutoff = this.record.cutoff(key);
    if (!cutoff) return undefined;
    const probeAfter = cutoff.probeAfterMs ?? this.options.probeCutoffAfterMs;
    if (probeAfter === undefined) return { cutoff, probeDue: false };
    const due = this.record.nextProbe(key) ?? cutoff.since + probeAfter;
    return { cutoff, probeDue: now >= due };
  }

  /** Claims a due probe for this caller: the next one is due `probeAfterMs` later. */
  claimProbe(jurisdiction: string | undefined, now: number): void {
    const key = this.#keyFor(jurisdiction);
    const cutoff = this.record.cutoff(key);
    if (!cutoff) return;
    const probeAfter = cutoff.probeAfterMs ?? this.options.probeCutoffAfterMs ?? 0;
    this.record.claimProbe(key, now + probeAfter);
  }

  /** Whether the target is cut off for this caller (a due probe does not count). */
  isCutOff(jurisdiction: string | undefined, now: number): boolean {
    const found = this.cutoffFor(jurisdiction, now);
    return found !== undefined && !found.probeDue;
  }

  /** Records a cut-off; returns true when it is new for its scope. */
  cutOff(cutoff: Cutoff): boolean {
    const key = cutoff.scope === 'target' ? wholeTarget : (cutoff.jurisdiction ?? '');
    return this.record.setCutoff(key, cutoff);
  }

  /** Lifts a cut-off: every one, or the one of a caller jurisdiction. */
  restore(jurisdiction?: string): boolean {
    return this.record.clearCutoff(jurisdiction);
  }

  /**
   * Notes a successful attempt that started at `startedAt`. A success lifts a
   * cut-off only when the attempt started after it (a probe): an attempt that
   * was already in flight when the target was cut off proves nothing.
   */
  succeeded(
    jurisdiction: string | undefined,
    latencyMs: number,
    ttftMs: number | undefined,
    startedAt: number,
  ): void {
    const record = this.record;
    if (!record.served) record.served = true;
    if (record.hasCutoffs) {
      const key = this.#keyFor(jurisdiction);
      const cutoff = record.cutoff(key);
      // Strictly after: an attempt started in the same millisecond as the cut-off may well have
      // been in flight when it was detected, and a probe starts at least `probeAfterMs` later. A
      // cut-off another process detected counts from when this one learnt of it.
      if (cutoff !== undefined && (cutoff.learnedAt ?? cutoff.since) < startedAt)
        record.clearCutoff(key === wholeTarget ? undefined : key);
    }
    const weight = this.options.ewmaWeight;
    this.latencyEwmaMs =
      this.latencyEwmaMs === undefined
        ? latencyMs
        : this.latencyEwmaMs + weight * (latencyMs - this.latencyEwmaMs);
    if (ttftMs !== undefined) {
      this.ttftEwmaMs =
        this.ttftEwmaMs === undefined ? ttftMs : this.ttftEwmaMs + weight * (ttftMs - this.ttftEwmaMs);
    }
    this.samples++;
    record.noteLatency?.({ latencyMs: this.latencyEwmaMs, ttftMs: this.ttftEwmaMs, samples: this.samples });
  }

  /** Rate limited until `until` (epoch ms), noted at `now`: ordered after the healthy ones meanwhile. */
  rateLimited(until: number, now: number): void {
    this.record.rateLimitedUntil = until;
    this.rateLimitedSince = now;
  }

  /**
   * What the fleet's circuit says of the next attempt (a store that shares
   * circuits): `open` while it is open, or half-open with another process
   * holding the probe lease; `trial` when this process may send the one
   * half-open trial; undefined when the fleet has nothing to say (closed, or
   * not shared). Asks for the lease in the background: never waits.
   */
  fleetGate(now: number): 'open' | 'trial' | undefined {
    const shared = this.record.sharedCircuit;
    if (shared === undefined || shared.state === 'closed') return undefined;
    if (now < (shared.openUntil ?? 0)) return 'open';
    return this.record.tryProbe === undefined || this.record.tryProbe() ? 'trial' : 'open';
  }

  /** Speed for the `fastest` strategy: this process's averages, else the fleet's (ms; 0 when unknown). */
  get speedMs(): number {
    const fleet = this.record.fleetLatency;
    return this.ttftEwmaMs ?? this.latencyEwmaMs ?? fleet?.ttftMs ?? fleet?.latencyMs ?? 0;
  }

  /**
   * Why the target goes after the healthy ones, if it does: rate limited
   * recently, or its circuit (this process's, or the fleet's while open).
   */
  demotion(now: number): 'rate_limited' | 'circuit_open' | undefined {
    if (now < this.record.rateLimitedUntil) return 'rate_limited';
    if (this.resilience.isDemoted()) return 'circuit_open';
    const shared = this.record.sharedCircuit;
    if (shared !== undefined && shared.state === 'open' && now < (shared.openUntil ?? 0))
      return 'circuit_open';
    return undefined;
  }

  state(now: number): TargetHealthState {
    const cutoffs = this.record.cutoffs();
    return {
      targetId: this.targetId,
      state: this.record.cutoff(wholeTarget)
        ? 'cutoff'
        : this.demotion(now) !== undefined || cutoffs.length > 0
          ? 'degraded'
          : 'healthy',
      circuit: this.resilience.circuit,
      cutoffs,
      inFlight: this.inFlight,
      latencyEwmaMs: this.latencyEwmaMs,
      ttftEwmaMs: this.ttftEwmaMs,
    };
  }
}
