import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LazyTimeouts } from '../attempt/lazy-timeouts.js';
import { StallWatch } from './stall-watch.js';

describe('StallWatch', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('declares a stall between the timeout and 1.25 times it after the last part, never earlier', async () => {
    const onStall = vi.fn();
    const watch = new StallWatch({ timeouts: new LazyTimeouts(), stallMs: 1_000, listener: { onStall } });
    watch.start();
    // Parts keep coming for 5 s: no stall.
    for (let elapsed = 0; elapsed < 5_000; elapsed += 200) {
      watch.parts++;
      await vi.advanceTimersByTimeAsync(200);
    }
    expect(onStall).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(999);
    expect(onStall).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(251);
    expect(onStall).toHaveBeenCalledTimes(1);
    expect(watch.failure('alpha')).toMatchObject({ kind: 'timeout', code: 'stream_stalled' });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(onStall).toHaveBeenCalledTimes(1);
  });

  it('counts no stall while idle (the stream waits for its caller), and gives a read after it all of the timeout', async () => {
    const onStall = vi.fn();
    const watch = new StallWatch({ timeouts: new LazyTimeouts(), stallMs: 1_000, listener: { onStall } });
    watch.idle = true;
    watch.start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(onStall).not.toHaveBeenCalled();
    // A read starts just after a check that found the watch idle: a stall only 1 s after it, at the earliest.
    await vi.advanceTimersByTimeAsync(10);
    watch.idle = false;
    await vi.advanceTimersByTimeAsync(989);
    expect(onStall).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(251);
    expect(onStall).toHaveBeenCalledTimes(1);
  });

  it('fires its deadline on time with its own timer (one timer for both), and no stall after it', async () => {
    const onStall = vi.fn();
    const onDeadline = vi.fn();
    const watch = new StallWatch({
      timeouts: new LazyTimeouts(),
      stallMs: 1_000,
      listener: { onStall, onDeadline },
    });
    watch.deadlineIn(1_100);
    watch.start();
    for (let elapsed = 0; elapsed < 1_000; elapsed += 100) {
      watch.parts++;
      await vi.advanceTimersByTimeAsync(100);
      expect(vi.getTimerCount()).toBe(1);
    }
    await vi.advanceTimersByTimeAsync(99);
    expect(onDeadline).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(onDeadline).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(onStall).not.toHaveBeenCalled();
    expect(onDeadline).toHaveBeenCalledTimes(1);
  });

  it('stops watching on stop', async () => {
    const onStall = vi.fn();
    const watch = new StallWatch({ timeouts: new LazyTimeouts(), stallMs: 1_000, listener: { onStall } });
    watch.start();
    watch.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(onStall).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });
});
