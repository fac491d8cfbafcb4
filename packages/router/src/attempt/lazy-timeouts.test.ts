import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LazyTimeouts, type TimeoutEntry, timerClock } from './lazy-timeouts.js';

function entry(timeoutMs: number, fired: number[], id: number): TimeoutEntry {
  return {
    timeoutMs,
    onTimeout: () => fired.push(id),
    timeoutNext: undefined,
    timeoutPrevious: undefined,
    timeoutList: undefined,
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

  it('arms one timer per duration, not one per entry, and none again while it is armed', async () => {
    const timeouts = new LazyTimeouts();
    const fired: number[] = [];
    const entries = [entry(1_000, fired, 1), entry(1_000, fired, 2), entry(1_000, fired, 3)];
    for (const started of entries) timeouts.start(started);
    // One shared timer for the duration, no timer per entry.
    expect(vi.getTimerCount()).toBe(1);
    for (const started of entries) timeouts.cancel(started);
    // Entries that end and start again (requests one after another, each over a few ms) arm nothing.
    for (let round = 0; round < 5; round++) {
      await vi.advanceTimersByTimeAsync(10);
      const again = entry(1_000, fired, 10 + round);
      timeouts.start(again);
      timeouts.cancel(again);
    }
    expect(vi.getTimerCount()).toBe(1);
    timeouts.start(entry(500, fired, 4));
    expect(vi.getTimerCount()).toBe(2);
    await vi.runAllTimersAsync();
    expect(fired).toEqual([4]);
    // Every list emptied and dropped: nothing left armed.
    expect(vi.getTimerCount()).toBe(0);
  });

  it('calls setTimeout once for requests one after another that each outlast their task (none per request)', async () => {
    const armed = vi.spyOn(globalThis, 'setTimeout');
    try {
      const timeouts = new LazyTimeouts();
      const fired: number[] = [];
      for (let request = 0; request < 5; request++) {
        const attempt = entry(60_000, fired, request);
        timeouts.start(attempt);
        // The answer comes over the network, a few ms later: the task that started the timeout is long over.
        await vi.advanceTimersByTimeAsync(5);
        timeouts.cancel(attempt);
      }
      expect(armed).toHaveBeenCalledTimes(1);
      expect(fired).toEqual([]);
    } finally {
      armed.mockRestore();
    }
  });

  it('fires a later entry of the same duration when its own timeout has passed, after the first was cancelled', async () => {
    const timeouts = new LazyTimeouts();
    const fired: number[] = [];
    const first = entry(1_000, fired, 1);
    const second = entry(1_000, fired, 2);
    timeouts.start(first);
    await vi.advanceTimersByTimeAsync(400);
    timeouts.start(second);
    timeouts.cancel(first);
    // The shared timer (armed for the first) fires at 1,000 ms: the second is not due until 1,400.
    await vi.advanceTimersByTimeAsync(999);
    expect(fired).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(fired).toEqual([2]);
  });

  it('fires entries in the order they are due, one restarted from inside its own timeout', async () => {
    const timeouts = new LazyTimeouts();
    const fired: number[] = [];
    let restarts = 0;
    const restarting: TimeoutEntry = {
      ...entry(100, fired, 1),
      onTimeout() {
        fired.push(1);
        if (++restarts < 3) timeouts.start(restarting);
      },
    };
    timeouts.start(restarting);
    await vi.advanceTimersByTimeAsync(50);
    timeouts.start(entry(100, fired, 2));
    await vi.advanceTimersByTimeAsync(50);
    expect(fired).toEqual([1]);
    await vi.advanceTimersByTimeAsync(50);
    expect(fired).toEqual([1, 2]);
    await vi.advanceTimersByTimeAsync(50);
    expect(fired).toEqual([1, 2, 1]);
    await vi.advanceTimersByTimeAsync(100);
    expect(fired).toEqual([1, 2, 1, 1]);
    await vi.runAllTimersAsync();
    expect(fired).toEqual([1, 2, 1, 1]);
  });

  it('still fires the entries after one whose onTimeout threw', async () => {
    const timeouts = new LazyTimeouts();
    const fired: number[] = [];
    timeouts.start({
      ...entry(100, fired, 1),
      onTimeout() {
        throw new Error('listener failed');
      },
    });
    await vi.advanceTimersByTimeAsync(10);
    timeouts.start(entry(100, fired, 2));
    // The first fires at 100 ms and throws; the second, due at 110 ms, still fires on time.
    await expect(vi.advanceTimersByTimeAsync(100)).rejects.toThrow('listener failed');
    expect(fired).toEqual([2]);
    await vi.runAllTimersAsync();
    expect(fired).toEqual([2]);
  });

  it('keeps the process alive only while an entry waits', () => {
    vi.useRealTimers();
    const timeouts = new LazyTimeouts();
    const fired: number[] = [];
    const first = entry(60_000, fired, 1);
    timeouts.start(first);
    const refs = () =>
      (process.getActiveResourcesInfo() as string[]).filter((name) => name === 'Timeout').length;
    const before = refs();
    timeouts.cancel(first);
    expect(refs()).toBe(before - 1);
    const second = entry(60_000, fired, 2);
    timeouts.start(second);
    expect(refs()).toBe(before);
    timeouts.cancel(second);
    expect(refs()).toBe(before - 1);
  });

  it('arms with the clock in force: a fake clock installed after a real timer was armed controls new entries', async () => {
    vi.useRealTimers();
    const timeouts = new LazyTimeouts();
    const fired: number[] = [];
    const real = entry(60_000, fired, 1);
    timeouts.start(real);
    timeouts.cancel(real);
    vi.useFakeTimers();
    timeouts.start(entry(60_000, fired, 2));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fired).toEqual([2]);
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
    expect(last.timeoutList).toBeUndefined();
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
