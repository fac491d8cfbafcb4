import { describe, expect, it } from 'vitest';
import type { TimelineAction } from '../timeline/expand-timeline.js';
import { type FleetDetection, fleetDrillEvents } from './fleet-drill-events.js';

const withdrawal: TimelineAction = {
  atMs: 1000,
  phase: 'start',
  eventIndex: 0,
  event: {
    at: 1000,
    type: 'cutoff',
    target: 'gpt',
    signal: 'model_withdrawn',
    label: 'the vendor withdraws the model',
  },
} as TimelineAction;

const detection = (overrides: Partial<FleetDetection>): FleetDetection => ({
  kind: 'cutoff',
  targetId: 'gpt',
  scope: '*',
  source: 'local',
  by: 'p2',
  reason: 'model_withdrawn',
  at: 0,
  process: 'p2',
  atMs: 1044.24,
  ...overrides,
});

describe('fleetDrillEvents', () => {
  it('orders the timeline, the rule dates that passed and the cut-offs each process detected itself', () => {
    const events = fleetDrillEvents({
      played: [{ action: withdrawal, playedAtMs: 1003 }],
      ruleDates: [
        {
          atMs: 500,
          source: 'policy',
          description: 'rule acme/ban becomes effective (2026-06-25T09:00:00.5Z)',
        },
        { atMs: 9000, source: 'policy', description: 'rule acme/ban expires (2026-06-25T09:00:09Z)' },
      ],
      detections: [
        detection({ process: 'p3', by: 'p3', atMs: 1090.6 }),
        detection({}),
        // The news of it reaching p1 is not an event; neither is a restore.
        detection({ process: 'p1', source: 'fleet', atMs: 1070 }),
        detection({ process: 'p1', kind: 'restore', atMs: 1500 }),
        detection({ process: 'p4', by: 'p4', scope: 'DE', reason: 'legal_block', atMs: 1200 }),
      ],
      endMs: 3000,
    });
    expect(events).toEqual([
      {
        atMs: 500,
        source: 'policy',
        description: 'rule acme/ban becomes effective (2026-06-25T09:00:00.5Z)',
      },
      {
        atMs: 1000,
        source: 'timeline',
        description:
          'the vendor withdraws the model: cutoff model_withdrawn on gpt (played at +1.003s, 3 ms late)',
        playedAtMs: 1003,
      },
      {
        atMs: 1044,
        source: 'router',
        description: 'router of p2 cut off gpt for everyone (model_withdrawn)',
      },
      {
        atMs: 1091,
        source: 'router',
        description: 'router of p3 cut off gpt for everyone (model_withdrawn)',
      },
      { atMs: 1200, source: 'router', description: 'router of p4 cut off gpt for DE callers (legal_block)' },
    ]);
  });
});
