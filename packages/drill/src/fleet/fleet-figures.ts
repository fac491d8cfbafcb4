import type { DecisionRecord } from '@switchyard/core';
import type { FleetAssertion } from '../scenario/fleet-schema.js';
import type { MemberHealthEvent } from './fleet-messages.js';

/** One cut-off (a target, for everyone or one jurisdiction) across the fleet. */
export interface FleetCutoffFigures {
  readonly targetId: string;
  /** `*` (whole target) or the caller jurisdiction. */
  readonly scope: string;
  /** The first detection in the fleet: which process, and when (ms from the drill's start, real time). */
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
 * attempts made after the first detection and after learning of it.
 *
 * @param options.startedAt wall clock (epoch ms) of the drill's offset 0.
 */
export function fleetFigures(options: {
  processes: readonly string[];
  events: readonly (MemberHealthEvent & { readonly process: string })[];
  records: readonly FleetRecord[];
  startedAt: number;
}): FleetCutoffFigures[] {
  const keys = new Map<string, { targetId: string; scope: string }>();
  for (const event of options.events) {
    if (event.kind === 'cutoff') keys.set(`${event.targetId}\u0000${event.scope}`, event);
  }
  const figures: FleetCutoffFigures[] = [];
  for (const { targetId, scope } of keys.values()) {
    const mine = options.events.filter(
      (event) => event.kind === 'cutoff' && event.targetId === targetId && event.scope === scope,
    );
    const local = mine.filter((event) => event.source === 'local').sort((a, b) => a.at - b.at);
    const first = local[0] ?? [...mine].sort((a, b) => a.at - b.at)[0];
    if (first === undefined) continue;
    const learntAt = new Map<string, { at: number; source: 'local' | 'fleet' }>();
    const newsAt = new Map<string, number>();
    for (const event of [...mine].sort((a, b) => a.at - b.at)) {
      if (!learntAt.has(event.process)) learntAt.set(event.process, { at: event.at, source: event.source });
      if (event.source === 'fleet' && !newsAt.has(event.process)) newsAt.set(event.process, event.at);
    }
    // A restore of the target (whole, or this scope) ends the cut-off: attempts after it are no longer on a cut-off target.
    const lifts = options.events.filter(
      (event) =>
        event.kind === 'restore' &&
        event.targetId === targetId &&
        (event.scope === '*' || event.scope === scope),
    );
    const fleetWindows = cutoffWindows([...mine, ...lifts]);
    const knownWindows = new Map(
      options.processes.map((process) => [
        process,
        cutoffWindows([...mine, ...lifts].filter((event) => event.process === process)),
      ]),
    );
    const inScope = (record: DecisionRecord) => scope === '*' || record.context.jurisdiction === scope;
    const wasted: Record<string, number> = {};
    const wastedAfterFirst: Record<string, number> = {};
    let afterFirst = 0;
    let afterLearning = 0;
    for (const { process, record, attemptStarts } of options.records) {
      if (!inScope(record)) continue;
      record.attempts.forEach((attempt, index) => {
        if (attempt.targetId !== targetId) return;
        const start = attemptStarts[index];
        if (attempt.failureKind === 'cutoff') wasted[process] = (wasted[process] ?? 0) + 1;
        if (start === undefined) return;
        if (within(fleetWindows, start)) {
          afterFirst++;
          if (attempt.failureKind === 'cutoff')
            wastedAfterFirst[process] = (wastedAfterFirst[process] ?? 0) + 1;
        }
        if (within(knownWindows.get(process) ?? [], start)) afterLearning++;
      });
    }
    figures.push({
      targetId,
      scope,
      firstDetection: { by: first.by, atMs: first.at - options.startedAt },
      detectedBy: [...new Set(local.map((event) => event.by))],
      learnt: [...learntAt].map(([process, learnt]) => ({
        process,
        afterMs: Math.max(0, learnt.at - first.at),
        source: learnt.source,
      })),
      propagation: options.processes
        .filter((process) => process !== first.process)
        .flatMap((process) => {
          const at = newsAt.get(process);
          return at === undefined ? [] : [{ process, afterMs: Math.max(0, at - first.at) }];
        }),
      neverLearnt: options.processes.filter((process) => !learntAt.has(process)),
      wasted,
      wastedAfterFirstDetection: wastedAfterFirst,
      attemptsAfterFirstDetection: afterFirst,
      attemptsAfterLearning: afterLearning,
    });
  }
  return figures.sort((a, b) => a.firstDetection.atMs - b.firstDetection.atMs);
}

/** A span of wall-clock time (epoch ms) in which a cut-off was in force, from a cut-off event to the restore after it. */
interface Window {
  readonly from: number;
  readonly to: number;
}

/** The windows a cut-off was in force, from time-ordered cut-off and restore events: each opens at a cut-off, closes at the next restore. */
function cutoffWindows(events: readonly MemberHealthEvent[]): Window[] {
  const windows: Window[] = [];
  let open: number | undefined;
  for (const event of [...events].sort((a, b) => a.at - b.at)) {
    if (event.kind === 'cutoff' && open === undefined) open = event.at;
    else if (event.kind === 'restore' && open !== undefined) {
      windows.push({ from: open, to: event.at });
      open = undefined;
    }
  }
  if (open !== undefined) windows.push({ from: open, to: Number.POSITIVE_INFINITY });
  return windows;
}

/** Whether an attempt that started at `start` started after a window opened and before it closed. */
const within = (windows: readonly Window[], start: number) =>
  windows.some((window) => start > window.from && start < window.to);

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
