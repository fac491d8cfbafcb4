import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { wait } from './wait.js';

describe('wait', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves true once the time passed, on the global (fakeable) timers', async () => {
    const done = wait(200, undefined);
    await vi.advanceTimersByTimeAsync(200);
    expect(await done).toBe(true);
  });

  it('resolves false as soon as the signal aborts, or at once when it already had', async () => {
    const controller = new AbortController();
    const done = wait(10_000, controller.signal);
    controller.abort();
    expect(await done).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
    expect(await wait(10, AbortSignal.abort())).toBe(false);
  });
});
