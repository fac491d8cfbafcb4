import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { callSignal } from './call-signal.js';

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
});
