import { describe, expect, it } from 'vitest';
import { TextMemo } from './text-memo.js';

describe('TextMemo', () => {
  it('keeps values up to its budget of characters, forgetting the oldest texts first', () => {
    const memo = new TextMemo<number>(10);
    expect(memo.set('aaaa', 1)).toBe(1);
    memo.set('bbbb', 2);
    expect(memo.characters).toBe(8);
    // 'cccc' does not fit beside both: only the oldest goes.
    memo.set('cccc', 3);
    expect([memo.get('aaaa'), memo.get('bbbb'), memo.get('cccc')]).toEqual([undefined, 2, 3]);
    expect(memo.characters).toBe(8);
  });

  it('stores nothing for a text longer than the budget, and a text once', () => {
    const memo = new TextMemo<number>(3);
    expect(memo.set('abcd', 4)).toBe(4);
    expect(memo.get('abcd')).toBeUndefined();
    memo.set('ab', 1);
    memo.set('ab', 1);
    expect(memo.characters).toBe(2);
  });
});
