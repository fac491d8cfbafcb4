import type { DecisionRecord } from '@switchyard/core';
import type { FleetCutoffFigures } from './fleet-figures.js';
import type { MemberHealthEvent } from './fleet-messages.js';

type HealthEvent = MemberHealthEvent & { readonly process: string };

/** An attempt whose start no process's health events can still precede: held until they all passed it. */
interface HeldAttempt {
  readonly process: string;
  readonly targetId: string;
  readonly jurisdiction: string | undefined;
  readonly start: number;
  readonly cutoff: boolean;
}

/** What the attempts on one cut-off (a target, whole or for one jurisdiction) added up to. */
interface CutoffCounts {
  afterFirst: number;
  afterLearning: number;
  readonly wastedAfterFirst: Record<string, number>;
}

/** A span of wall-clock time (epoch ms) in which a cut-off was in force, from a cut-off event to the restore after it. */
interface Window {
  readonly from: number;
  readonly to: number;
}

const keyOf = (targetId: string, scope: string) => `${targetId}\u0000${scope}`;

/**
 * The cut-off figures of a fleet drill, tallied as the processes' messages
 * arrive, so that no record is kept: each attempt is counted against the
 * cut-offs of its target once no health event that could precede its start
 * is still to come. A process's messages arrive in the order it sent them,
 * each with its wall-clock instant (`at`), so once every process still
 * running has sent something at or past an attempt's start, every cut-off
 * and restore before it is known. An attempt waits at most until the
 * slowest process's next message (a record, a health event, or the clock
 * message each process sends every 250 ms while it sends its share).
 */
export class FleetCutoffTally {
  readonly #processes: readonly string[];
  readonly #events: HealthEvent[] = [];
  /** Per process: the instant of the last message it sent (Infinity once it finished or failed). */
  readonly #heard = new Map<string, number>();
  #held: HeldAttempt[] = [];
  /** Attempts that hit a cut-off, by process, target and jurisdiction (`process\0target\0jurisdiction`). */
  readonly #cutoffAttempts = new Map<string, number>();
  readonly #counts = new Map<string, CutoffCounts>();

  constructor(processes: readonly string[]) {
    this.#processes = processes;
    for (const process of processes) this.#heard.set(process, Number.NEGATIVE_INFINITY);
  }

  /** Attempts waiting for a slower process's messages (bounded by what arrives meanwhile). */
  get held(): number {
    return this.#held.length;
  }

  /** Every health event so far (one per cut-off or restore per process: bounded by the timeline). */
  get events(): readonly HealthEvent[] {
    return this.#events;
  }

  /** A cut-off or restore a process announced. */
  health(event: HealthEvent): void {
    this.#events.push(event);
    this.#hear(event.process, event.at);
  }

  /**
   * A record of a process, with its attempts' wall-clock starts.
   *
   * @param options.at when the process sent it (wall clock): nothing it sends later is earlier.
   */
  record(options: {
    process: string;
    record: DecisionRecord;
    attemptStarts: readonly number[];
    at?: number;
  }): void {
    const { process, record, attemptStarts } = options;
    record.attempts.forEach((attempt, index) => {
      const cutoff = attempt.failureKind === 'cutoff';
      if (cutoff) {
        const key = `${process}\u0000${attempt.targetId}\u0000${record.context.jurisdiction ?? ''}`;
        this.#cutoffAttempts.set(key, (this.#cutoffAttempts.get(key) ?? 0) + 1);
      }
      const start = attemptStarts[index];
      if (start === undefined) return;
      this.#held.push({
        process,
        targetId: attempt.targetId,
        jurisdiction: record.context.jurisdiction,
        start,
        cutoff,
      });
    });
    if (options.at !== undefined) this.#hear(process, options.at);
  }

  /** A process said how far it got (wall clock): nothing it sends later is earlier. */
  heard(process: string, at: number): void {
    this.#hear(process, at);
  }

  /** A process finished or failed: nothing more comes from it. */
  finish(process: string): void {
    this.#hear(process, Number.POSITIVE_INFINITY);
  }

  /**
   * The figures of every cut-off, every process finished (what is still held is counted now).
   *
   * @param options.startedAt wall clock (epoch ms) of the drill's offset 0.
   * @param options.timeScale simulated ms per real ms: `firstDetection.atMs` is an offset on the
   *   drill's axis (real ms times the time scale, as its events'); delays stay in real ms.
   */
  figures(options: { startedAt: number; timeScale?: number }): FleetCutoffFigures[] {
    for (const process of this.#processes) this.finish(process);
    this.#settle(Number.POSITIVE_INFINITY);
    const timeScale = options.timeScale ?? 1;
    const figures: FleetCutoffFigures[] = [];
    for (const { targetId, scope, mine, first, local } of this.#cutoffs()) {
      const learntAt = new Map<string, { at: number; source: 'local' | 'fleet' }>();
      const newsAt = new Map<string, number>();
      for (const event of mine) {
        if (!learntAt.has(event.process)) learntAt.set(event.process, { at: event.at, source: event.source });
        if (event.source === 'fleet' && !newsAt.has(event.process)) newsAt.set(event.process, event.at);
      }
      const wasted: Record<string, number> = {};
      for (const [key, count] of this.#cutoffAttempts) {
        const [process, target, jurisdiction] = key.split('\u0000') as [string, string, string];
        if (target !== targetId || (scope !== '*' && jurisdiction !== scope)) continue;
        wasted[process] = (wasted[process] ?? 0) + count;
      }
      const counts = this.#countsOf(targetId, scope);
      figures.push({
        targetId,
        scope,
        firstDetection: { by: first.by, atMs: (first.at - options.startedAt) * timeScale },
        detectedBy: [...new Set(local.map((event) => event.by))],
        learnt: [...learntAt].map(([process, learnt]) => ({
          process,
          afterMs: Math.max(0, learnt.at - first.at),
          source: learnt.source,
        })),
        propagation: this.#processes
          .filter((process) => process !== first.process)
          .flatMap((process) => {
            const at = newsAt.get(process);
            return at === undefined ? [] : [{ process, afterMs: Math.max(0, at - first.at) }];
          }),
        neverLearnt: this.#processes.filter((process) => !learntAt.has(process)),
        wasted,
        wastedAfterFirstDetection: counts.wastedAfterFirst,
        attemptsAfterFirstDetection: counts.afterFirst,
        attemptsAfterLearning: counts.afterLearning,
      });
    }
    return figures.sort((a, b) => a.firstDetection.atMs - b.firstDetection.atMs);
  }

  #hear(process: string, at: number): void {
    if (at > (this.#heard.get(process) ?? Number.NEGATIVE_INFINITY)) this.#heard.set(process, at);
    let known = Number.POSITIVE_INFINITY;
    for (const heard of this.#heard.values()) known = Math.min(known, heard);
    this.#settle(known);
  }

  /** Counts every held attempt that started before `known`: every health event before it has arrived. */
  #settle(known: number): void {
    if (this.#held.length === 0 || !this.#held.some((attempt) => attempt.start < known)) return;
    const cutoffs = this.#cutoffs();
    const still: HeldAttempt[] = [];
    for (const attempt of this.#held) {
      if (attempt.start >= known) {
        still.push(attempt);
        continue;
      }
      for (const cutoff of cutoffs) {
        if (cutoff.targetId !== attempt.targetId) continue;
        if (cutoff.scope !== '*' && cutoff.scope !== attempt.jurisdiction) continue;
        const counts = this.#countsOf(cutoff.targetId, cutoff.scope);
        if (within(cutoff.fleetWindows, attempt.start)) {
          counts.afterFirst++;
          if (attempt.cutoff)
            counts.wastedAfterFirst[attempt.process] = (counts.wastedAfterFirst[attempt.process] ?? 0) + 1;
        }
        if (within(cutoff.knownWindows.get(attempt.process) ?? [], attempt.start)) counts.afterLearning++;
      }
    }
    this.#held = still;
  }

  #countsOf(targetId: string, scope: string): CutoffCounts {
    const key = keyOf(targetId, scope);
    let counts = this.#counts.get(key);
    if (counts === undefined) {
      counts = { afterFirst: 0, afterLearning: 0, wastedAfterFirst: {} };
      this.#counts.set(key, counts);
    }
    return counts;
  }

  /** The cut-offs known so far, each with its events in time order and the windows it was in force. */
  #cutoffs() {
    const keys = new Map<string, { targetId: string; scope: string }>();
    for (const event of this.#events) {
      if (event.kind === 'cutoff') keys.set(keyOf(event.targetId, event.scope), event);
    }
    return [...keys.values()].flatMap(({ targetId, scope }) => {
      const mine = this.#events
        .filter((event) => event.kind === 'cutoff' && event.targetId === targetId && event.scope === scope)
        .sort((a, b) => a.at - b.at);
      const local = mine.filter((event) => event.source === 'local');
      const first = local[0] ?? mine[0];
      if (first === undefined) return [];
      // A restore of the target (whole, or this scope) ends the cut-off: attempts after it are no longer on a cut-off target.
      const lifts = this.#events.filter(
        (event) =>
          event.kind === 'restore' &&
          event.targetId === targetId &&
          (event.scope === '*' || event.scope === scope),
      );
      const knownWindows = new Map(
        this.#processes.map((process) => [
          process,
          cutoffWindows([...mine, ...lifts].filter((event) => event.process === process)),
        ]),
      );
      return [
        {
          targetId,
          scope,
          mine,
          local,
          first,
          fleetWindows: cutoffWindows([...mine, ...lifts]),
          knownWindows,
        },
      ];
    });
  }
}

/** The windows a cut-off was in force, from cut-off and restore events: each opens at a cut-off, closes at the next restore. */
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
