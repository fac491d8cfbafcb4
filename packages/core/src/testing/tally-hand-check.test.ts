import { describe, expect, it } from 'vitest';
import { tallyHandCheck } from './tally-hand-check.js';

const schemaAccepts = (value: unknown) =>
  typeof value === 'object' && value !== null && typeof (value as { text?: unknown }).text === 'string';

describe('tallyHandCheck', () => {
  it('counts what the hand check accepts and leaves, over every field set to every kind', () => {
    const exact = (value: unknown) => (schemaAccepts(value) ? value : undefined);
    const tally = tallyHandCheck({
      samples: [{ text: 'a', index: 0 }],
      kinds: [undefined, 'b', 1],
      handCheck: exact,
      schemaAccepts,
    });
    // text: removed, 'b', 1 -> accepted once; index: removed, 'b', 1 -> accepted three times.
    expect(tally).toEqual({ accepted: 4, rejected: 2, wronglyAccepted: [] });
  });

  it('returns every copy the hand check accepts but the schema rejects', () => {
    const tally = tallyHandCheck({
      samples: [{ text: 'a' }],
      kinds: [1],
      handCheck: (value) => value,
      schemaAccepts,
    });
    expect(tally.wronglyAccepted).toEqual([{ text: 1 }]);
    expect(tally.accepted).toBe(0);
  });

  it('varies the sample itself for the empty path, and only the paths given', () => {
    const seen: unknown[] = [];
    tallyHandCheck({
      samples: [{ text: 'a', index: 0 }],
      kinds: ['x'],
      paths: () => [[], ['index']],
      handCheck: (value) => {
        seen.push(value);
        return undefined;
      },
      schemaAccepts,
    });
    expect(seen).toEqual(['x', { text: 'a', index: 'x' }]);
  });

  it('hands the schema check what the hand check returned', () => {
    const handChecked: unknown[] = [];
    tallyHandCheck({
      samples: [{ text: 'a' }],
      kinds: ['b'],
      handCheck: () => 'checked',
      schemaAccepts: (_value, checked) => handChecked.push(checked) > 0,
    });
    expect(handChecked).toEqual(['checked']);
  });
});
