import { describe, expect, it } from 'vitest';
import { FleetHealth } from './fleet-health.js';
import type { CutoffEvent, HealthEvent } from './health-event.js';
import { HybridClock } from './hybrid-clock.js';

const evidence = { status: 403, code: 'unsupported_country_region_territory', message: 'region blocked' };

function cutoff(fields: Partial<CutoffEvent> & Pick<CutoffEvent, 'at' | 'by'>): CutoffEvent {
  return { type: 'cutoff', targetId: 'gpt', scope: 'target', tick: 0, evidence, ...fields };
}

function replay(events: HealthEvent[]): FleetHealth {
  const health = new FleetHealth();
  for (const event of events) health.apply(event);
  return health;
}

describe('FleetHealth', () => {
  describe('apply', () => {
    it('keeps a cut-off in force until a newer restore of its scope', () => {
      const health = replay([cutoff({ at: 100, by: 'a' })]);
      expect(health.cutoffFor('gpt', 'DE')?.by).toBe('a');
      expect(health.apply({ type: 'restore', targetId: 'gpt', at: 50, tick: 0, by: 'b' })).toBe(true);
      expect(health.cutoffFor('gpt', 'DE')?.by).toBe('a');
      health.apply({ type: 'restore', targetId: 'gpt', at: 150, tick: 0, by: 'b' });
      expect(health.cutoffFor('gpt', 'DE')).toBeUndefined();
    });

    it('lets a cut-off win over a restore of the same clock (fail closed)', () => {
      const health = replay([
        { type: 'restore', targetId: 'gpt', at: 100, tick: 0, by: 'z' },
        cutoff({ at: 100, by: 'a' }),
      ]);
      expect(health.cutoffFor('gpt', undefined)?.by).toBe('a');
    });

    it('ignores a cut-off older than the restore already known', () => {
      const health = replay([{ type: 'restore', targetId: 'gpt', at: 200, tick: 0, by: 'b' }]);
      expect(health.apply(cutoff({ at: 100, by: 'a' }))).toBe(false);
      expect(health.cutoffsOf('gpt')).toEqual([]);
    });

    it('lifts a jurisdiction cut-off by a restore of that jurisdiction only', () => {
      const health = replay([
        cutoff({ at: 100, by: 'a', scope: 'jurisdiction', jurisdiction: 'CN' }),
        cutoff({ at: 101, by: 'a', scope: 'jurisdiction', jurisdiction: 'RU' }),
        { type: 'restore', targetId: 'gpt', at: 150, tick: 0, by: 'b', jurisdiction: 'CN' },
      ]);
      expect(health.cutoffFor('gpt', 'CN')).toBeUndefined();
      expect(health.cutoffFor('gpt', 'RU')?.at).toBe(101);
      expect(health.cutoffFor('gpt', 'US')).toBeUndefined();
      health.apply({ type: 'restore', targetId: 'gpt', at: 160, tick: 0, by: 'b' });
      expect(health.cutoffFor('gpt', 'RU')).toBeUndefined();
    });

    it('does not lift a whole-target cut-off by a jurisdiction restore', () => {
      const health = replay([
        cutoff({ at: 100, by: 'a' }),
        { type: 'restore', targetId: 'gpt', at: 150, tick: 0, by: 'b', jurisdiction: 'CN' },
      ]);
      expect(health.cutoffFor('gpt', 'CN')?.at).toBe(100);
    });

    it('shows the earliest detection of a scope and every process that detected it', () => {
      const health = replay([
        cutoff({ at: 105, by: 'b' }),
        cutoff({ at: 100, by: 'a' }),
        cutoff({ at: 107, by: 'a' }),
      ]);
      expect(health.cutoffFor('gpt', undefined)).toMatchObject({ at: 105, by: 'b' });
      expect(health.detectionsOf('gpt').map((event) => [event.by, event.at])).toEqual([
        ['b', 105],
        ['a', 107],
      ]);
    });

    it('keeps the latest cooldown deadline, whatever order they arrive in', () => {
      const later = { type: 'cooldown', targetId: 'gpt', at: 100, tick: 0, by: 'a', until: 9_000 } as const;
      const shorter = { type: 'cooldown', targetId: 'gpt', at: 200, tick: 0, by: 'b', until: 5_000 } as const;
      expect(replay([later, shorter]).cooldownOf('gpt')?.until).toBe(9_000);
      expect(replay([shorter, later]).cooldownOf('gpt')?.until).toBe(9_000);
    });

    it('keeps the latest circuit transition; an open wins a tie', () => {
      const open = {
        type: 'circuit',
        targetId: 'gpt',
        at: 100,
        tick: 0,
        by: 'a',
        state: 'open',
        openUntil: 500,
      } as const;
      const closed = {
        type: 'circuit',
        targetId: 'gpt',
        at: 100,
        tick: 0,
        by: 'b',
        state: 'closed',
      } as const;
      expect(replay([open, closed]).circuitOf('gpt')?.state).toBe('open');
      expect(replay([closed, open]).circuitOf('gpt')?.state).toBe('open');
      const reclosed = { ...closed, at: 101 };
      expect(replay([open, reclosed]).circuitOf('gpt')?.state).toBe('closed');
    });

    it('reports a duplicate as no change', () => {
      const health = new FleetHealth();
      const event = cutoff({ at: 100, by: 'a' });
      expect(health.apply(event)).toBe(true);
      expect(health.apply({ ...event })).toBe(false);
    });

    it('averages the latest latency summary of each process within the window', () => {
      const health = new FleetHealth({ latencyWindowMs: 1_000 });
      const summary = (by: string, at: number, latencyMs: number) =>
        ({ type: 'latency', targetId: 'gpt', at, tick: 0, by, latencyMs, samples: 10 }) as const;
      health.apply(summary('a', 100, 200));
      health.apply(summary('b', 500, 400));
      health.apply(summary('a', 600, 100));
      expect(health.latencyOf('gpt')).toEqual({
        latencyMs: 250,
        ttftMs: undefined,
        processes: 2,
        samples: 20,
      });
      health.apply(summary('c', 1_550, 1_000));
      expect(health.latencyOf('gpt')?.processes).toBe(2);
      expect(health.apply(summary('d', 400, 1))).toBe(false);
    });
  });

  describe('merge', () => {
    it('joins two replicas to the state of all their events', () => {
      const a = replay([cutoff({ at: 100, by: 'a' })]);
      const b = replay([{ type: 'restore', targetId: 'gpt', at: 150, tick: 0, by: 'b' }]);
      a.merge(b);
      expect(a.events()).toEqual(
        replay([{ type: 'restore', targetId: 'gpt', at: 150, tick: 0, by: 'b' }]).events(),
      );
    });
  });
});

describe('HybridClock', () => {
  describe('stamp', () => {
    it('orders an event after anything the process observed, even from a clock ahead of its own', () => {
      const clock = new HybridClock({ processId: 'a', now: () => 1_000 });
      clock.observe({ at: 5_000, tick: 3 });
      const event = clock.stamp({ type: 'restore', targetId: 'gpt' });
      expect([event.at, event.tick, event.by]).toEqual([5_000, 4, 'a']);
    });

    it('uses the wall clock once it is ahead again', () => {
      let now = 1_000;
      const clock = new HybridClock({ processId: 'a', now: () => now });
      expect(clock.stamp({ type: 'restore', targetId: 'gpt' }).tick).toBe(0);
      expect(clock.stamp({ type: 'restore', targetId: 'gpt' }).tick).toBe(1);
      now = 2_000;
      expect(clock.stamp({ type: 'restore', targetId: 'gpt' })).toMatchObject({ at: 2_000, tick: 0 });
    });
  });
});
