import { describe, expect, it } from 'vitest';
import type { Route } from '../../config/route-schema.js';
import type { TargetInput } from '../../target/target-schema.js';
import { compilePolicy } from '../compile-policy.js';
import type { PolicyInput } from '../policy-schema.js';
import { formatCallers } from './cell-phrases.js';
import { describeSide, diffPolicy } from './diff-policy.js';

const catalog: TargetInput[] = [
  {
    id: 'us-gpt',
    provider: 'openai',
    model: 'gpt-5.4',
    hostedIn: 'US',
    origin: 'US',
    weights: 'closed',
    contextWindow: 1,
    tags: ['frontier'],
  },
  {
    id: 'fr-mistral',
    provider: 'mistral',
    model: 'mistral-large',
    hostedIn: 'FR',
    origin: 'FR',
    weights: 'open',
    contextWindow: 1,
  },
];
const routes: Record<string, Route> = {
  chat: { targets: ['us-gpt'], strategy: 'priority', lastResort: ['fr-mistral'] },
};
const side = (policy: PolicyInput, at?: number) => ({
  policy: compilePolicy({ policy, targets: catalog }),
  routes,
  ...(at === undefined ? {} : { at }),
});
const exportControl: PolicyInput = {
  rules: [
    {
      id: 'cn-frontier',
      description: 'd',
      source: 's',
      effect: 'deny',
      effective: '2026-06-25T00:00:00Z',
      when: { jurisdiction: ['CN'] },
      targets: { tags: ['frontier'] },
    },
  ],
};

describe('diffPolicy', () => {
  it('finds no change between a policy and itself', () => {
    expect(diffPolicy({ before: side(exportControl), after: side(exportControl) }).changes).toEqual([]);
  });

  it('lists the targets a new rule denies, by which rule, for which callers and from when', () => {
    const diff = diffPolicy({ before: side({}), after: side(exportControl) });
    expect(
      diff.changes.map((change) => ({
        target: change.targetId,
        change: `${describeSide(change.before)} -> ${describeSide(change.after)}`,
        where: change.where.map((where) => [
          formatCallers(where.callers),
          where.dataClasses.length,
          where.from,
        ]),
      })),
    ).toEqual([
      {
        target: 'us-gpt',
        change: 'allowed (default) -> DENIED by cn-frontier',
        where: [
          ['CN callers', 5, Date.parse('2026-06-25T00:00:00Z')],
          ['callers with no or an unknown jurisdiction', 5, Date.parse('2026-06-25T00:00:00Z')],
        ],
      },
    ]);
  });

  it('compares one policy at two instants', () => {
    const diff = diffPolicy({
      before: side(exportControl, Date.parse('2026-06-24T00:00:00Z')),
      after: side(exportControl, Date.parse('2026-06-26T00:00:00Z')),
    });
    expect(diff.atInstants).toBe(true);
    expect(diff.changes.map((change) => change.targetId)).toEqual(['us-gpt']);
    expect(diff.changes[0]?.where.map((where) => where.callers.codes)).toEqual([['CN'], []]);
  });

  it('reports a target that stops being a candidate of a route', () => {
    const diff = diffPolicy({
      before: side({}),
      after: {
        ...side({}),
        routes: { chat: { targets: ['fr-mistral'], strategy: 'priority', lastResort: [] } },
      },
    });
    expect(
      diff.changes.map(
        (change) => `${change.targetId}: ${describeSide(change.before)} -> ${describeSide(change.after)}`,
      ),
    ).toEqual(['us-gpt: allowed (default) -> not a candidate']);
  });
});
