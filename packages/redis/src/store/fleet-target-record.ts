import type {
  Cutoff,
  FleetLatencySummary,
  HealthProvenance,
  SharedCircuit,
  TargetHealthRecord,
} from '@switchyard/router';
import type { FleetHealth } from '../model/fleet-health.js';
import type { CutoffEvent, HealthEventInput } from '../model/health-event.js';

/** What a {@link FleetTargetRecord} needs of its store. */
export interface FleetRecordContext {
  readonly health: FleetHealth;
  readonly processId: string;
  record(input: HealthEventInput): void;
  /** Epoch ms this process learnt of an event (for events from the fleet). */
  learnedAt(event: CutoffEvent): number | undefined;
  tryProbe(targetId: string): boolean;
  releaseProbe(targetId: string): void;
  noteLatency(
    targetId: string,
    summary: { latencyMs: number; ttftMs: number | undefined; samples: number },
  ): void;
}

/** The key of a whole-target cut-off (the router's `wholeTarget`). */
const wholeTarget = '*';

/**
 * The router's view of one target's fleet health ({@link TargetHealthRecord}):
 * reads come from this process's replica (synchronously, map look-ups),
 * writes become events recorded locally at once and published in the
 * background. Probes of cut-offs and `served` stay in this process.
 */
export class FleetTargetRecord implements TargetHealthRecord {
  served = false;
  readonly #probes = new Map<string, number>();
  /** Router `Cutoff` objects by scope, rebuilt after a change of the target's cut-offs. */
  #cutoffs: Map<string, Cutoff> | undefined;
  #circuit: { event: unknown; view: SharedCircuit } | undefined;

  constructor(
    readonly targetId: string,
    readonly context: FleetRecordContext,
  ) {}

  /** Forgets the converted cut-offs (the store calls it when the target's cut-offs changed). */
  invalidate(): void {
    this.#cutoffs = undefined;
  }

  get hasCutoffs(): boolean {
    return this.context.health.hasCutoffs(this.targetId);
  }

  cutoff(key: string): Cutoff | undefined {
    if (!this.context.health.hasCutoffs(this.targetId)) return undefined;
    return this.#converted().get(key);
  }

  cutoffs(): readonly Cutoff[] {
    return [...this.#converted().values()];
  }

  setCutoff(key: string, cutoff: Cutoff): boolean {
    const isNew = this.context.health.cutoffIn(this.targetId, key) === undefined;
    const failure = cutoff.failure;
    this.context.record({
      type: 'cutoff',
      targetId: this.targetId,
      scope: cutoff.scope,
      ...(cutoff.scope === 'jurisdiction' && cutoff.jurisdiction !== undefined
        ? { jurisdiction: cutoff.jurisdiction }
        : {}),
      ...(cutoff.reason === undefined ? {} : { reason: cutoff.reason }),
      evidence: {
        ...(failure.status === undefined ? {} : { status: failure.status }),
        ...(failure.code === undefined ? {} : { code: failure.code }),
        message: failure.message,
      },
      ...(cutoff.probeAfterMs === undefined ? {} : { probeAfterMs: cutoff.probeAfterMs }),
    });
    this.#probes.delete(key);
    return isNew;
  }

  clearCutoff(key?: string): boolean {
    if (key === '') return false;
    const health = this.context.health;
    const had =
      key === undefined
        ? health.hasCutoffs(this.targetId)
        : health.cutoffIn(this.targetId, key) !== undefined;
    // Recorded even when nothing is in force here: a cut-off this process has not heard of yet is lifted too.
    this.context.record({
      type: 'restore',
      targetId: this.targetId,
      ...(key === undefined || key === wholeTarget ? {} : { jurisdiction: key }),
    });
    if (key === undefined) this.#probes.clear();
    else this.#probes.delete(key);
    return had;
  }

  nextProbe(key: string): number | undefined {
    return this.#probes.get(key);
  }

  claimProbe(key: string, next: number): void {
    this.#probes.set(key, next);
  }

  get rateLimitedUntil(): number {
    return this.context.health.cooldownOf(this.targetId)?.until ?? 0;
  }

  set rateLimitedUntil(until: number) {
    if (until <= this.rateLimitedUntil) return; // the latest deadline wins anyway
    this.context.record({ type: 'cooldown', targetId: this.targetId, until });
  }

  get rateLimitProvenance(): HealthProvenance | undefined {
    const cooldown = this.context.health.cooldownOf(this.targetId);
    return cooldown === undefined
      ? undefined
      : {
          since: cooldown.at,
          by: cooldown.by,
          source: cooldown.by === this.context.processId ? 'local' : 'fleet',
        };
  }

  get sharedCircuit(): SharedCircuit | undefined {
    const event = this.context.health.circuitOf(this.targetId);
    if (event === undefined) return undefined;
    if (this.#circuit?.event !== event) {
      this.#circuit = {
        event,
        view: {
          state: event.state,
          ...(event.openUntil === undefined ? {} : { openUntil: event.openUntil }),
          since: event.at,
          by: event.by,
          source: event.by === this.context.processId ? 'local' : 'fleet',
        },
      };
    }
    return this.#circuit.view;
  }

  noteCircuit(state: 'open' | 'closed', openUntil?: number): void {
    const current = this.context.health.circuitOf(this.targetId);
    if (state === 'closed') {
      if (current === undefined || current.state === 'closed') return;
      this.context.record({ type: 'circuit', targetId: this.targetId, state: 'closed' });
      return;
    }
    const until = Math.floor(openUntil ?? 0);
    if (current?.state === 'open' && (current.openUntil ?? 0) >= until) return;
    this.context.record({ type: 'circuit', targetId: this.targetId, state: 'open', openUntil: until });
  }

  tryProbe(): boolean {
    return this.context.tryProbe(this.targetId);
  }

  releaseProbe(): void {
    this.context.releaseProbe(this.targetId);
  }

  noteLatency(summary: { latencyMs: number; ttftMs: number | undefined; samples: number }): void {
    this.context.noteLatency(this.targetId, summary);
  }

  get fleetLatency(): FleetLatencySummary | undefined {
    return this.context.health.latencyOf(this.targetId);
  }

  /** The router's `Cutoff` of each scope in force. */
  #converted(): Map<string, Cutoff> {
    if (this.#cutoffs !== undefined) return this.#cutoffs;
    const converted = new Map<string, Cutoff>();
    for (const event of this.context.health.cutoffsOf(this.targetId)) {
      converted.set(event.jurisdiction ?? wholeTarget, this.#toCutoff(event));
    }
    this.#cutoffs = converted;
    return converted;
  }

  #toCutoff(event: CutoffEvent): Cutoff {
    const { evidence } = event;
    const local = event.by === this.context.processId;
    const learnedAt = local ? event.at : this.context.learnedAt(event);
    return {
      scope: event.scope,
      ...(event.jurisdiction === undefined ? {} : { jurisdiction: event.jurisdiction }),
      ...(event.reason === undefined ? {} : { reason: event.reason }),
      failure: {
        kind: 'cutoff',
        scope: event.scope,
        ...(event.reason === undefined ? {} : { cutoffReason: event.reason }),
        ...(evidence.status === undefined ? {} : { status: evidence.status }),
        ...(evidence.code === undefined ? {} : { code: evidence.code }),
        message: evidence.message,
      },
      since: event.at,
      ...(event.probeAfterMs === undefined ? {} : { probeAfterMs: event.probeAfterMs }),
      by: event.by,
      source: local ? 'local' : 'fleet',
      ...(learnedAt === undefined ? {} : { learnedAt }),
      detectedBy: this.context.health
        .detectionsOf(this.targetId, event.jurisdiction)
        .map((detection) => detection.by),
    };
  }
}
