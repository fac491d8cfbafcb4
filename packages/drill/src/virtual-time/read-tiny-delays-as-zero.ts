/** The scheduling methods of an installed `@sinonjs/fake-timers` clock that take a delay (ms) second. */
interface DelayedScheduling {
  setTimeout: (callback: (...args: never[]) => unknown, delay?: number, ...args: unknown[]) => unknown;
  setInterval: (callback: (...args: never[]) => unknown, delay?: number, ...args: unknown[]) => unknown;
}

/** Below this, `String(delay)` is written in exponent notation (`4.9e-7`). */
const exponentBelow = 1e-6;

/**
 * Makes an installed fake clock read a tiny delay as zero. `@sinonjs/fake-timers`
 * reads a delay as `parseInt(String(delay))` (whole ms, rounded down), and a
 * positive delay below 1e-6 ms is written in exponent notation: `4.9e-7` is read
 * as 4 ms, not 0. A drill's workload computes the gap to its next arrival as a
 * difference of fractional instants, so such a residue happens (68 of the 360
 * requests of the shipped `key-revoked` drill were sent up to 9 ms late). The
 * clock's `setTimeout` and `setInterval` are wrapped (the global functions and
 * those of `node:timers` and `node:timers/promises` all call them), so every
 * other delay is read exactly as before.
 *
 * @param clock an installed fake clock; its methods are replaced in place.
 * @example
 * ```ts
 * const clock = FakeTimers.withGlobal(globalThis).install({ now: 0 });
 * readTinyDelaysAsZero(clock);
 * setTimeout(() => {}, 4.9e-7); // due at 0, as 4.9e-4 would be
 * ```
 */
export function readTinyDelaysAsZero(clock: object): void {
  const scheduling = clock as DelayedScheduling;
  for (const name of ['setTimeout', 'setInterval'] as const) {
    const schedule = scheduling[name];
    if (typeof schedule !== 'function') continue;
    const wrapped: DelayedScheduling[typeof name] = function (this: unknown, callback, delay, ...args) {
      const read = typeof delay === 'number' && delay > 0 && delay < exponentBelow ? 0 : delay;
      return schedule.call(this, callback, read, ...args);
    };
    // What the clock keeps on its method (whether the global had one of its own, for `uninstall`; the promisified form).
    for (const key of Reflect.ownKeys(schedule)) {
      if (key === 'length' || key === 'name' || key === 'prototype') continue;
      Object.defineProperty(
        wrapped,
        key,
        Object.getOwnPropertyDescriptor(schedule, key) as PropertyDescriptor,
      );
    }
    scheduling[name] = wrapped;
  }
}
