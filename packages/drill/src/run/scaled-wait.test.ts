import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { realTimers } from '../timeline/schedule-timeline.js';
import { scaledWait } from './scaled-wait.js';

describe('scaledWait', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits simulated ms divided by the time scale in real ms', async () => {
    let waited: boolean | undefined;
    void scaledWait(realTimers, 20)(1_000, undefined).then((value) => {
      waited = value;
    });
    await vi.advanceTimersByTimeAsync(49);
    expect(waited).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(waited).toBe(true);
  });

  it('resolves false at once when the signal aborts first', async () => {
    const controller = new AbortController();
    const pending = scaledWait(realTimers, 20)(1_000, controller.signal);
    controller.abort();
    await expect(pending).resolves.toBe(false);
    expect(vi.getTimerCount()).toBe(0);
    await expect(scaledWait(realTimers, 20)(1_000, controller.signal)).resolves.toBe(false);
  });
});
