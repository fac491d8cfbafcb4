import FakeTimers from '@sinonjs/fake-timers';
import { errorCodes, SwitchyardError } from '@switchyard/core';
import { nextTimerAt } from './next-timer-at.js';
import { readTinyDelaysAsZero } from './read-tiny-delays-as-zero.js';
import { realWork as defaultRealWork, type RealWork } from './real-work.js';
import { runInVirtualScope, scopeTimers } from './scoped-timers.js';
import { virtualDate } from './virtual-date.js';

/** The global timers and clocks a drill on virtual time replaces. */
const faked = [
  'setTimeout',
  'clearTimeout',
  'setInterval',
  'clearInterval',
  'setImmediate',
  'clearImmediate',
  'Date',
  'performance',
] as const;

const lockKey = Symbol.for('switchyard.drill.virtual-time');
type Lock = { tail: Promise<void> };
const registry = globalThis as Record<symbol, Lock | undefined>;
registry[lockKey] ??= { tail: Promise.resolve() };
const lock = registry[lockKey];

/** What {@link runOnVirtualTime} measured. */
export interface VirtualRun<T> {
  /** What `run` resolved to. */
  readonly value: T;
  /** Virtual ms from `startMs` to the end of `run`. */
  readonly elapsedMs: number;
  /** Timers fired. */
  readonly timersFired: number;
}

/**
 * Runs `run` on a virtual clock: the global timers (`setTimeout`,
 * `setInterval`, `setImmediate`, their `clear*`), `Date` and `performance`
 * are replaced by a fake clock (`@sinonjs/fake-timers`; `Date` by `virtualDate` on its clock) that starts at
 * `startMs` and advances only when nothing is in flight but timers:
 *
 * 1. let every promise continuation run (one real `setImmediate` turn drains
 *    the microtask queue and `process.nextTick`);
 * 2. wait while real work is tracked in `realWork` (see {@link RealWork}),
 *    unless the next timer is due before the work's `until` (its result is
 *    read no earlier): that timer fires while the work runs on another core;
 * 3. jump to the next timer and fire it; repeat.
 *
 * Tracked work still running when `run` settles is waited for before the
 * real timers are put back.
 *
 * Everything inside (the router, cockatiel's timeouts, backoffs and breaker,
 * the SDKs' own timers, in-process simulators) then sees the same instants in
 * the same order on every machine and under any load, and a five-minute
 * scenario takes as long as its computation. The real timers are put back
 * when `run` settles, even when it throws. Runs are serialised: a second call
 * waits for the first to finish (the clock is global to the process).
 *
 * The timers are the clock's for the run's own work only: whatever `run`
 * starts, however deep (through promises, callbacks and events; an
 * `AsyncLocalStorage` scope). Work started before the run and still going
 * (a model file loading, the host application's own timers) keeps the real
 * timers; `Date`, `performance` and the functions of `node:timers` and
 * `node:timers/promises` stay the virtual clock's for everyone.
 *
 * Untracked real I/O (e.g. a sink's file write) may be in flight while the
 * clock advances: it must not feed back into what the run decides.
 *
 * @param options.startMs the virtual instant the run starts at (epoch ms).
 * @param options.run the work; it must settle once its timers have fired.
 * @param options.realWork the tracker consulted before each advance (default the process-wide one).
 * @param options.idleLimitMs real ms the run may wait with no timer and no tracked real work
 *   before it is declared stuck (default 30,000): a hang becomes an error.
 * @returns the value, the virtual time elapsed and the timers fired.
 * @throws whatever `run` throws, or what a timer callback threw, or a `SwitchyardError`
 *   (`SWITCHYARD_DEADLINE_EXCEEDED`) when the run waits on something that is neither a timer nor
 *   tracked real work for `idleLimitMs`.
 *
 * @example
 * ```ts
 * const { value, elapsedMs } = await runOnVirtualTime({
 *   startMs: Date.parse('2026-06-25T09:00:00Z'),
 *   run: () => new Promise((resolve) => setTimeout(() => resolve(Date.now()), 300_000)),
 * }); // settles at once; value is 09:05:00, elapsedMs 300000
 * ```
 */
export async function runOnVirtualTime<T>(options: {
  startMs: number;
  run: () => Promise<T>;
  realWork?: RealWork;
  idleLimitMs?: number;
}): Promise<VirtualRun<T>> {
  const idleLimitMs = options.idleLimitMs ?? 30_000;
  const previous = lock.tail;
  let release!: () => void;
  lock.tail = new Promise<void>((resolve) => {
    release = resolve;
  });
  await previous;
  // Every timer the run's work sets, however deep, is virtual; the clock's own loop runs there too.
  return runInVirtualScope(() => runLocked(options, idleLimitMs, release));
}

async function runLocked<T>(
  options: { startMs: number; run: () => Promise<T>; realWork?: RealWork },
  idleLimitMs: number,
  release: () => void,
): Promise<VirtualRun<T>> {
  const work = options.realWork ?? defaultRealWork;
  const realSetImmediate = globalThis.setImmediate;
  const realSetTimeout = globalThis.setTimeout;
  const realSetInterval = globalThis.setInterval;
  const realNow = performance.now.bind(performance);
  const realDate = globalThis.Date;
  const turn = () => new Promise<void>((resolve) => realSetImmediate(resolve));
  const pause = () => new Promise<void>((resolve) => realSetTimeout(resolve, 1));
  const clock = FakeTimers.withGlobal(globalThis).install({
    now: options.startMs,
    toFake: [...faked],
    // Real timers (of work started before the run) are cleared by the real functions.
    shouldClearNativeTimers: true,
  });
  // A residue of a delay (4.9e-7 ms) is due at once, not 4 ms later.
  readTinyDelaysAsZero(clock);
  // Work started before the run (a model file loading) keeps the real timers: it is real I/O.
  scopeTimers({ setTimeout: realSetTimeout, setInterval: realSetInterval, setImmediate: realSetImmediate });
  // The clock's `Date` (put back by `uninstall` with the rest) traded for a lighter one on the same clock.
  globalThis.Date = virtualDate(() => clock.now, realDate);
  let timersFired = 0;
  try {
    let outcome: { value: T } | { error: unknown } | undefined;
    let timerError: { error: unknown } | undefined;
    const running = (async () => options.run())().then(
      (value) => {
        outcome = { value };
      },
      (error: unknown) => {
        outcome = { error };
      },
    );
    let idleSince: number | undefined;
    while (outcome === undefined) {
      await turn();
      if (outcome !== undefined) break;
      // Real work blocks the clock, except for the timers due before anything reads its result.
      if (work.size > 0 && !((nextTimerAt(clock) ?? Number.NEGATIVE_INFINITY) < work.horizon)) {
        idleSince = undefined;
        await work.settled();
        continue;
      }
      if (clock.countTimers() > 0) {
        idleSince = undefined;
        try {
          clock.next();
        } catch (error) {
          // A real event loop would crash on an exception thrown by a timer: fail the run instead.
          timerError ??= { error };
        }
        timersFired++;
        continue;
      }
      // Nothing visible in flight: untracked real I/O (a file being written) is; let it finish.
      idleSince ??= realNow();
      if (realNow() - idleSince > idleLimitMs) {
        throw new SwitchyardError({
          code: errorCodes.DEADLINE_EXCEEDED,
          message: `the run on virtual time made no progress for ${idleLimitMs} ms of real time: it waits on something that is neither a timer nor tracked real work (a model that never answers and has no timeout, or in-process work not declared with realWork.track / realWorkModel)`,
        });
      }
      await pause();
    }
    await running;
    // Work the run no longer reads (an in-process answer its caller gave up on) ends before the clock goes.
    while (work.size > 0) await work.settled();
    const elapsedMs = clock.now - options.startMs;
    if (timerError !== undefined) throw timerError.error;
    if ('error' in outcome) throw outcome.error;
    return { value: outcome.value, elapsedMs, timersFired };
  } finally {
    clock.uninstall();
    release();
  }
}
