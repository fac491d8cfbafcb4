import { describe, expect, it } from 'vitest';
import { fieldPaths, withField } from './field-paths.js';

describe('fieldPaths', () => {
  it('lists every field of objects and arrays, parents before children', () => {
    expect(fieldPaths({ type: 'x', delta: { text: 'a' }, choices: [{ index: 0 }] })).toEqual([
      ['type'],
      ['delta'],
      ['delta', 'text'],
      ['choices'],
      ['choices', 0],
      ['choices', 0, 'index'],
    ]);
    expect(fieldPaths('text')).toEqual([]);
    expect(fieldPaths(null)).toEqual([]);
  });
});

describe('withField', () => {
  it('sets or removes a nested field in a copy, leaving the original as it was', () => {
    const sample = { delta: { text: 'a' }, choices: [{ index: 0 }] };
    expect(withField(sample, ['delta', 'text'], 1)).toEqual({ delta: { text: 1 }, choices: [{ index: 0 }] });
    expect(withField(sample, ['choices', 0, 'index'], undefined)).toEqual({
      delta: { text: 'a' },
      choices: [{}],
    });
    expect(sample).toEqual({ delta: { text: 'a' }, choices: [{ index: 0 }] });
  });
});
