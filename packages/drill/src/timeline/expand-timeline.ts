import type { Scenario, TimelineEvent } from '../scenario/scenario-schema.js';

/** One thing that happens at one offset: an event starts, or a windowed event ends. */
export interface TimelineAction {
  /** Simulated ms from the start. */
  readonly atMs: number;
  /** `start` applies the event; `end` lifts a windowed event after its `duration`. */
  readonly phase: 'start' | 'end';
  /** Index of the event in the scenario's timeline. */
  readonly eventIndex: number;
  /** The event. */
  readonly event: TimelineEvent;
}

/**
 * Turns a timeline into the ordered actions a drill runs: each event's start,
 * and the end of every event with a `duration`. Ties keep the file's order,
 * ends before starts.
 *
 * @param options.timeline the scenario's timeline.
 * @returns the actions, by offset.
 */
export function expandTimeline(options: { timeline: Scenario['timeline'] }): TimelineAction[] {
  const actions: TimelineAction[] = [];
  options.timeline.forEach((event, eventIndex) => {
    actions.push({ atMs: event.at, phase: 'start', eventIndex, event });
    if ('duration' in event && event.duration !== undefined) {
      actions.push({ atMs: event.at + event.duration, phase: 'end', eventIndex, event });
    }
  });
  return actions.sort(
    (a, b) =>
      a.atMs - b.atMs || (a.phase === b.phase ? a.eventIndex - b.eventIndex : a.phase === 'end' ? -1 : 1),
  );
}

/**
 * What an event does, in a few words: `cutoff region_block on frontier-us for CN, RU callers`,
 * `outage server_error 503 on anthropic`, `stream-fault stall after 1 chunk on openai`, `latency +2000 ms on claude`, `rate_limited retry-after
 * 30 s on anthropic`, `policy change`: two unlabelled events of one type and target read apart.
 *
 * @param event the timeline event.
 * @returns the words, without its label.
 */
export function describeEvent(event: TimelineEvent): string {
  return event.type === 'policy'
    ? 'policy change'
    : `${event.type}${'signal' in event ? ` ${event.signal}` : ''}${'status' in event && event.type === 'outage' && event.signal === 'server_error' ? ` ${event.status}` : ''}${event.type === 'stream-fault' ? ` ${event.fault} after ${event.afterChunks} chunk${event.afterChunks === 1 ? '' : 's'}` : ''}${event.type === 'latency' ? ` +${event.extraMs} ms` : ''}${event.type === 'rate_limited' ? (event.retryAfterSeconds === undefined ? ' without retry-after' : ` retry-after ${event.retryAfterSeconds} s`) : ''}${
        event.target !== undefined
          ? ` on ${event.target}`
          : event.provider !== undefined
            ? ` on ${event.provider}`
            : ' of everything'
      }${'callers' in event && event.callers ? ` for ${event.callers.join(', ')} callers` : ''}`;
}

/**
 * An event's name where it stands alone (a phase of the report, an event that never played):
 * its label, else what it does (`cutoff model_withdrawn on frontier-us`, `policy change to
 * export-control`), so two unlabelled events of one type read apart.
 *
 * @param event the timeline event.
 * @returns the name.
 */
export function eventName(event: TimelineEvent): string {
  if (event.label !== undefined) return event.label;
  if (event.type === 'policy' && event.policy.id !== undefined) return `policy change to ${event.policy.id}`;
  return describeEvent(event);
}

/** A readable one-line description of an action, for progress and summaries. */
export function describeAction(action: TimelineAction): string {
  const { event } = action;
  const what = describeEvent(event);
  const label = event.label === undefined ? '' : `${event.label}: `;
  return action.phase === 'start' ? `${label}${what}` : `${label}${what} ends`;
}
