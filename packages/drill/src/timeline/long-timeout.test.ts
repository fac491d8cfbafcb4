import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { maxTimerMs, setLongTimeout } from './long-timeout.js';
import { realTimers } from './schedule-timeline.js';

const day = 86_400_000;

describe('setLongTimeout', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs a callback 30 days away after 30 days, not after 1 ms as setTimeout would', async () => {
    const ran: number[] = [];
    setLongTimeout(realTimers, () => ran.push(Date.now()), 30 * day);
    await vi.advanceTimersByTimeAsync(maxTimerMs);
    expect(ran).toEqual([]);
    await vi.advanceTimersByTimeAsync(30 * day - maxTimerMs);
    expect(ran).toEqual([30 * day]);
  });

  it('schedules a delay within the limit as one timer of exactly that delay', () => {
    const timers = { setTimeout: vi.fn(() => 7), clearTimeout: vi.fn() };
    const cancel = setLongTimeout(timers, () => {}, 1234.5);
    expect(timers.setTimeout).toHaveBeenCalledOnce();
    expect(timers.setTimeout).toHaveBeenCalledWith(expect.any(Function), 1234.5);
    cancel();
    expect(timers.clearTimeout).toHaveBeenCalledWith(7);
  });

  it('cancels a long wait between its steps', async () => {
    const ran: number[] = [];
    const cancel = setLongTimeout(realTimers, () => ran.push(Date.now()), 60 * day);
    await vi.advanceTimersByTimeAsync(40 * day);
    cancel();
    await vi.advanceTimersByTimeAsync(40 * day);
    expect(ran).toEqual([]);
  });
});
