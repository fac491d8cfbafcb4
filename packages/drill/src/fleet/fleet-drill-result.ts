import type { DecisionRecord } from '@switchyard/core';
import type { DrillFiles, DrillResult } from '../run/drill-result.js';
import type { FleetCutoffFigures, FleetVerdict } from './fleet-figures.js';
import type { MemberHealthEvent } from './fleet-messages.js';

/** What one router process of a fleet drill routed. */
export interface FleetProcessFigures {
  /** Decision records it wrote. */
  readonly requests: number;
  /** Of which served. */
  readonly served: number;
  /** Of which not served. */
  readonly failed: number;
  /** Attempts it made. */
  readonly attempts: number;
  /** Attempts that hit a cut-off (failed with `cutoff`). */
  readonly cutoffAttempts: number;
}

/**
 * What a fleet drill found: the combined result of every process, as a
 * single drill's (`DrillResult`: verdicts, counts, figures per target,
 * jurisdiction and phase, events, files; `mode` is `loopback`, offsets are
 * real ms from the start times the time scale), and what only a fleet has.
 */
export interface FleetDrillResult extends DrillResult {
  /** Simulated ms per real ms the processes ran at. */
  readonly timeScale: number;
  /** The router processes, by id (`p1`...). */
  readonly processes: readonly string[];
  /** What each process routed, by process id. */
  readonly byProcess: Readonly<Record<string, FleetProcessFigures>>;
  /** The fleet's assertions (`passed` also needs every one of them, and every process to finish). */
  readonly fleetVerdicts: readonly FleetVerdict[];
  /** Every cut-off: who detected it first and when, when each process learnt of it, what it cost. */
  readonly cutoffs: readonly FleetCutoffFigures[];
  /**
   * Every cut-off and restore each process announced, with when: `atMs` is its offset on the drill's
   * axis (real ms from the start times the time scale), as the events' offsets; `at` is the wall clock.
   */
  readonly healthEvents: readonly (MemberHealthEvent & { readonly process: string; readonly atMs: number })[];
  /** Processes that failed, with why. */
  readonly processFailures: readonly string[];
  /**
   * How late each process's event loop ran (p99 and max, ms): on a machine that cannot keep up,
   * every figure (propagation included) carries that delay.
   */
  readonly eventLoops: Readonly<Record<string, { readonly p99Ms: number; readonly maxMs: number }>>;
  /** Files written (with `out`): those of a single drill. */
  readonly files?: DrillFiles;
}

/** What each process routed, tallied record by record (every process listed, in order; no record kept). */
export class ProcessTally {
  readonly #figures: Map<string, { -readonly [K in keyof FleetProcessFigures]: number }>;

  constructor(processes: readonly string[]) {
    this.#figures = new Map(
      processes.map((process) => [
        process,
        { requests: 0, served: 0, failed: 0, attempts: 0, cutoffAttempts: 0 },
      ]),
    );
  }

  /** Counts one record of a process. */
  add(process: string, record: DecisionRecord): void {
    const mine = this.#figures.get(process);
    if (mine === undefined) return;
    mine.requests++;
    if (record.servedBy === null) mine.failed++;
    else mine.served++;
    mine.attempts += record.attempts.length;
    mine.cutoffAttempts += record.attempts.filter((attempt) => attempt.failureKind === 'cutoff').length;
  }

  /** What each process routed, by process id. */
  figures(): Record<string, FleetProcessFigures> {
    return Object.fromEntries(this.#figures);
  }
}
