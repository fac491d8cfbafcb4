import FakeTimers from '@sinonjs/fake-timers';
import { describe, expect, it } from 'vitest';
import { nextTimerAt } from './next-timer-at.js';

describe('nextTimerAt', () => {
  it('reads when the next timer of the pinned @sinonjs/fake-timers is due (fails if a new version hides it)', () => {
    const clock = FakeTimers.createClock(1_000);
    expect(nextTimerAt(clock)).toBeUndefined();
    clock.setTimeout(() => {}, 250);
    const soonest = clock.setTimeout(() => {}, 40);
    expect(nextTimerAt(clock)).toBe(1_040);
    clock.clearTimeout(soonest);
    expect(nextTimerAt(clock)).toBe(1_250);
    clock.next();
    expect(nextTimerAt(clock)).toBeUndefined();
  });

  it('says nothing of a clock it cannot read: the caller then waits for real work (slower, never wrong)', () => {
    expect(nextTimerAt({})).toBeUndefined();
    expect(nextTimerAt({ timerHeap: {} })).toBeUndefined();
  });
});
