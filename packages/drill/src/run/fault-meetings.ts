import type { DecisionRecord, Target } from '@switchyard/core';
import type { Scenario } from '../scenario/scenario-schema.js';
import { eventName } from '../timeline/expand-timeline.js';

/** A fault event that no request met: none whose route offers its targets was sent, and no attempt on them started, while it was in force. */
export interface UnmetFault {
  /** Its index in the scenario's `timeline`. */
  readonly index: number;
  /** Its offset, simulated ms. */
  readonly atMs: number;
  /** Where its window ends, simulated ms; absent when it holds to the end (or a restore). */
  readonly endMs?: number;
  /** Its label, or what it does (`rate_limited retry-after 2 s on claude`). */
  readonly label: string;
  /** The target ids it hits. */
  readonly targets: readonly string[];
}

/** One fault event's window and whom it hits. */
interface FaultWindow {
  readonly fault: UnmetFault;
  readonly targets: ReadonlySet<string>;
  readonly callers: ReadonlySet<string> | undefined;
  met: boolean;
}

/** Whether `ms` (simulated, from the start) is in the fault's window. */
function inWindow(fault: UnmetFault, ms: number): boolean {
  return ms >= fault.atMs && (fault.endMs === undefined || ms < fault.endMs);
}

/** Whether the request (sent at `requestMs`) met the window's fault. */
function metBy(window: FaultWindow, record: DecisionRecord, requestMs: number): boolean {
  if (inWindow(window.fault, requestMs))
    for (const verdict of record.verdicts) if (window.targets.has(verdict.targetId)) return true;
  for (const attempt of record.attempts)
    if (window.targets.has(attempt.targetId) && inWindow(window.fault, requestMs + attempt.startMs))
      return true;
  return false;
}

/**
 * Notes, record by record, which fault events of the timeline a request met:
 * a request sent at or after the event's offset and before its `duration` ran
 * out (an event without one counts to the end; a restore is not taken into
 * account, so a fault is never said to be unmet while a request could have
 * met it) whose route offers one of the event's targets, or an attempt on one
 * of them that started in that window, by a caller it hits (a
 * `region_block`'s or `legal_block`'s `callers`). The target need not be attempted: a fault on a
 * target the policy denies those callers, or on a fallback the route never
 * needed, was in the request's path. A fault no request met was not
 * rehearsed: a `duration: 20` (20 ms) where `20s` was meant, or a window
 * between two requests of a slow workload. Policy events and restores are not
 * faults.
 *
 * @example
 * ```ts
 * const meetings = new FaultMeetings({ timeline: scenario.timeline, targets, startMs });
 * router.on('request-end', (record) => meetings.add(record));
 * meetings.unmet(); // [{ index: 0, atMs: 15000, endMs: 15020, label: '429 storm', targets: ['claude'] }]
 * ```
 */
export class FaultMeetings {
  readonly #windows: FaultWindow[] = [];
  readonly #startMs: number;
  /** Windows not met yet. */
  #unmet = 0;

  /**
   * @param options.timeline the timeline played.
   * @param options.targets the config's targets (a `provider` event hits each of its targets).
   * @param options.startMs epoch ms of offset 0: records carry epoch instants.
   */
  constructor(options: { timeline: Scenario['timeline']; targets: readonly Target[]; startMs: number }) {
    this.#startMs = options.startMs;
    options.timeline.forEach((event, index) => {
      if (event.type === 'policy' || event.type === 'restore') return;
      const targets = options.targets
        .filter((target) =>
          event.target !== undefined ? target.id === event.target : target.provider === event.provider,
        )
        .map((target) => target.id);
      const callers = event.type === 'cutoff' && event.callers ? new Set<string>(event.callers) : undefined;
      // A cut-off has no window: it holds until a restore (or the end).
      const duration = 'duration' in event ? event.duration : undefined;
      this.#windows.push({
        fault: {
          index,
          atMs: event.at,
          ...(duration === undefined ? {} : { endMs: event.at + duration }),
          label: eventName(event),
          targets,
        },
        targets: new Set(targets),
        callers,
        met: false,
      });
      this.#unmet++;
    });
  }

  /** Notes one decision record: when it was sent, its route's targets and its attempts. */
  add(record: DecisionRecord): void {
    // Plain loops, no closure per record and window: this runs for every record of a long drill.
    if (this.#unmet === 0) return;
    const requestMs = Date.parse(record.time) - this.#startMs;
    const jurisdiction = record.context.jurisdiction;
    for (const window of this.#windows) {
      if (window.met) continue;
      // A caller given as a group (or none) could be a listed country: counted as met.
      if (
        window.callers !== undefined &&
        jurisdiction !== undefined &&
        /^[A-Z]{2}$/.test(jurisdiction) &&
        !window.callers.has(jurisdiction)
      )
        continue;
      // Met by a request sent in the window whose route offers one of its targets (tried, skipped,
      // denied by the policy or never reached: the fault was in its path), or by an attempt on one.
      if (metBy(window, record, requestMs)) {
        window.met = true;
        this.#unmet--;
      }
    }
  }

  /** The fault events no request met, in timeline order. */
  unmet(): UnmetFault[] {
    return this.#windows.filter((window) => !window.met).map((window) => window.fault);
  }
}
