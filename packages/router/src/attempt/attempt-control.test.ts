import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AttemptControl, attemptTimedOut, callAborted } from './attempt-control.js';
import { callSignal } from './call-signal.js';
import { LazyTimeouts } from './lazy-timeouts.js';

const describeTimeout = (timeoutMs: number, subject: string) => `${subject}: nothing within ${timeoutMs} ms`;
const control = (call = callSignal({ caller: undefined, deadlineMs: undefined })) =>
  new AttemptControl({
    timeouts: new LazyTimeouts(),
    call,
    timeoutMs: 100,
    describe: describeTimeout,
    subject: 'alpha',
  });

describe('AttemptControl', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('hands its timeout off: no timer of its own, and the message of the new timeout when fired', async () => {
    const attempt = control();
    const signal = attempt.signal();
    attempt.handOff(5_000, (timeoutMs, subject) => `${subject} did not end within ${timeoutMs} ms`);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(attempt.timedOut).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
    attempt.onTimeout();
    expect(attempt.timedOut).toBe(true);
    expect(attempt.timeoutMessage).toBe('alpha did not end within 5000 ms');
    expect(signal.reason).toMatchObject({
      name: 'TimeoutError',
      message: 'alpha did not end within 5000 ms',
    });
  });

  it('creates no signal until the model asks for one', () => {
    const created = vi.spyOn(globalThis, 'AbortController');
    const attempt = control();
    expect(attempt.aborted).toBe(false);
    expect(created).not.toHaveBeenCalled();
    expect(attempt.signal().aborted).toBe(false);
    expect(created).toHaveBeenCalledTimes(1);
    created.mockRestore();
  });

  it('rejects a race at its timeout even when the work never settles, and aborts the signal', async () => {
    const attempt = control();
    const signal = attempt.signal();
    const racing = attempt.race(new Promise(() => {})).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(100);
    expect(await racing).toBe(attemptTimedOut);
    expect(attempt.timedOut).toBe(true);
    expect(signal.reason).toMatchObject({ name: 'TimeoutError', message: 'alpha: nothing within 100 ms' });
  });

  it('rejects a race when the call is aborted as a whole', async () => {
    const caller = new AbortController();
    const call = callSignal({ caller: caller.signal, deadlineMs: undefined });
    const attempt = control(call);
    const racing = attempt.race(new Promise(() => {})).catch((error: unknown) => error);
    caller.abort(new Error('user left'));
    expect(await racing).toBe(callAborted);
    expect(call.reason).toBe('aborted');
    expect(attempt.aborted).toBe(true);
  });

  it('settles with the work and stops its timeout on end()', async () => {
    const attempt = control();
    expect(await attempt.race(Promise.resolve('answer'))).toBe('answer');
    attempt.end();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(attempt.timedOut).toBe(false);
  });
});
