import type { HealthEvent, LatencyEvent } from '../model/health-event.js';

/**
 * The hash field of an event's register (see `FleetHealth`): a JSON array, so
 * no target id or jurisdiction can make two registers collide.
 */
export function registerField(event: Exclude<HealthEvent, LatencyEvent>): string {
  switch (event.type) {
    case 'cutoff':
      return JSON.stringify(['cutoff', event.targetId, event.jurisdiction ?? '*', event.by]);
    case 'restore':
      return JSON.stringify(['restore', event.targetId, event.jurisdiction ?? '*']);
    case 'circuit':
      return JSON.stringify(['circuit', event.targetId]);
    case 'cooldown':
      return JSON.stringify(['cooldown', event.targetId]);
  }
}

/** The latency hash field of a summary: one per target and process. */
export function latencyField(event: LatencyEvent): string {
  return JSON.stringify([event.targetId, event.by]);
}

/** The two auxiliary arguments of an event in the MERGE script (see `mergeScript`). */
export function mergeAuxiliaries(event: Exclude<HealthEvent, LatencyEvent>): [string, string] {
  if (event.type === 'cutoff') {
    const own = JSON.stringify(['restore', event.targetId, event.jurisdiction ?? '*']);
    return [own, event.jurisdiction === undefined ? '' : JSON.stringify(['restore', event.targetId, '*'])];
  }
  if (event.type === 'restore') {
    const covered =
      event.jurisdiction === undefined
        ? ['cutoff', event.targetId]
        : ['cutoff', event.targetId, event.jurisdiction];
    // The prefix of every covered field: the array without its closing bracket, then a comma.
    return [`${JSON.stringify(covered).slice(0, -1)},`, ''];
  }
  return ['', ''];
}
