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

  it('keeps races apart when work set up inside a race starts another (one shared executor)', async () => {
    const outer = control();
    const inner = control();
    let innerRace: Promise<unknown> | undefined;
    // A thenable whose `then` (called while the outer race is set up) starts the inner race.
    const reentrant: PromiseLike<string> = {
      // biome-ignore lint/suspicious/noThenProperty: the test needs a thenable whose `then` runs code.
      then(resolve, reject) {
        innerRace = inner.race(new Promise(() => {})).catch((error: unknown) => error);
        return Promise.resolve('outer answer').then(resolve, reject);
      },
    };
    const outerRace = outer.race(reentrant);
    expect(await outerRace).toBe('outer answer');
    outer.end();
    await vi.advanceTimersByTimeAsync(100);
    // The inner race's timeout rejects the inner race, not the outer one.
    expect(await innerRace).toBe(attemptTimedOut);
    expect(outer.timedOut).toBe(false);
  });

  it('rejects each of many races set up back to back with its own timeout, and settles the others', async () => {
    const attempts = [control(), control(), control()];
    const silent = attempts.map((attempt) =>
      attempt.race(new Promise(() => {})).catch((error: unknown) => error),
    );
    const answered = control();
    const answer = answered.race(Promise.resolve('answer'));
    const failed = control();
    const failure = new Error('model failed');
    const failing = failed.race(Promise.reject(failure)).catch((error: unknown) => error);
    expect(await answer).toBe('answer');
    expect(await failing).toBe(failure);
    answered.end();
    failed.end();
    await vi.advanceTimersByTimeAsync(100);
    for (const outcome of await Promise.all(silent)) expect(outcome).toBe(attemptTimedOut);
    expect(answered.timedOut).toBe(false);
  });
});
