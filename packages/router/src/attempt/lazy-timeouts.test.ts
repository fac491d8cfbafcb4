import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LazyTimeouts, type TimeoutEntry, timerClock } from './lazy-timeouts.js';

function entry(timeoutMs: number, fired: number[], id: number): TimeoutEntry {
  return {
    timeoutMs,
    onTimeout: () => fired.push(id),
    timeoutNext: undefined,
    timeoutPrevious: undefined,
    timeoutTimer: undefined,
    timeoutState: 0,
    timeoutStartedAt: 0,
  };
}

describe('LazyTimeouts', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fires a timeout exactly when due, under a fake clock', async () => {
    const timeouts = new LazyTimeouts();
    const fired: number[] = [];
    timeouts.start(entry(1_000, fired, 1));
    await vi.advanceTimersByTimeAsync(999);
    expect(fired).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(fired).toEqual([1]);
  });

  it('allocates no timer for work that ends within the task that started it', () => {
    const timeouts = new LazyTimeouts();
    const fired: number[] = [];
    const entries = [entry(1_000, fired, 1), entry(1_000, fired, 2), entry(1_000, fired, 3)];
    for (const started of entries) timeouts.start(started);
    for (const started of entries) timeouts.cancel(started);
    // One shared tick, no timer per entry.
    expect(vi.getTimerCount()).toBe(1);
    vi.runAllTimers();
    expect(fired).toEqual([]);
  });

  it('cancels an armed timeout, and unlinks from the middle of the waiting list', async () => {
    const timeouts = new LazyTimeouts();
    const fired: number[] = [];
    const [first, middle, last] = [entry(100, fired, 1), entry(100, fired, 2), entry(100, fired, 3)];
    timeouts.start(first);
    timeouts.start(middle);
    timeouts.start(last);
    timeouts.cancel(middle);
    await vi.advanceTimersByTimeAsync(50);
    timeouts.cancel(first);
    await vi.advanceTimersByTimeAsync(100);
    expect(fired).toEqual([3]);
    timeouts.cancel(last);
    expect(last.timeoutState).toBe(0);
  });
});

describe('timerClock', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('moves exactly as Date.now does, as whole milliseconds, also months from its origin either way', () => {
    vi.useFakeTimers();
    const origin = Date.now() - timerClock();
    for (const offset of [0, 1, 1_234, -5_000, 2 ** 31 + 7, -(2 ** 31) - 7, 400 * 86_400_000]) {
      vi.setSystemTime(origin + offset);
      expect(timerClock()).toBe(offset);
      expect(Number.isInteger(timerClock())).toBe(true);
    }
    const start = timerClock();
    vi.advanceTimersByTime(250);
    expect(timerClock() - start).toBe(250);
  });

  it('arms an entry with what is left of its timeout, read on that clock', async () => {
    vi.useFakeTimers();
    const fired: number[] = [];
    const timeouts = new LazyTimeouts();
    const started = entry(1_000, fired, 1);
    timeouts.start(started);
    expect(started.timeoutStartedAt).toBe(timerClock());
    await vi.advanceTimersByTimeAsync(999);
    expect(fired).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(fired).toEqual([1]);
  });
});
