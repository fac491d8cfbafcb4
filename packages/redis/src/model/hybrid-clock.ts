import type { HealthEvent, HealthEventInput } from './health-event.js';

/**
 * A hybrid logical clock (Kulkarni et al.): stamps a process's events with
 * wall-clock milliseconds, never behind anything the process has seen. An
 * event created after a process learnt of another (a cut-off after a restore)
 * is therefore ordered after it, even when the two machines' clocks disagree.
 */
export class HybridClock {
  private at = 0;
  private tick = 0;

  /**
   * @param options.processId the `by` of every event this clock stamps.
   * @param options.now wall clock, epoch ms (default `Date.now`).
   */
  constructor(private readonly options: { processId: string; now?: () => number }) {}

  /** Stamps a local event: after every event stamped or observed before. */
  stamp<T extends HealthEventInput>(input: T): T & Pick<HealthEvent, 'at' | 'tick' | 'by'> {
    const now = Math.floor((this.options.now ?? Date.now)());
    if (now > this.at) {
      this.at = now;
      this.tick = 0;
    } else {
      this.tick++;
    }
    return { ...input, at: this.at, tick: this.tick, by: this.options.processId };
  }

  /** Notes an event from another process, so the next stamp comes after it. */
  observe(event: Pick<HealthEvent, 'at' | 'tick'>): void {
    if (event.at > this.at) {
      this.at = event.at;
      this.tick = event.tick;
    } else if (event.at === this.at && event.tick > this.tick) {
      this.tick = event.tick;
    }
  }
}
