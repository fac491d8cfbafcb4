import { describe, expect, it } from 'vitest';
import type { Route } from '../../config/route-schema.js';
import { countryCodes } from '../../jurisdiction/country-codes.js';
import type { TargetInput } from '../../target/target-schema.js';
import { compilePolicy } from '../compile-policy.js';
import type { PolicyInput } from '../policy-schema.js';
import { formatDeadEnd, policyCoverage } from './policy-coverage.js';

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
  frontier: { targets: ['us-gpt'], strategy: 'priority', lastResort: [] },
};

function coverage(policy: PolicyInput, callers?: { jurisdictions: string[] }) {
  const compiled = compilePolicy({
    policy,
    targets: catalog,
    groups: { ASIA: ['KP', 'CN'] },
    ...(callers ? { callers } : {}),
  });
  return policyCoverage({ policy: compiled, routes });
}

describe('policyCoverage', () => {
  it('has no dead end when every route keeps an allowed target for everyone', () => {
    const map = coverage({});
    expect(map.deadEnds).toEqual([]);
    // Every ISO 3166-1 code, the two built-in groups, the user group, and no jurisdiction.
    expect(map.jurisdictionCount).toBe(countryCodes.size + 3 + 1);
    expect(map.cells.every((cell) => cell.allowed.length > 0)).toBe(true);
  });

  it('finds the dead ends of a route for the callers, data classes and time a deny cuts off', () => {
    const map = coverage({
      rules: [
        {
          id: 'kp-frontier',
          description: 'd',
          source: 's',
          effect: 'deny',
          effective: '2026-06-25T00:00:00Z',
          when: { jurisdiction: ['KP'], dataClass: ['regulated'] },
          targets: { tags: ['frontier'] },
        },
      ],
    });
    const sentences = map.deadEnds.map((deadEnd) => formatDeadEnd(deadEnd, map.dataClasses));
    expect(sentences).toEqual([
      // A request with no data class could be regulated: the deny applies to it too (fail closed).
      'route frontier has no allowed target for KP callers with regulated data or with no data class from 2026-06-25T00:00Z',
      'route frontier has no allowed target for callers given as the group ASIA with regulated data or with no data class from 2026-06-25T00:00Z',
      'route frontier has no allowed target for callers with no or an unknown jurisdiction with regulated data or with no data class from 2026-06-25T00:00Z',
    ]);
    expect(map.segments.map((segment) => [segment.from, segment.until])).toEqual([
      [Number.NEGATIVE_INFINITY, Date.parse('2026-06-25T00:00:00Z')],
      [Date.parse('2026-06-25T00:00:00Z'), Number.POSITIVE_INFINITY],
    ]);
  });

  it('groups countries the policy treats alike, and marks dead ends of served jurisdictions', () => {
    const map = coverage(
      {
        rules: [
          {
            id: 'no-gpt',
            description: 'd',
            source: 's',
            effect: 'deny',
            when: { notJurisdiction: ['US'] },
            targets: { tags: ['frontier'] },
          },
        ],
      },
      { jurisdictions: ['US', 'DE'] },
    );
    const countries = map.deadEnds.filter((deadEnd) => deadEnd.callers.kind === 'countries');
    expect(countries).toHaveLength(1);
    expect(countries[0]?.callers.codes).toContain('DE');
    expect(countries[0]?.callers.codes).not.toContain('US');
    expect(countries[0]).toMatchObject({ route: 'frontier', served: true, from: Number.NEGATIVE_INFINITY });
    expect(formatDeadEnd(countries[0] as never, map.dataClasses)).toMatch(
      /^route frontier has no allowed target for AD, AE, .* and \d+ more callers at any time$/,
    );
  });
});
