import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { runOnVirtualTime } from './run-on-virtual-time.js';

const start = Date.parse('2026-06-25T09:00:00Z');

/** The virtual ms after `start` at which a timer set at `start` with `delay` fires. */
async function firesAfter(schedule: (fire: () => void) => void): Promise<number> {
  const { value } = await runOnVirtualTime({
    startMs: start,
    run: () => new Promise<number>((resolve) => schedule(() => resolve(Date.now() - start))),
  });
  return value;
}

describe('a delay below 1e-6 ms on the virtual clock', () => {
  it('is due at once, like any delay below 1 ms, through setTimeout, setInterval and node:timers/promises', async () => {
    // fake-timers reads `4.9e-7` through parseInt(String(…)) as 4 ms.
    expect(await firesAfter((fire) => setTimeout(fire, 4.9e-7))).toBe(0);
    expect(await firesAfter((fire) => setTimeout(fire, 4.9e-4))).toBe(0);
    expect(
      await firesAfter((fire) => {
        const interval = setInterval(() => {
          clearInterval(interval);
          fire();
        }, 2e-7);
      }),
    ).toBe(0);
    expect(await firesAfter((fire) => void sleep(9.9e-7).then(fire))).toBe(0);
  });

  it('leaves every other delay as the clock reads it: whole ms, rounded down', async () => {
    expect(await firesAfter((fire) => setTimeout(fire, 4))).toBe(4);
    expect(await firesAfter((fire) => setTimeout(fire, 133.333))).toBe(133);
    expect(await firesAfter((fire) => setTimeout(fire, 1e-6))).toBe(0);
    expect(await firesAfter((fire) => setTimeout((_word: string) => fire(), 2.5, 'an argument'))).toBe(2);
  });

  it('passes the callback its arguments', async () => {
    const { value } = await runOnVirtualTime({
      startMs: start,
      run: () => new Promise<string>((resolve) => setTimeout((word: string) => resolve(word), 3e-7, 'kept')),
    });
    expect(value).toBe('kept');
  });
});
