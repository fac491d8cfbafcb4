import { describe, expect, it } from 'vitest';
import { FleetHealth } from './fleet-health.js';
import { snapshotFleetHealth } from './snapshot-fleet-health.js';

const evidence = { status: 403, code: 'unsupported_country_region_territory', message: 'region blocked' };

describe('snapshotFleetHealth', () => {
  it('shows each fact with when, who, where it came from and its evidence', () => {
    const health = new FleetHealth();
    for (const event of [
      {
        type: 'cutoff',
        targetId: 'gpt',
        scope: 'jurisdiction',
        jurisdiction: 'CN',
        reason: 'region_blocked',
        evidence,
        at: 1_000,
        tick: 0,
        by: 'b',
      },
      {
        type: 'cutoff',
        targetId: 'gpt',
        scope: 'jurisdiction',
        jurisdiction: 'CN',
        evidence,
        at: 1_002,
        tick: 0,
        by: 'me',
      },
      { type: 'cooldown', targetId: 'claude', until: 9_000, at: 1_500, tick: 0, by: 'me' },
      { type: 'circuit', targetId: 'llama', state: 'open', openUntil: 4_000, at: 1_600, tick: 0, by: 'c' },
      {
        type: 'cutoff',
        targetId: 'mistral',
        scope: 'target',
        reason: 'model_withdrawn',
        evidence: { status: 404, message: 'gone' },
        at: 1_700,
        tick: 0,
        by: 'c',
      },
    ] as const) {
      health.apply(event);
    }
    const snapshot = snapshotFleetHealth(health, { now: 5_000, processId: 'me', targetIds: ['local'] });
    expect(snapshot.targets.map((target) => [target.targetId, target.state])).toEqual([
      ['claude', 'degraded'],
      ['gpt', 'degraded'],
      ['llama', 'degraded'],
      ['local', 'healthy'],
      ['mistral', 'cutoff'],
    ]);
    const gpt = snapshot.targets.find((target) => target.targetId === 'gpt');
    expect(gpt?.cutoffs).toEqual([
      {
        scope: 'jurisdiction',
        jurisdiction: 'CN',
        reason: 'region_blocked',
        since: 1_000,
        by: 'b',
        source: 'fleet',
        evidence,
        detectedBy: ['b', 'me'],
      },
    ]);
    expect(snapshot.targets.find((target) => target.targetId === 'claude')?.cooldown).toEqual({
      until: 9_000,
      since: 1_500,
      by: 'me',
      source: 'local',
    });
    expect(snapshot.targets.find((target) => target.targetId === 'llama')?.circuit).toMatchObject({
      state: 'half-open',
      openUntil: 4_000,
    });
  });

  it('leaves out a cooldown that has run out', () => {
    const health = new FleetHealth();
    health.apply({ type: 'cooldown', targetId: 'claude', until: 4_000, at: 1_500, tick: 0, by: 'a' });
    expect(snapshotFleetHealth(health, { now: 5_000 }).targets).toEqual([
      { targetId: 'claude', state: 'healthy', cutoffs: [] },
    ]);
  });
});
