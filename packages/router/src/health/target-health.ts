import type { ClassifiedFailure, CutoffReason } from '@switchyard/core';
import {
  type BulkheadPolicy,
  bulkhead,
  type CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
} from 'cockatiel';
import { AttemptFailure } from './attempt-failure.js';
import type { ResolvedTargetHealthOptions } from './health-options.js';

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
}

/** What `router.health.state(target)` returns. */
export interface TargetHealthState {
  readonly targetId: string;
  /** `cut_off` (for everyone), `degraded` (circuit not closed, recently rate limited, or cut off for some jurisdictions) or `healthy`. */
  readonly state: 'healthy' | 'degraded' | 'cut_off';
  readonly circuit: 'closed' | 'open' | 'half-open' | 'isolated';
  readonly cutoffs: readonly Cutoff[];
  readonly inFlight: number;
  /** Exponentially weighted moving average of successful attempts' latency, ms. */
  readonly latencyEwmaMs: number | undefined;
  /** Same, of time to first token (streams), ms. */
  readonly ttftEwmaMs: number | undefined;
}

const wholeTarget = '\u0000*';

/**
 * Health of one target: durable cut-offs, a cockatiel circuit breaker and
 * bulkhead, in-flight count and latency averages.
 */
export class TargetHealth {
  readonly breaker: CircuitBreakerPolicy;
  readonly bulkhead: BulkheadPolicy;
  private readonly cutoffs = new Map<string, Cutoff>();
  private readonly probes = new Map<string, number>();
  inFlight = 0;
  latencyEwmaMs: number | undefined;
  ttftEwmaMs: number | undefined;
  rateLimitedUntil = 0;

  constructor(
    readonly targetId: string,
    readonly options: ResolvedTargetHealthOptions,
  ) {
    this.breaker = circuitBreaker(
      handleWhen((error) => error instanceof AttemptFailure && error.tripsBreaker),
      {
        halfOpenAfter: options.breakerHalfOpenAfterMs,
        breaker: new ConsecutiveBreaker(options.breakerThreshold),
      },
    );
    this.bulkhead = bulkhead(options.maxConcurrent, 0);
    this.breaker.onBreak(() => {
      this.breakerOpenedAt = Date.now();
    });
  }

  /** When the circuit last opened, on cockatiel's clock (`Date.now`). */
  private breakerOpenedAt = 0;

  /** Whether the target is cut off for this caller. A due probe lets one request through. */
  isCutOff(jurisdiction: string | undefined, now: number): boolean {
    if (this.cutoffs.size === 0) return false;
    return this.cutoffFor(jurisdiction, now) !== undefined;
  }

  /** The cut-off that applies to this caller, unless a probe is due (which it then claims). */
  cutoffFor(jurisdiction: string | undefined, now: number): Cutoff | undefined {
    const key = this.cutoffs.has(wholeTarget) ? wholeTarget : (jurisdiction ?? '');
    const cutoff = this.cutoffs.get(key);
    if (!cutoff) return undefined;
    const probeAfter = this.options.probeCutoffAfterMs;
    if (probeAfter !== undefined) {
      const due = this.probes.get(key) ?? cutoff.since + probeAfter;
      if (now >= due) {
        this.probes.set(key, now + probeAfter);
        return undefined;
      }
    }
    return cutoff;
  }

  cutOff(cutoff: Cutoff): boolean {
    const key = cutoff.scope === 'target' ? wholeTarget : (cutoff.jurisdiction ?? '');
    const isNew = !this.cutoffs.has(key);
    this.cutoffs.set(key, cutoff);
    this.probes.delete(key);
    return isNew;
  }

  restore(jurisdiction?: string): boolean {
    if (jurisdiction === undefined) {
      const had = this.cutoffs.size > 0;
      this.cutoffs.clear();
      this.probes.clear();
      return had;
    }
    this.probes.delete(jurisdiction);
    return this.cutoffs.delete(jurisdiction);
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
    if (this.cutoffs.size > 0) {
      const key = this.cutoffs.has(wholeTarget) ? wholeTarget : (jurisdiction ?? '');
      const cutoff = this.cutoffs.get(key);
      // Strictly after: an attempt started in the same millisecond as the
      // cut-off may well have been in flight when it was detected, and a probe
      // starts at least `probeCutoffAfterMs` later.
      if (cutoff !== undefined && cutoff.since < startedAt) {
        if (key === wholeTarget) this.restore();
        else this.restore(key);
      }
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
  }

  /**
   * Whether the target goes after the healthy ones: its circuit is open or on
   * trial, or it was rate limited recently. An open circuit whose half-open
   * delay has passed is not degraded: the next request tries it (cockatiel
   * moves an open circuit to half-open only inside a call), so a target that
   * recovered gets its traffic back even while a backup serves well.
   */
  isDegraded(now: number): boolean {
    if (now < this.rateLimitedUntil) return true;
    const circuit = this.breaker.state;
    if (circuit === CircuitState.Closed) return false;
    if (circuit === CircuitState.Open)
      return Date.now() - this.breakerOpenedAt < this.options.breakerHalfOpenAfterMs;
    return true;
  }

  state(now: number): TargetHealthState {
    const circuit = (['closed', 'open', 'half-open', 'isolated'] as const)[this.breaker.state] ?? 'closed';
    const cutoffs = [...this.cutoffs.values()];
    return {
      targetId: this.targetId,
      state: this.cutoffs.has(wholeTarget)
        ? 'cut_off'
        : this.isDegraded(now) || cutoffs.length > 0
          ? 'degraded'
          : 'healthy',
      circuit,
      cutoffs,
      inFlight: this.inFlight,
      latencyEwmaMs: this.latencyEwmaMs,
      ttftEwmaMs: this.ttftEwmaMs,
    };
  }
}
