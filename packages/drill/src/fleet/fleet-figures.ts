import type { DecisionRecord } from '@switchyard/core';
import type { FleetAssertion } from '../scenario/fleet-schema.js';
import { FleetCutoffTally } from './fleet-cutoff-tally.js';
import type { MemberHealthEvent } from './fleet-messages.js';

/** One cut-off (a target, for everyone or one jurisdiction) across the fleet. */
export interface FleetCutoffFigures {
  readonly targetId: string;
  /** `*` (whole target) or the caller jurisdiction. */
  readonly scope: string;
  /** The first detection in the fleet: which process, and when (its offset: real ms from the drill's start times the time scale). */
  readonly firstDetection: { readonly by: string; readonly atMs: number };
  /** Every process that detected it itself (each paid at least one attempt for it). */
  readonly detectedBy: readonly string[];
  /** Per process: when it learnt of it (ms after the first detection), and how (`local`: detected it itself). */
  readonly learnt: ReadonlyArray<{
    readonly process: string;
    readonly afterMs: number;
    readonly source: 'local' | 'fleet';
  }>;
  /**
   * Per process but the first detector: when the fleet's news of it arrived (ms after the first
   * detection), whether or not the process had detected it itself meanwhile: the propagation delay.
   */
  readonly propagation: ReadonlyArray<{ readonly process: string; readonly afterMs: number }>;
  /** Processes that never learnt of it. */
  readonly neverLearnt: readonly string[];
  /** Attempts that hit this cut-off, per process (failed with `cutoff` in its scope), in flight at the ban included. */
  readonly wasted: Readonly<Record<string, number>>;
  /**
   * Of those, the ones that started after the fleet's first detection, per process: what sharing
   * could save (at most one per process, before the news arrives).
   */
  readonly wastedAfterFirstDetection: Readonly<Record<string, number>>;
  /** Attempts on the target in its scope after the fleet's first detection (and before a restore lifted it), any process. */
  readonly attemptsAfterFirstDetection: number;
  /** Attempts on the target in its scope by a process after it had learnt of the cut-off (and before it learnt of a restore). */
  readonly attemptsAfterLearning: number;
}

/** A record with the process that routed it and the wall-clock start of each attempt. */
export interface FleetRecord {
  readonly process: string;
  readonly record: DecisionRecord;
  readonly attemptStarts: readonly number[];
}

/**
 * Figures of every cut-off across the fleet, from the processes' health
 * events and records: who detected it first and when, when each process
 * learnt of it (propagation), the attempts each wasted on it, and the
 * attempts made after the first detection and after learning of it. A fleet
 * drill tallies the same as its messages arrive (`FleetCutoffTally`), keeping
 * no record.
 *
 * @param options.startedAt wall clock (epoch ms) of the drill's offset 0.
 * @param options.timeScale simulated ms per real ms (default 1): `firstDetection.atMs` is real ms
 *   from the start times it, as the drill's events' offsets; delays stay in real ms.
 */
export function fleetFigures(options: {
  processes: readonly string[];
  events: readonly (MemberHealthEvent & { readonly process: string })[];
  records: readonly FleetRecord[];
  startedAt: number;
  timeScale?: number;
}): FleetCutoffFigures[] {
  const tally = new FleetCutoffTally(options.processes);
  for (const event of options.events) tally.health(event);
  for (const record of options.records) tally.record(record);
  return tally.figures(options);
}

/** The verdict of a fleet assertion. */
export interface FleetVerdict {
  readonly name: string;
  readonly passed: boolean;
  /** What was measured, in one line. */
  readonly detail: string;
}

/** Evaluates a fleet assertion over the cut-off figures. */
export function evaluateFleetAssertion(
  assertion: FleetAssertion,
  cutoffs: readonly FleetCutoffFigures[],
): FleetVerdict {
  switch (assertion.type) {
    case 'propagation': {
      const delays = cutoffs.flatMap((cutoff) => cutoff.propagation.map((entry) => entry.afterMs));
      const never = cutoffs.reduce(
        (sum, cutoff) =>
          sum + cutoff.learnt.length - 1 - cutoff.propagation.length + cutoff.neverLearnt.length,
        0,
      );
      const sorted = [...delays].sort((a, b) => a - b);
      const index = Math.min(
        sorted.length - 1,
        Math.max(0, Math.ceil((assertion.percentile / 100) * sorted.length) - 1),
      );
      const measured = sorted.length === 0 ? 0 : (sorted[index] as number);
      const passed = never === 0 && cutoffs.length > 0 && measured <= assertion.maxMs;
      return {
        name: assertion.name ?? `propagation p${assertion.percentile} <= ${assertion.maxMs} ms`,
        passed,
        detail:
          cutoffs.length === 0
            ? 'no cut-off was detected: nothing propagated'
            : `p${assertion.percentile} ${measured.toFixed(1)} ms over ${delays.length} deliveries of ${cutoffs.length} cut-offs${never > 0 ? `; ${never} process(es) never got the news of one` : ''}`,
      };
    }
    case 'attempts-after-propagation': {
      const total = cutoffs.reduce((sum, cutoff) => sum + cutoff.attemptsAfterLearning, 0);
      return {
        name: assertion.name ?? `attempts after propagation <= ${assertion.max}`,
        passed: total <= assertion.max,
        detail: `${total} attempts on a cut-off target by a process that already knew of the cut-off`,
      };
    }
    case 'wasted-attempts-per-process': {
      let worst = 0;
      let where = '';
      for (const cutoff of cutoffs) {
        for (const [process, count] of Object.entries(cutoff.wastedAfterFirstDetection)) {
          if (count > worst) {
            worst = count;
            where = `${process} on ${cutoff.targetId}${cutoff.scope === '*' ? '' : ` (${cutoff.scope})`}`;
          }
        }
      }
      const sum = (counts: Readonly<Record<string, number>>) =>
        Object.values(counts).reduce((a, b) => a + b, 0);
      const after = cutoffs.reduce((total, cutoff) => total + sum(cutoff.wastedAfterFirstDetection), 0);
      const all = cutoffs.reduce((total, cutoff) => total + sum(cutoff.wasted), 0);
      return {
        name: assertion.name ?? `wasted attempts per process and cut-off <= ${assertion.max}`,
        passed: worst <= assertion.max,
        detail: `${after} attempts started after the first detection hit a cut-off, at most ${worst} by one process${where ? ` (${where})` : ''}; ${all} in all, in flight at the ban included`,
      };
    }
  }
}
