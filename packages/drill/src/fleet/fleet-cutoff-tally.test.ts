import type { DecisionRecord } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { FleetCutoffTally } from './fleet-cutoff-tally.js';
import { fleetFigures } from './fleet-figures.js';
import type { MemberHealthEvent } from './fleet-messages.js';

const event = (
  process: string,
  kind: MemberHealthEvent['kind'],
  at: number,
  source: MemberHealthEvent['source'] = 'local',
): MemberHealthEvent & { process: string } => ({
  kind,
  targetId: 'claude',
  scope: '*',
  source,
  by: 'p1',
  at,
  process,
});

/** A record of one attempt on claude that started at `start` (epoch ms), hitting the cut-off or not. */
const record = (start: number, cutoff = false) => ({
  record: {
    context: { jurisdiction: 'US' },
    attempts: [
      {
        targetId: 'claude',
        outcome: cutoff ? 'failure' : 'success',
        ...(cutoff ? { failureKind: 'cutoff' } : {}),
      },
    ],
  } as unknown as DecisionRecord,
  attemptStarts: [start],
});

describe('FleetCutoffTally', () => {
  describe('record', () => {
    it('holds an attempt until every process has spoken past its start, and counts it as if every record had been kept', () => {
      // p2's record of an attempt at 1500 arrives before p1's cut-off at 1000 (p1's pipe was slower):
      // it must still count as an attempt after the first detection.
      const tally = new FleetCutoffTally(['p1', 'p2']);
      tally.record({ process: 'p2', ...record(1500), at: 1600 });
      expect(tally.held).toBe(1);
      tally.health(event('p1', 'cutoff', 1000));
      // p1 has spoken up to 1000 only: an event of its between 1000 and 1500 may still come.
      expect(tally.held).toBe(1);
      tally.record({ process: 'p1', ...record(1700, true), at: 1800 });
      // Both processes spoke past 1500: counted, and no longer held. The one at 1700 waits for p2.
      expect(tally.held).toBe(1);
      tally.health(event('p2', 'cutoff', 1900, 'fleet'));
      expect(tally.held).toBe(0);
      tally.record({ process: 'p2', ...record(2000), at: 2100 });
      expect(tally.held).toBe(1);
      // p1 has nothing to report but says how far it got: the attempt at 2000 is counted.
      tally.heard('p1', 2050);
      expect(tally.held).toBe(0);
      tally.finish('p1');
      tally.finish('p2');
      expect(tally.held).toBe(0);

      const figures = tally.figures({ startedAt: 0 });
      const kept = fleetFigures({
        processes: ['p1', 'p2'],
        events: [event('p1', 'cutoff', 1000), event('p2', 'cutoff', 1900, 'fleet')],
        records: [
          { process: 'p2', ...record(1500) },
          { process: 'p1', ...record(1700, true) },
          { process: 'p2', ...record(2000) },
        ],
        startedAt: 0,
      });
      expect(figures).toEqual(kept);
      expect(figures[0]).toMatchObject({
        attemptsAfterFirstDetection: 3,
        attemptsAfterLearning: 2,
        wasted: { p1: 1 },
        wastedAfterFirstDetection: { p1: 1 },
      });
    });
  });

  describe('figures', () => {
    it('gives the first detection as an offset on the drill axis, real ms times the time scale, and delays in real ms', () => {
      const tally = new FleetCutoffTally(['p1', 'p2']);
      tally.health(event('p1', 'cutoff', 10_250));
      tally.health(event('p2', 'cutoff', 10_262, 'fleet'));
      const [figures] = tally.figures({ startedAt: 10_000, timeScale: 4 });
      expect(figures?.firstDetection).toEqual({ by: 'p1', atMs: 1000 });
      expect(figures?.propagation).toEqual([{ process: 'p2', afterMs: 12 }]);
    });
  });
});
