import { describe, expect, it } from 'vitest';
import { startRequest } from '../request/start-request.js';
import { call } from '../test-fixtures/router-harness.js';
import { routerStateFixture } from '../test-fixtures/router-state-fixture.js';
import { admitAttempt } from './admit-attempt.js';

describe('admitAttempt', () => {
  it('admits without evaluating when neither the clock nor the policy moved', () => {
    const state = routerStateFixture();
    const route = state.routes.get('chat') as NonNullable<ReturnType<typeof state.routes.get>>;
    const request = startRequest(state, route, call(), 'generate');
    const alpha = request.plan.ordered[0] as (typeof request.plan.ordered)[number];
    expect(admitAttempt(request, alpha, request.startedAt)).toBeUndefined();
  });

  it('denies an attempt the policy in force at its start denies (a setPolicy since the plan)', () => {
    const state = routerStateFixture();
    const route = state.routes.get('chat') as NonNullable<ReturnType<typeof state.routes.get>>;
    const request = startRequest(state, route, call(), 'generate');
    const alpha = request.plan.ordered[0] as (typeof request.plan.ordered)[number];
    state.setPolicy({
      rules: [{ id: 'ban-alpha', description: 'd', source: 's', effect: 'deny', targets: { id: ['alpha'] } }],
    });
    expect(admitAttempt(request, alpha, request.startedAt)).toMatch(
      /^denied by the policy in force when its turn came: .*ban-alpha/,
    );
  });
});
