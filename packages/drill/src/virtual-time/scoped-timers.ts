import { AsyncLocalStorage } from 'node:async_hooks';
import { promisify } from 'node:util';

/** The global timer functions a run on virtual time scopes to itself. */
const scheduling = ['setTimeout', 'setInterval', 'setImmediate'] as const;
const clearing = ['clearTimeout', 'clearInterval', 'clearImmediate'] as const;

type TimerName = (typeof scheduling)[number] | (typeof clearing)[number];
type Timers = { [name in TimerName]: (...args: never[]) => unknown };

/** Set inside a run on virtual time: the work started there, and everything it starts. */
const insideRun = new AsyncLocalStorage<true>();

/**
 * Whether the calling code belongs to a run on virtual time ({@link runInVirtualScope}).
 *
 * @returns `true` inside a run (whatever it started, however deep), `false` outside.
 */
export function inVirtualScope(): boolean {
  return insideRun.getStore() === true;
}

/**
 * Runs `run` as the work of a run on virtual time: every timer it and what it
 * starts set (however deep, through promises, callbacks and events) is a
 * timer of the virtual clock.
 *
 * @param run the work.
 * @returns what `run` returns.
 */
export function runInVirtualScope<T>(run: () => T): T {
  return insideRun.run(true, run);
}

/**
 * Trades the global `setTimeout`, `setInterval` and `setImmediate` (installed
 * by the virtual clock) for ones that schedule on the virtual clock only for
 * the work of the run ({@link runInVirtualScope}), and on the real timers for
 * work started before it: say, a model file that loads while the drill runs.
 * Such work is real I/O: on the virtual clock, a timer it waits for would fire
 * only when the drill's clock advanced to it, or never once the run ended.
 *
 * The `clear*` functions stay the virtual clock's, which clears its own timers
 * and passes real ones to the real `clear*` (`shouldClearNativeTimers`).
 * `Date` and `performance` stay virtual for everyone (reading them never
 * waits), and so do the functions of `node:timers` and `node:timers/promises`.
 * The virtual clock's `uninstall` puts the real timers back.
 *
 * @param real the real timers, taken before the virtual clock was installed.
 * @param target the global object (default `globalThis`).
 */
export function scopeTimers(
  real: Pick<Timers, (typeof scheduling)[number]>,
  target: object = globalThis,
): void {
  const timers = target as Timers;
  for (const name of scheduling) {
    const virtual = timers[name] as (...args: unknown[]) => unknown;
    const outside = real[name] as (...args: unknown[]) => unknown;
    const scoped = function (this: unknown, ...args: unknown[]) {
      return insideRun.getStore() === true ? virtual.apply(this, args) : outside.apply(this, args);
    };
    // `util.promisify(setTimeout)` is scoped the same way.
    const inside = promisedOf(virtual);
    const before = promisedOf(outside);
    if (inside !== undefined && before !== undefined) {
      Object.defineProperty(scoped, promisify.custom, {
        value: (...args: unknown[]) => (insideRun.getStore() === true ? inside(...args) : before(...args)),
      });
    }
    timers[name] = scoped as Timers[typeof name];
  }
}

/** What `util.promisify` uses for a timer function, when it has one. */
function promisedOf(timer: object): ((...args: unknown[]) => unknown) | undefined {
  const promised = (timer as Record<symbol, unknown>)[promisify.custom];
  return typeof promised === 'function' ? (promised as (...args: unknown[]) => unknown) : undefined;
}
