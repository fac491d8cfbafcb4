import { describe, expect, it, vi } from 'vitest';
import { RealWork } from './real-work.js';
import { runOnVirtualTime } from './run-on-virtual-time.js';

const start = Date.parse('2026-06-25T09:00:00Z');

describe('runOnVirtualTime', () => {
  it('jumps from timer to timer: five virtual minutes take no real time', async () => {
    const seen: number[] = [];
    const realTimers = vi.spyOn(globalThis, 'setTimeout');
    const { value, elapsedMs, timersFired } = await runOnVirtualTime({
      startMs: start,
      run: async () => {
        for (const minutes of [1, 2, 5]) {
          await new Promise((resolve) => setTimeout(resolve, 60_000 * minutes - (Date.now() - start)));
          seen.push(Date.now() - start);
        }
        return new Date().toISOString();
      },
    }).finally(() => realTimers.mockRestore());
    expect(seen).toEqual([60_000, 120_000, 300_000]);
    expect(value).toBe('2026-06-25T09:05:00.000Z');
    expect(elapsedMs).toBe(300_000);
    expect(timersFired).toBe(3);
    // No real timer waited for any of it: the clock's own 1 ms pauses are the only real ones (whatever the machine's speed).
    expect(realTimers.mock.calls.filter(([, ms]) => (ms ?? 0) > 1)).toEqual([]);
  });

  it('puts the real timers back, also when the run throws', async () => {
    const real = { setTimeout: globalThis.setTimeout, date: globalThis.Date };
    await expect(
      runOnVirtualTime({
        startMs: start,
        run: async () => {
          expect(globalThis.setTimeout).not.toBe(real.setTimeout);
          throw new Error('boom');
        },
      }),
    ).rejects.toThrow('boom');
    expect(globalThis.setTimeout).toBe(real.setTimeout);
    expect(globalThis.Date).toBe(real.date);
  });

  it('lets every promise continuation run before it fires the next timer', async () => {
    const { value } = await runOnVirtualTime({
      startMs: start,
      run: async () => {
        const order: string[] = [];
        const timer = new Promise<void>((resolve) =>
          setTimeout(() => {
            order.push(`timer at +${Date.now() - start}`);
            resolve();
          }, 0),
        );
        const chain = (async () => {
          for (let step = 0; step < 10_000; step++) await null;
          order.push(`chain at +${Date.now() - start}`);
        })();
        await Promise.all([timer, chain]);
        return order;
      },
    });
    expect(value).toEqual(['chain at +0', 'timer at +0']);
  });

  it('does not advance while tracked real work is in flight', async () => {
    const work = new RealWork();
    const realSetTimeout = globalThis.setTimeout;
    const { value } = await runOnVirtualTime({
      startMs: start,
      realWork: work,
      run: async () => {
        const instants: Record<string, number> = {};
        const virtual = new Promise<void>((resolve) =>
          setTimeout(() => {
            instants.timer = Date.now() - start;
            resolve();
          }, 1),
        );
        // 30 real ms of "inference": the 1 ms virtual timer must wait for it.
        const real = work.track(new Promise<void>((resolve) => realSetTimeout(resolve, 30))).then(() => {
          instants.realWorkDone = Date.now() - start;
        });
        await Promise.all([virtual, real]);
        return instants;
      },
    });
    expect(value).toEqual({ realWorkDone: 0, timer: 1 });
  });

  it('fires the timers due before tracked work is read (its `until`) while it runs, and none at or after it', async () => {
    const work = new RealWork();
    const { value } = await runOnVirtualTime({
      startMs: start,
      realWork: work,
      run: async () => {
        const seen: string[] = [];
        let finish!: () => void;
        // Real work that ends only once the clock has reached +300: it can end only if the clock runs beside it.
        const real = work
          .track(new Promise<void>((resolve) => (finish = resolve)), { until: start + 600 })
          .then(() => seen.push(`real work done at +${Date.now() - start}`));
        setTimeout(() => {
          seen.push(`timer at +${Date.now() - start}`);
          finish();
        }, 300);
        setTimeout(() => seen.push(`timer at +${Date.now() - start}`), 600);
        await new Promise((resolve) => setTimeout(resolve, 600));
        await real;
        return seen;
      },
    });
    expect(value).toEqual(['timer at +300', 'real work done at +300', 'timer at +600']);
  });

  it('holds a timer due at `until` until the work is done, and waits for work left running when the run ends', async () => {
    const work = new RealWork();
    const realSetTimeout = globalThis.setTimeout;
    let leftDone = false;
    const { value } = await runOnVirtualTime({
      startMs: start,
      realWork: work,
      run: async () => {
        let done = false;
        work
          .track(new Promise<void>((resolve) => realSetTimeout(resolve, 20)), { until: start + 50 })
          .then(() => {
            done = true;
          });
        const doneAtUntil = await new Promise<boolean>((resolve) => setTimeout(() => resolve(done), 50));
        // Work nothing reads any more (a caller gave up on it): the run ends before it does.
        work
          .track(new Promise<void>((resolve) => realSetTimeout(resolve, 20)), { until: start + 10_000 })
          .then(() => {
            leftDone = true;
          });
        return doneAtUntil;
      },
    });
    expect(value).toBe(true);
    expect(leftDone).toBe(true);
  });

  it('runs one run at a time: a second waits for the first', async () => {
    const order: string[] = [];
    const first = runOnVirtualTime({
      startMs: start,
      run: async () => {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        order.push('first');
      },
    });
    const second = runOnVirtualTime({
      startMs: start + 5,
      run: async () => {
        order.push(`second from +${Date.now() - start}`);
      },
    });
    await Promise.all([first, second]);
    expect(order).toEqual(['first', 'second from +5']);
  });

  it('fails the run with what a timer callback threw', async () => {
    await expect(
      runOnVirtualTime({
        startMs: start,
        run: async () => {
          setTimeout(() => {
            throw new Error('timer failed');
          }, 10);
          await new Promise((resolve) => setTimeout(resolve, 20));
        },
      }),
    ).rejects.toThrow('timer failed');
  });

  it('fails a run that waits on something that is neither a timer nor tracked work, instead of hanging', async () => {
    const real = globalThis.setTimeout;
    await expect(
      runOnVirtualTime({ startMs: start, idleLimitMs: 50, run: () => new Promise<void>(() => {}) }),
    ).rejects.toThrow(
      /made no progress for 50 ms of real time: it waits on something that is neither a timer nor tracked real work/,
    );
    expect(globalThis.setTimeout).toBe(real);
  });
});
