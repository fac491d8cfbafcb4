import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { abortableCallSignal, callSignal } from './call-signal.js';

describe('callSignal', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is a shared inert instance when nothing can abort the call', () => {
    const first = callSignal({ caller: undefined, deadlineMs: undefined });
    expect(first.signal).toBeUndefined();
    expect(callSignal({ caller: undefined, deadlineMs: undefined })).toBe(first);
  });

  it('aborts at the deadline, saying so', async () => {
    const call = callSignal({ caller: undefined, deadlineMs: 500 });
    await vi.advanceTimersByTimeAsync(499);
    expect(call.signal?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(call.reason).toBe('deadline');
    expect(call.signal?.reason).toMatchObject({ name: 'TimeoutError' });
  });

  it('follows the caller, already aborted or later, and lets go on dispose', () => {
    expect(callSignal({ caller: AbortSignal.abort(), deadlineMs: undefined }).reason).toBe('aborted');
    const caller = new AbortController();
    const call = callSignal({ caller: caller.signal, deadlineMs: 1_000 });
    call.dispose();
    caller.abort();
    expect(call.reason).toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('is the caller signal itself when there is no deadline, with no listener of its own', () => {
    const caller = new AbortController();
    const add = vi.spyOn(caller.signal, 'addEventListener');
    const call = callSignal({ caller: caller.signal, deadlineMs: undefined });
    expect(call.signal).toBe(caller.signal);
    expect(add).not.toHaveBeenCalled();
    expect(call.reason).toBeUndefined();
    caller.abort(new Error('stop'));
    expect(call.reason).toBe('aborted');
    expect(call.signal?.reason).toMatchObject({ message: 'stop' });
  });

  it('keeps the reason it had when disposed', () => {
    const later = new AbortController();
    const call = callSignal({ caller: later.signal, deadlineMs: undefined });
    call.dispose();
    later.abort();
    expect(call.reason).toBeUndefined();
    const early = new AbortController();
    const aborted = callSignal({ caller: early.signal, deadlineMs: undefined });
    early.abort();
    aborted.dispose();
    expect(aborted.reason).toBe('aborted');
  });

  it('makes an abortable signal that follows the caller too', () => {
    const caller = new AbortController();
    const call = abortableCallSignal(caller.signal);
    caller.abort(new Error('stop'));
    expect(call.reason).toBe('aborted');
    expect(call.signal?.aborted).toBe(true);
    const inside = abortableCallSignal();
    inside.abort?.(new Error('cancelled'));
    expect(inside.reason).toBe('aborted');
  });
});
