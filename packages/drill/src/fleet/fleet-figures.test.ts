import type { DecisionRecord } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { evaluateFleetAssertion, type FleetRecord, fleetFigures } from './fleet-figures.js';
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

/** A record of one successful attempt on claude that started at `start` (epoch ms), routed by `process`. */
const attemptAt = (process: string, start: number): FleetRecord => ({
  process,
  record: {
    context: { jurisdiction: 'US' },
    attempts: [{ targetId: 'claude', outcome: 'success' }],
  } as unknown as DecisionRecord,
  attemptStarts: [start],
});

describe('fleetFigures', () => {
  it('counts attempts on a cut-off target only until the restore that lifts it', () => {
    // p1 detects claude's cut-off at 1000, p2 hears of it at 1010; both learn of the restore at about 2000.
    const figures = fleetFigures({
      processes: ['p1', 'p2'],
      events: [
        event('p1', 'cutoff', 1000),
        event('p2', 'cutoff', 1010, 'fleet'),
        event('p1', 'restore', 2000),
        event('p2', 'restore', 2005, 'fleet'),
      ],
      records: [
        attemptAt('p2', 1500), // after p2 knew, before the restore: counted
        attemptAt('p1', 1990), // counted
        attemptAt('p1', 2001), // after p1 learnt of the restore: claude serves again, not counted
        attemptAt('p2', 2100), // not counted
      ],
      startedAt: 0,
    });
    expect(figures).toHaveLength(1);
    expect(figures[0]).toMatchObject({ attemptsAfterFirstDetection: 2, attemptsAfterLearning: 2 });
    expect(evaluateFleetAssertion({ type: 'attempts-after-propagation', max: 2 }, figures).passed).toBe(true);
  });

  it('counts again when the target is cut off again after a restore', () => {
    const figures = fleetFigures({
      processes: ['p1'],
      events: [event('p1', 'cutoff', 1000), event('p1', 'restore', 2000), event('p1', 'cutoff', 3000)],
      records: [attemptAt('p1', 1500), attemptAt('p1', 2500), attemptAt('p1', 3500)],
      startedAt: 0,
    });
    expect(figures[0]).toMatchObject({ attemptsAfterFirstDetection: 2, attemptsAfterLearning: 2 });
  });
});
