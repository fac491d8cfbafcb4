import { describeAction, type TimelineAction } from '../timeline/expand-timeline.js';
import type { DrillEvent } from './drill-progress.js';

/** An offset to the millisecond, as a drill's log prints it: `+1.044s`. */
export const offsetToTheMs = (ms: number) => `${ms < 0 ? '-' : '+'}${(Math.abs(ms) / 1000).toFixed(3)}s`;

/** A timeline action, with the offset at which it actually played (the drill's clock). */
export interface PlayedAction {
  readonly action: TimelineAction;
  /** Ms from the drill's start when it played: real ms times the time scale in `loopback`, `live` and fleet drills. */
  readonly playedAtMs: number;
}

/**
 * A timeline action as an event of a drill that plays its timeline in real
 * time (`loopback` and `live` modes, fleet drills): listed at its scenario
 * offset, as phases and rule dates are, and, when its timer played it a
 * millisecond or more away from that offset (a busy machine), also when it
 * played (`playedAtMs`, to the millisecond, and in its description:
 * `(played at +1.196s, 196 ms late)`). Simulated drills never play late and
 * list the action alone.
 *
 * @example
 * ```ts
 * playedEvent({ action, playedAtMs: 1196.4 }).description; // 'cutoff ... (played at +1.196s, 196 ms late)'
 * ```
 */
export function playedEvent({ action, playedAtMs }: PlayedAction): DrillEvent {
  const description = describeAction(action);
  const drift = Math.round(playedAtMs - action.atMs);
  if (drift === 0) return { atMs: action.atMs, source: 'timeline', description };
  return {
    atMs: action.atMs,
    source: 'timeline',
    description: `${description} (played at ${offsetToTheMs(playedAtMs)}, ${Math.abs(drift)} ms ${drift > 0 ? 'late' : 'early'})`,
    playedAtMs: Math.round(playedAtMs),
  };
}
