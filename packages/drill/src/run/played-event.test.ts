import { describe, expect, it } from 'vitest';
import type { TimelineAction } from '../timeline/expand-timeline.js';
import { playedEvent } from './played-event.js';

const withdrawal: TimelineAction = {
  atMs: 1000,
  phase: 'start',
  eventIndex: 0,
  event: {
    at: 1000,
    type: 'cutoff',
    target: 'gpt',
    signal: 'model_withdrawn',
    label: 'the vendor withdraws the model',
  },
} as TimelineAction;

describe('playedEvent', () => {
  it('lists an event that played late at its scenario offset and says when it played', () => {
    expect(playedEvent({ action: withdrawal, playedAtMs: 1196.4 })).toEqual({
      atMs: 1000,
      source: 'timeline',
      description:
        'the vendor withdraws the model: cutoff model_withdrawn on gpt (played at +1.196s, 196 ms late)',
      playedAtMs: 1196,
    });
  });

  it('says nothing more of an event that played within a millisecond of its offset', () => {
    expect(playedEvent({ action: withdrawal, playedAtMs: 1000.4 })).toEqual({
      atMs: 1000,
      source: 'timeline',
      description: 'the vendor withdraws the model: cutoff model_withdrawn on gpt',
    });
  });
});
