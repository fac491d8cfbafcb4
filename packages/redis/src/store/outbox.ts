import type { HealthEvent, LatencyEvent } from '../model/health-event.js';
import { latencyField, registerField } from './register-field.js';

/** An entry waiting for Redis: its register's field and its newest event. */
export interface OutboxEntry<Event> {
  readonly field: string;
  readonly event: Event;
}

/**
 * What a process still has to write to Redis, coalesced per register: a newer
 * event of a register replaces the older one (which it covers), so the outbox
 * never holds more than one entry per register, however long Redis is away.
 * Nothing leaves it until Redis acknowledged it.
 */
export class Outbox {
  private readonly health = new Map<string, Exclude<HealthEvent, LatencyEvent>>();
  private readonly latency = new Map<string, LatencyEvent>();

  /** Adds an event (replacing the pending one of its register). */
  add(event: HealthEvent): void {
    if (event.type === 'latency') this.latency.set(latencyField(event), event);
    else this.health.set(registerField(event), event);
  }

  /** How many entries wait. */
  get size(): number {
    return this.health.size + this.latency.size;
  }

  /** Up to `limit` health entries, oldest first. */
  takeHealth(limit: number): OutboxEntry<Exclude<HealthEvent, LatencyEvent>>[] {
    return take(this.health, limit);
  }

  /** Up to `limit` latency entries, oldest first. */
  takeLatency(limit: number): OutboxEntry<LatencyEvent>[] {
    return take(this.latency, limit);
  }

  /** Removes entries Redis acknowledged, unless a newer event replaced them meanwhile. */
  acknowledge(entries: ReadonlyArray<OutboxEntry<HealthEvent>>): void {
    for (const { field, event } of entries) {
      const map: Map<string, HealthEvent> = event.type === 'latency' ? this.latency : this.health;
      if (map.get(field) === event) map.delete(field);
    }
  }
}

function take<Event>(map: Map<string, Event>, limit: number): OutboxEntry<Event>[] {
  const out: OutboxEntry<Event>[] = [];
  for (const [field, event] of map) {
    if (out.length >= limit) break;
    out.push({ field, event });
  }
  return out;
}
