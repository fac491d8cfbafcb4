import { describe, expect, it } from 'vitest';
import { switchyardMetadata } from '../record/switchyard-metadata.js';
import { call } from '../test-fixtures/router-harness.js';
import { routerStateFixture } from '../test-fixtures/router-state-fixture.js';
import { startRequest } from './start-request.js';

function request() {
  const state = routerStateFixture();
  return startRequest(
    state,
    state.routes.get('chat') as NonNullable<ReturnType<typeof state.routes.get>>,
    call(),
    'generate',
  );
}

describe('startRequest', () => {
  it('resolves the context, evaluates the policy, and plans, synchronously', () => {
    const started = request();
    expect(started.context).toEqual({ jurisdiction: 'US', dataClass: 'internal' });
    expect(started.verdicts.map((verdict) => verdict.allowed)).toEqual([true, true, true, true]);
    expect(started.plan.ordered.map((entry) => entry.target.id)).toEqual(['alpha', 'beta']);
    expect(started.skipped?.map((entry) => [entry.targetId, entry.reason])).toEqual([
      ['gamma', 'no_model'],
      ['local', 'no_model'],
    ]);
    expect(started.signal.signal).toBeUndefined();
  });
});

describe('RequestState', () => {
  it('has a flat, unique request id', () => {
    const first = request();
    expect(first.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(request().requestId).not.toBe(first.requestId);
  });

  it('counts the fallback depth by distinct failed targets other than the one that served', () => {
    const started = request();
    started.noteFailedTarget('alpha');
    started.noteFailedTarget('alpha');
    started.noteFailedTarget('beta');
    expect(started.fallbackDepth('gamma')).toBe(2);
    expect(started.fallbackDepth('beta')).toBe(1);
    expect(started.fallbackDepth(null)).toBe(2);
  });

  it('gives the same metadata shape to generate and stream: recorded, unrecorded and pending attempts', () => {
    const started = request();
    started.noteFailedTarget('alpha');
    started.unrecordedAttempts = 1;
    expect(switchyardMetadata(started, 'beta', { pendingAttempts: 1 })).toEqual({
      servedBy: 'beta',
      requestId: started.requestId,
      fallbackDepth: 1,
      attempts: 2,
    });
  });
});
