import { ConfigError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { fixtureScenario } from '../testing/fixture-scenario.js';
import { parseScenario } from './parse-scenario.js';
import type { ScenarioInput } from './scenario-schema.js';

/** The problems of the fixture with these assertions, as `path: message; expected ...`. */
function problems(assertions: ScenarioInput['assertions']): string[] {
  const text = JSON.stringify(fixtureScenario({ assertions }), null, 2);
  try {
    parseScenario({ text, file: 'drill.json' });
  } catch (error) {
    if (ConfigError.isInstance(error)) return error.issues.map((issue) => `${issue.path}: ${issue.message}`);
    throw error;
  }
  return [];
}

describe('percentileFractionProblems', () => {
  it('refuses a latency percentile written as a fraction, naming the percentile meant', () => {
    expect(problems([{ type: 'latency', metric: 'latency', percentile: 0.99, maxMs: 2000 }])).toEqual([
      'assertions[0].percentile: percentile 0.99 reads as p0.99 (the value only 0.99 % stay under: about the fastest), not p99: a percentile is written from 0 to 100, not as a fraction; expected 99 for p99',
    ]);
    expect(problems([{ type: 'latency', metric: 'latency', percentile: 0.5, maxMs: 2000 }])[0]).toContain(
      'expected 50 for p50',
    );
  });

  it('accepts percentiles from 1 to 100, and 0', () => {
    for (const percentile of [0, 1, 50, 99, 99.9, 100])
      expect(problems([{ type: 'latency', metric: 'latency', percentile, maxMs: 2000 }])).toEqual([]);
  });
});
