import { describe, expect, it } from 'vitest';
import { attemptReachedCaller } from './attempt-reached-caller.js';

describe('attemptReachedCaller', () => {
  it('is true for the serving attempt and for a delivered start a continuation finished', () => {
    expect(attemptReachedCaller({ outcome: 'success', targetId: 'a' }, 'a')).toBe(true);
    expect(attemptReachedCaller({ outcome: 'failure', targetId: 'a', deliveredChars: 40 }, 'b')).toBe(true);
  });
  it('is false for failures that delivered nothing, other targets and every attempt of a failed request', () => {
    expect(attemptReachedCaller({ outcome: 'failure', targetId: 'a' }, 'b')).toBe(false);
    expect(attemptReachedCaller({ outcome: 'success', targetId: 'a' }, 'b')).toBe(false);
    expect(attemptReachedCaller({ outcome: 'failure', targetId: 'a', deliveredChars: 40 }, null)).toBe(false);
  });
});
