import { compilePolicy, type RequestContext, validateConfig } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { memoryHealthStore } from '../health/memory-health-store.js';
import { prepareRoutes } from '../prepare/prepare-routes.js';
import { prepareTargets } from '../prepare/prepare-targets.js';
import { scriptedModel } from '../test/scripted-model.js';
import { testConfig } from '../test-fixtures/router-fixtures.js';
import { planRequest } from './plan-request.js';
import { requestNeeds } from './request-needs.js';

const now = Date.parse('2026-06-01T00:00:00.000Z');
function prepared(rules: Parameters<typeof compilePolicy>[0]['policy'] = {}) {
  const config = validateConfig(testConfig(), { file: 'test' });
  const targets = prepareTargets({
    targets: config.targets,
    models: {
      alpha: scriptedModel({ steps: [] }),
      beta: scriptedModel({ steps: [] }),
      local: scriptedModel({ steps: [] }),
    },
    health: undefined,
    healthStore: memoryHealthStore(),
  });
  const policy = compilePolicy({ policy: rules, targets: config.targets, groups: config.groups });
  const route = prepareRoutes({ config, targets, policy }).get('chat');
  if (!route) throw new Error('no route');
  return { route, targets };
}
const needs = requestNeeds({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }] });
const plan = (
  route: ReturnType<typeof prepared>['route'],
  context: RequestContext = { jurisdiction: 'US' },
) =>
  planRequest({
    route,
    context,
    verdicts: route.policy.evaluate(context, now),
    needs,
    now,
    random: () => 0.5,
  });

describe('planRequest', () => {
  it('orders allowed, eligible candidates and says why each other one is out, changing nothing', () => {
    const { route } = prepared({
      rules: [{ id: 'no-beta', description: 'd', source: 's', effect: 'deny', targets: { id: ['beta'] } }],
    });
    const result = plan(route);
    expect(result.ordered.map((entry) => entry.target.id)).toEqual(['alpha', 'local']);
    expect(result.ineligible?.map((entry) => [entry.targetId, entry.reason])).toEqual([
      ['beta', 'policy'],
      ['gamma', 'no_model'],
    ]);
    expect(result.skipped).toEqual([expect.objectContaining({ targetId: 'gamma', reason: 'no_model' })]);
  });

  it('returns lists without empty slots, whatever mix of healthy, demoted and last-resort candidates', () => {
    const { route, targets } = prepared();
    const dense = (list: readonly unknown[] | undefined) =>
      list === undefined || Object.keys(list).length === list.length;
    const first = plan(route);
    const alpha = targets.get('alpha') as NonNullable<ReturnType<typeof targets.get>>;
    alpha.health.record.rateLimitedUntil = now + 5_000;
    const demoted = plan(route);
    for (const result of [first, demoted]) {
      expect(dense(result.ordered)).toBe(true);
      expect(dense(result.skipped)).toBe(true);
      expect(dense(result.ineligible)).toBe(true);
      expect(result.ordered.every((entry) => entry !== undefined)).toBe(true);
    }
    expect(first.ordered.map((entry) => entry.target.id)).toEqual(['alpha', 'beta', 'local']);
    // A target without a model is prepared with its answer once; every plan says the same.
    const gamma = targets.get('gamma') as NonNullable<ReturnType<typeof targets.get>>;
    expect(gamma.noModel?.reason).toBe('no_model');
    expect(alpha.noModel).toBeUndefined();
    expect(first.skipped).toEqual([{ targetId: 'gamma', ...gamma.noModel }]);
    expect(dense(first.ordered) && first.ordered.length).toBe(3);
    expect(demoted.ordered.map((entry) => entry.target.id)).toEqual(['beta', 'alpha', 'local']);
  });

  it("uses the route's one frozen list for both lists when it skips only the targets without a model", () => {
    const { route, targets } = prepared();
    const first = plan(route);
    const second = plan(route, { jurisdiction: 'DE' });
    expect(first.skipped).toBe(route.noModelSkips);
    expect(second.skipped).toBe(first.skipped);
    expect(first.ineligible).toBe(first.skipped);
    expect(Object.isFrozen(first.skipped)).toBe(true);
    // The entry is the target's own prebuilt one, as the record writes it.
    const gamma = targets.get('gamma') as NonNullable<ReturnType<typeof targets.get>>;
    expect(first.skipped?.[0]).toBe(gamma.noModel);
    expect(JSON.stringify(first.skipped)).toBe(
      '[{"targetId":"gamma","reason":"no_model","detail":"no model was given for target gamma in createRouter({ models })"}]',
    );
  });

  it('builds lists of its own when a candidate is denied or skipped for another reason', () => {
    const denied = prepared({
      rules: [{ id: 'no-beta', description: 'd', source: 's', effect: 'deny', targets: { id: ['beta'] } }],
    }).route;
    const withDenial = plan(denied);
    expect(withDenial.skipped).not.toBe(denied.noModelSkips);
    expect(Object.isFrozen(withDenial.skipped)).toBe(false);
    expect(withDenial.skipped).toEqual(denied.noModelSkips);
    expect(withDenial.ineligible?.map((entry) => entry.targetId)).toEqual(['beta', 'gamma']);
    const { route } = prepared();
    const vision = requestNeeds({
      prompt: [
        {
          role: 'user',
          content: [
            { type: 'file', mediaType: 'image/png', data: { type: 'data', data: new Uint8Array(4) } },
          ],
        },
      ],
    });
    const result = planRequest({
      route,
      context: { jurisdiction: 'US' },
      verdicts: route.policy.evaluate({ jurisdiction: 'US' }, now),
      needs: vision,
      now,
      random: () => 0.5,
    });
    expect(result.skipped).not.toBe(route.noModelSkips);
    expect(result.skipped?.map((entry) => entry.reason)).toContain('capability');
    expect(result.skipped?.find((entry) => entry.targetId === 'gamma')).toBe(route.noModelSkips?.[0]);
  });

  it('orders demoted candidates after healthy ones and keeps the last resort last', () => {
    const { route, targets } = prepared();
    (targets.get('alpha') as NonNullable<ReturnType<typeof targets.get>>).health.record.rateLimitedUntil =
      now + 5_000;
    const result = plan(route);
    expect(result.ordered.map((entry) => entry.target.id)).toEqual(['beta', 'alpha', 'local']);
    expect(result.demoted.map((entry) => [entry.entry.target.id, entry.reason])).toEqual([
      ['alpha', 'rate_limited'],
    ]);
  });

  it('leaves a cut-off candidate out until its probe is due, then plans it as a probe without claiming it', () => {
    const { route, targets } = prepared();
    const alpha = targets.get('alpha') as NonNullable<ReturnType<typeof targets.get>>;
    alpha.health.cutOff({
      scope: 'target',
      reason: 'model_not_found',
      failure: { kind: 'cutoff', message: 'gone' },
      since: now - 10_000,
      probeAfterMs: 5_000,
    });
    const result = plan(route);
    expect(result.ordered.map((entry) => entry.target.id)).toEqual(['alpha', 'beta', 'local']);
    expect(result.probes).toEqual([alpha]);
    // Planning twice plans the probe twice: only the request that runs claims it.
    expect(plan(route).probes).toEqual([alpha]);
  });
});
