import { spawn } from 'node:child_process';
import { hasSubscribers } from 'node:diagnostics_channel';
import { once } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { waitForChildProcess } from './wait-for-child-process.js';

const never = new Promise<never>(() => {});

afterEach(() => {
  vi.useRealTimers();
});

describe('waitForChildProcess', () => {
  it('resolves when the process starts a child process', async () => {
    const waited = waitForChildProcess({ until: never, maxMs: 600_000 });
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    await expect(waited).resolves.toBeUndefined();
    await once(child, 'exit');
    expect(hasSubscribers('child_process')).toBe(false);
  });

  it('resolves when `until` settles, also by rejecting', async () => {
    await expect(waitForChildProcess({ until: Promise.resolve(1), maxMs: 600_000 })).resolves.toBeUndefined();
    await expect(
      waitForChildProcess({ until: Promise.reject(new Error('bad model')), maxMs: 600_000 }),
    ).resolves.toBeUndefined();
    expect(hasSubscribers('child_process')).toBe(false);
  });

  it('resolves after maxMs of real time, even under a fake clock', async () => {
    vi.useFakeTimers();
    let resolved = false;
    const waited = waitForChildProcess({ until: never, maxMs: 1 }).then(() => {
      resolved = true;
    });
    // The fake clock never advances: only the real timer taken at import can end the wait.
    await waited;
    expect(resolved).toBe(true);
    expect(hasSubscribers('child_process')).toBe(false);
  });
});
