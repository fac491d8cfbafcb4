import { compareText } from '@switchyard/core';
import { compareEvents } from './compare-events.js';
import type {
  CircuitEvent,
  CooldownEvent,
  CutoffEvent,
  HealthEvent,
  LatencyEvent,
  RestoreEvent,
} from './health-event.js';

/** The scope key of a whole-target cut-off or restore. */
const wholeTarget = '*';

/** What one process knows of one target. */
interface TargetRegisters {
  /** Per scope (`*` or a jurisdiction), per detecting process: its latest cut-off not lifted yet. */
  readonly cutoffs: Map<string, Map<string, CutoffEvent>>;
  /** Per scope (`*` = every scope): the latest restore. */
  readonly restores: Map<string, RestoreEvent>;
  /** The latest circuit transition. */
  circuit: CircuitEvent | undefined;
  /** The cooldown with the latest deadline. */
  cooldown: CooldownEvent | undefined;
  /** Per process: its latest latency summary, within the latency window. */
  readonly latency: Map<string, LatencyEvent>;
  /** Derived: per scope, the earliest cut-off in force (what callers see); rebuilt on change. */
  readonly inForce: Map<string, CutoffEvent>;
}

/** The fleet's latency summary of one target: the mean of the processes' latest averages. */
export interface FleetLatency {
  /** Mean over processes of their latency averages, ms. */
  readonly latencyMs: number | undefined;
  /** Mean over processes of their time-to-first-token averages, ms. */
  readonly ttftMs: number | undefined;
  /** Processes that contributed. */
  readonly processes: number;
  /** Samples behind it, summed over the processes. */
  readonly samples: number;
}

/**
 * One process's replica of the fleet's health: a state-based CRDT whose merge
 * is deterministic, so every process that has received the same events, in
 * any order, with duplicates, holds the same state.
 *
 * Merge rules:
 * - **cut-off**, per target, scope (`target` or a jurisdiction) and detecting
 *   process: the latest one. It is in force until a *newer* restore of that
 *   scope or of the whole target ({@link compareEvents}; on the same clock the
 *   cut-off wins). Nothing else lifts it: not a Redis failure, not time.
 * - **restore**, per target and scope: the latest one; older cut-offs of its
 *   scope are dropped.
 * - **circuit**, per target: the latest transition (open until a deadline, or closed).
 * - **cooldown**, per target: the latest deadline wins (then the latest event).
 * - **latency**, per target and process: the latest summary, kept while it is
 *   within `latencyWindowMs` of the newest summary of that target.
 *
 * Reads are map look-ups: the request path calls them on every candidate.
 */
export class FleetHealth {
  private readonly targets = new Map<string, TargetRegisters>();
  private readonly latencyWindowMs: number;

  /**
   * @param options.latencyWindowMs a process's latency summary counts while it is this close to the
   *   newest one of its target (default 600,000: ten minutes). Every process of a fleet must use the
   *   same value, or their latency views differ.
   */
  constructor(options: { latencyWindowMs?: number } = {}) {
    this.latencyWindowMs = options.latencyWindowMs ?? 600_000;
  }

  /**
   * Merges one event.
   *
   * @returns whether the state changed (false for a duplicate or an event something newer already covers).
   */
  apply(event: HealthEvent): boolean {
    const registers = this.registersOf(event.targetId);
    switch (event.type) {
      case 'cutoff':
        return applyCutoff(registers, event);
      case 'restore':
        return applyRestore(registers, event);
      case 'circuit':
        if (registers.circuit !== undefined && compareEvents(event, registers.circuit) <= 0) return false;
        registers.circuit = event;
        return true;
      case 'cooldown':
        if (registers.cooldown !== undefined && compareCooldowns(event, registers.cooldown) <= 0)
          return false;
        registers.cooldown = event;
        return true;
      case 'latency':
        return applyLatency(registers, event, this.latencyWindowMs);
    }
  }

  /** Merges every event of another replica (the join of the two states). */
  merge(other: FleetHealth): void {
    for (const event of other.events()) this.apply(event);
  }

  /**
   * Every event the state holds, in a canonical order (target, then the fleet's
   * order of events): what a process pushes to Redis, and a fingerprint of the
   * state (two replicas are equal when their lists are).
   */
  events(): HealthEvent[] {
    const out: HealthEvent[] = [];
    for (const targetId of [...this.targets.keys()].sort()) {
      const registers = this.targets.get(targetId) as TargetRegisters;
      const own: HealthEvent[] = [];
      for (const scope of registers.cutoffs.values()) own.push(...scope.values());
      own.push(...registers.restores.values());
      if (registers.circuit) own.push(registers.circuit);
      if (registers.cooldown) own.push(registers.cooldown);
      own.push(...registers.latency.values());
      own.sort((a, b) => compareEvents(a, b) || compareText(a.type, b.type));
      out.push(...own);
    }
    return out;
  }

  /** Target ids the state knows anything of. */
  targetIds(): string[] {
    return [...this.targets.keys()];
  }

  /**
   * The cut-off in force for a caller: the whole-target one, else the one of
   * the caller's jurisdiction; the earliest detection of it.
   */
  cutoffFor(targetId: string, jurisdiction: string | undefined): CutoffEvent | undefined {
    const registers = this.targets.get(targetId);
    if (registers === undefined || registers.inForce.size === 0) return undefined;
    return (
      registers.inForce.get(wholeTarget) ??
      (jurisdiction === undefined ? undefined : registers.inForce.get(jurisdiction))
    );
  }

  /** Whether any cut-off of the target is in force (the request path asks this first). */
  hasCutoffs(targetId: string): boolean {
    const registers = this.targets.get(targetId);
    return registers !== undefined && registers.inForce.size > 0;
  }

  /** The cut-off in force under one scope key (`*` for the whole target, else a jurisdiction), its earliest detection. */
  cutoffIn(targetId: string, scope: string): CutoffEvent | undefined {
    return this.targets.get(targetId)?.inForce.get(scope);
  }

  /** Every cut-off in force on a target, one per scope (its earliest detection), whole target first. */
  cutoffsOf(targetId: string): CutoffEvent[] {
    const registers = this.targets.get(targetId);
    if (registers === undefined) return [];
    return [...registers.inForce.entries()]
      .sort(([a], [b]) => (a === wholeTarget ? -1 : b === wholeTarget ? 1 : compareText(a, b)))
      .map(([, event]) => event);
  }

  /** Every process whose detection of a scope's cut-off is in force, in the order they detected it. */
  detectionsOf(targetId: string, jurisdiction?: string): CutoffEvent[] {
    const scope = this.targets.get(targetId)?.cutoffs.get(jurisdiction ?? wholeTarget);
    return scope === undefined ? [] : [...scope.values()].sort(compareEvents);
  }

  /** The latest restore of a scope (`undefined` jurisdiction: of the whole target). */
  restoreOf(targetId: string, jurisdiction?: string): RestoreEvent | undefined {
    return this.targets.get(targetId)?.restores.get(jurisdiction ?? wholeTarget);
  }

  /** The latest circuit transition of a target. */
  circuitOf(targetId: string): CircuitEvent | undefined {
    return this.targets.get(targetId)?.circuit;
  }

  /** The cooldown with the latest deadline. */
  cooldownOf(targetId: string): CooldownEvent | undefined {
    return this.targets.get(targetId)?.cooldown;
  }

  /** The latest latency summary of each process, by process id. */
  latencySummariesOf(targetId: string): LatencyEvent[] {
    const registers = this.targets.get(targetId);
    if (registers === undefined) return [];
    return [...registers.latency.values()].sort((a, b) => (a.by < b.by ? -1 : a.by > b.by ? 1 : 0));
  }

  /** The fleet's latency of a target (mean of the processes' averages), or undefined without summaries. */
  latencyOf(targetId: string): FleetLatency | undefined {
    const summaries = this.latencySummariesOf(targetId);
    if (summaries.length === 0) return undefined;
    return {
      latencyMs: mean(summaries.map((summary) => summary.latencyMs)),
      ttftMs: mean(summaries.map((summary) => summary.ttftMs)),
      processes: summaries.length,
      samples: summaries.reduce((sum, summary) => sum + summary.samples, 0),
    };
  }

  private registersOf(targetId: string): TargetRegisters {
    let registers = this.targets.get(targetId);
    if (registers === undefined) {
      registers = {
        cutoffs: new Map(),
        restores: new Map(),
        circuit: undefined,
        cooldown: undefined,
        latency: new Map(),
        inForce: new Map(),
      };
      this.targets.set(targetId, registers);
    }
    return registers;
  }
}

function scopeOf(event: CutoffEvent | RestoreEvent): string {
  return event.jurisdiction ?? wholeTarget;
}

/** The newer of a scope's own restore and the whole-target restore. */
function floorOf(registers: TargetRegisters, scope: string): RestoreEvent | undefined {
  const own = registers.restores.get(scope);
  const whole = scope === wholeTarget ? undefined : registers.restores.get(wholeTarget);
  if (own === undefined) return whole;
  if (whole === undefined) return own;
  return compareEvents(own, whole) >= 0 ? own : whole;
}

function applyCutoff(registers: TargetRegisters, event: CutoffEvent): boolean {
  const scope = scopeOf(event);
  const floor = floorOf(registers, scope);
  if (floor !== undefined && compareEvents(event, floor) <= 0) return false;
  let byProcess = registers.cutoffs.get(scope);
  const existing = byProcess?.get(event.by);
  if (existing !== undefined && compareEvents(event, existing) <= 0) return false;
  if (byProcess === undefined) {
    byProcess = new Map();
    registers.cutoffs.set(scope, byProcess);
  }
  byProcess.set(event.by, event);
  refreshInForce(registers, scope);
  return true;
}

function applyRestore(registers: TargetRegisters, event: RestoreEvent): boolean {
  const scope = scopeOf(event);
  const existing = registers.restores.get(scope);
  if (existing !== undefined && compareEvents(event, existing) <= 0) return false;
  registers.restores.set(scope, event);
  const scopes = scope === wholeTarget ? [...registers.cutoffs.keys()] : [scope];
  for (const each of scopes) {
    const byProcess = registers.cutoffs.get(each);
    if (byProcess === undefined) continue;
    const floor = floorOf(registers, each) as RestoreEvent;
    for (const [by, cutoff] of byProcess) if (compareEvents(cutoff, floor) <= 0) byProcess.delete(by);
    if (byProcess.size === 0) registers.cutoffs.delete(each);
    refreshInForce(registers, each);
  }
  return true;
}

function refreshInForce(registers: TargetRegisters, scope: string): void {
  const byProcess = registers.cutoffs.get(scope);
  let earliest: CutoffEvent | undefined;
  if (byProcess !== undefined) {
    for (const cutoff of byProcess.values()) {
      if (earliest === undefined || compareEvents(cutoff, earliest) < 0) earliest = cutoff;
    }
  }
  if (earliest === undefined) registers.inForce.delete(scope);
  else registers.inForce.set(scope, earliest);
}

/** Cooldowns: the later deadline first, then the fleet's order of events. */
function compareCooldowns(a: CooldownEvent, b: CooldownEvent): number {
  return a.until !== b.until ? a.until - b.until : compareEvents(a, b);
}

function applyLatency(registers: TargetRegisters, event: LatencyEvent, windowMs: number): boolean {
  let newest = event.at;
  for (const summary of registers.latency.values()) if (summary.at > newest) newest = summary.at;
  const threshold = newest - windowMs;
  if (event.at < threshold) return false;
  const existing = registers.latency.get(event.by);
  if (existing !== undefined && compareEvents(event, existing) <= 0) return false;
  registers.latency.set(event.by, event);
  for (const [by, summary] of registers.latency) if (summary.at < threshold) registers.latency.delete(by);
  return true;
}

function mean(values: ReadonlyArray<number | undefined>): number | undefined {
  let sum = 0;
  let count = 0;
  for (const value of values) {
    if (value === undefined) continue;
    sum += value;
    count++;
  }
  return count === 0 ? undefined : sum / count;
}
