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
  it('keeps no attempt list of its own until its first attempt ends, then adds them in order', () => {
    const first = request();
    const second = request();
    expect(first.attempts).toEqual([]);
    expect(first.attempts).toBe(second.attempts);
    expect(Object.isFrozen(first.attempts)).toBe(true);
    const attempt = (targetId: string) =>
      ({ targetId, outcome: 'failed' }) as unknown as Parameters<typeof first.addAttempt>[0];
    first.addAttempt(attempt('alpha'));
    first.addAttempt(attempt('beta'));
    expect(first.attempts.map((entry) => entry.targetId)).toEqual(['alpha', 'beta']);
    expect(second.attempts).toEqual([]);
  });

  it("shares the route's frozen skip list while only targets without a model are skipped, and copies it to add a skip", () => {
    const state = routerStateFixture();
    const chat = state.routes.get('chat') as NonNullable<ReturnType<typeof state.routes.get>>;
    const first = startRequest(state, chat, call(), 'stream');
    const second = startRequest(state, chat, call(), 'stream');
    // Nothing kept per request for the skips every request makes alike.
    expect(first.skipped).toBe(chat.noModelSkips);
    expect(second.skipped).toBe(first.skipped);
    expect(Object.isFrozen(first.skipped)).toBe(true);
    first.skip({ targetId: 'beta', reason: 'bulkhead_full', detail: 'full' });
    expect(first.skipped?.map((entry) => [entry.targetId, entry.reason])).toEqual([
      ['gamma', 'no_model'],
      ['local', 'no_model'],
      ['beta', 'bulkhead_full'],
    ]);
    // The shared list and the other request are untouched; the copy grows in place from then on.
    expect(chat.noModelSkips?.length).toBe(2);
    expect(second.skipped).toBe(chat.noModelSkips);
    const copy = first.skipped;
    first.skip({ targetId: 'alpha', reason: 'budget', detail: 'spent' });
    expect(first.skipped).toBe(copy);
    expect(first.skipped?.length).toBe(4);
    expect(first.planSkipped).toBe(2);
  });

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
