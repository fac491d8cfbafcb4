import { ConfigError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { fixtureScenario } from '../testing/fixture-scenario.js';
import { validateScenario } from './parse-scenario.js';

/** Every path of a value, root excluded. */
function pathsOf(value: unknown, path: (string | number)[] = [], out: (string | number)[][] = []) {
  if (path.length > 0) out.push(path);
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) pathsOf(item, [...path, index], out);
  } else if (value !== null && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) pathsOf(item, [...path, key], out);
  return out;
}

function withValue(root: unknown, path: readonly (string | number)[], value: unknown): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let current = copy;
  for (const key of path.slice(0, -1)) current = current[key] as Record<string | number, unknown>;
  current[path[path.length - 1] as string | number] = value;
  return copy;
}

/** Zod's own phrasing ("Too small: expected number to be >0", "expected record", "received ..."). */
const zodWords =
  /Too (small|big)|^Invalid|Invalid (input|string|key)|received|expected (int|number|string|boolean|object|array|record)\b|[<>]=?\d|Infinity|NaN/;

describe('scenario messages', () => {
  it('never pass on zod’s own words, whatever wrong value any field of a scenario gets', () => {
    const scenario = fixtureScenario();
    const wrong = [
      -1,
      0,
      0.5,
      1e300,
      2 ** 60,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
    ];
    wrong.push(...(['', 'x', [], [1], {}, true, null] as never[]));
    let checked = 0;
    for (const path of pathsOf(scenario)) {
      for (const value of wrong) {
        try {
          validateScenario(withValue(scenario, path, value) as never, { file: 'drill.yaml' });
        } catch (error) {
          if (!ConfigError.isInstance(error)) throw error;
          for (const issue of error.issues) {
            checked++;
            expect(`${issue.path}: ${issue.message}`, `${path.join('.')} = ${String(value)}`).not.toMatch(
              zodWords,
            );
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});
