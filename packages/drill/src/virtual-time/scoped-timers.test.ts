import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { RealWork } from './real-work.js';
import { runOnVirtualTime } from './run-on-virtual-time.js';
import { inVirtualScope } from './scoped-timers.js';

const start = Date.parse('2026-06-25T09:00:00Z');

/** A promise and the function that resolves it. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

const activeTimeouts = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

describe('timers scoped to a run on virtual time', () => {
  it('gives work started before the run the real timers, even when it sets them during the run', async () => {
    const work = new RealWork();
    const realSetTimeout = globalThis.setTimeout;
    const { opened, open } = gate();
    // Started before the run (a model file loading): its next step sets a timer once the run has begun.
    const loading = opened.then(
      () =>
        new Promise<string>((resolve) =>
          setTimeout(() => resolve(`loaded, in the run's scope: ${inVirtualScope()}`), 5),
        ),
    );
    const { value, elapsedMs } = await runOnVirtualTime({
      startMs: start,
      realWork: work,
      run: async () => {
        open();
        // The run waits for it as real work: on a virtual timer, that would wait forever (here 2 s).
        const guard = new Promise<string>((resolve) => realSetTimeout(() => resolve('stuck'), 2000));
        return `${await work.track(Promise.race([loading, guard]))}; the run's: ${inVirtualScope()}`;
      },
    });
    expect(value).toBe("loaded, in the run's scope: false; the run's: true");
    expect(elapsedMs).toBe(0);
    expect(inVirtualScope()).toBe(false);
  });

  it('keeps every timer the run sets virtual, however deep, also from callbacks of the virtual clock', async () => {
    const realTimers = vi.spyOn(globalThis, 'setTimeout');
    // The real one's promisified form, kept on the spy: the clock then gives `promisify(setTimeout)` its virtual one.
    Object.assign(realTimers, { [promisify.custom]: sleep });
    const { value, elapsedMs, timersFired } = await runOnVirtualTime({
      startMs: start,
      run: async () => {
        const kinds: string[] = [];
        await new Promise<void>((resolve) =>
          setTimeout(() => {
            kinds.push('timeout');
            setImmediate(() => {
              kinds.push('immediate');
              const interval = setInterval(() => {
                kinds.push('interval');
                clearInterval(interval);
                resolve();
              }, 60_000);
            });
          }, 60_000),
        );
        await promisify(setTimeout)(60_000);
        kinds.push('promisified');
        return kinds;
      },
    }).finally(() => realTimers.mockRestore());
    expect(value).toEqual(['timeout', 'immediate', 'interval', 'promisified']);
    expect(timersFired).toBe(4);
    // Three minutes on the virtual clock (an immediate takes its 1 ms there), in no real time.
    expect(elapsedMs).toBeGreaterThanOrEqual(180_000);
    expect(elapsedMs).toBeLessThan(180_010);
    // No real timer waited for any of it: the clock's own 1 ms pauses are the only real ones (whatever the machine's speed).
    expect(realTimers.mock.calls.filter(([, ms]) => (ms ?? 0) > 1)).toEqual([]);
  });

  it('clears a real timer from inside the run, and a virtual one from work started before it', async () => {
    const real = setTimeout(() => {
      throw new Error('a cleared timer fired');
    }, 60_000);
    const before = activeTimeouts();
    const { opened, open } = gate();
    let virtual: ReturnType<typeof setTimeout> | undefined;
    // Work started before the run clears a timer the run set.
    const cleared = opened.then(() => clearTimeout(virtual));
    let virtualFired = false;
    const { value } = await runOnVirtualTime({
      startMs: start,
      run: async () => {
        clearTimeout(real);
        virtual = setTimeout(() => {
          virtualFired = true;
        }, 1000);
        open();
        await cleared;
        await new Promise((resolve) => setTimeout(resolve, 2000));
        return activeTimeouts();
      },
    });
    expect(value).toBe(before - 1);
    expect(virtualFired).toBe(false);
  });

  it('puts the real timers back after the run', async () => {
    const real = {
      setTimeout: globalThis.setTimeout,
      setInterval: globalThis.setInterval,
      setImmediate: globalThis.setImmediate,
    };
    await runOnVirtualTime({
      startMs: start,
      run: async () => expect(globalThis.setImmediate).not.toBe(real.setImmediate),
    });
    expect({
      setTimeout: globalThis.setTimeout,
      setInterval: globalThis.setInterval,
      setImmediate: globalThis.setImmediate,
    }).toEqual(real);
  });
});
