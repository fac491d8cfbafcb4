import type { Target } from '@switchyard/core';
import type { FaultEvent } from '../scenario/scenario-schema.js';

/** A fault in force on some targets, optionally only for some callers. */
export interface ActiveFault {
  /** `ev<index>`: the event that set it. */
  readonly id: string;
  /** The event. */
  readonly event: FaultEvent;
  /** The target ids it hits. */
  readonly targetIds: ReadonlySet<string>;
  /** Caller jurisdictions it hits (upper case); absent: every caller. */
  readonly callers?: ReadonlySet<string>;
}

/** Target ids an event names: its target, or every target of its provider, or all. */
export function targetsOf(
  event: { target?: string; provider?: string },
  targets: readonly Target[],
): Target[] {
  if (event.target !== undefined) return targets.filter((target) => target.id === event.target);
  if (event.provider !== undefined) return targets.filter((target) => target.provider === event.provider);
  return [...targets];
}

/** The faults in force, newest last; the first match wins, like the simulators' rules. */
export class FaultState {
  readonly #faults: ActiveFault[] = [];

  /** Adds a fault. */
  add(fault: ActiveFault): void {
    this.#faults.push(fault);
  }

  /** Removes the fault an event set. */
  remove(id: string): void {
    const index = this.#faults.findIndex((fault) => fault.id === id);
    if (index >= 0) this.#faults.splice(index, 1);
  }

  /** Removes every fault on these targets (all when absent). */
  clear(targetIds?: ReadonlySet<string>): void {
    for (let index = this.#faults.length - 1; index >= 0; index--) {
      const fault = this.#faults[index] as ActiveFault;
      if (targetIds === undefined || [...fault.targetIds].some((id) => targetIds.has(id)))
        this.#faults.splice(index, 1);
    }
  }

  /** The fault that applies to this target and caller, if any. */
  match(targetId: string, caller: string | undefined): ActiveFault | undefined {
    for (const fault of this.#faults) {
      if (!fault.targetIds.has(targetId)) continue;
      if (fault.callers && (caller === undefined || !fault.callers.has(caller.toUpperCase()))) continue;
      return fault;
    }
    return undefined;
  }
}
