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

  it('gives a value only for the text it was stored with, when two texts share a fingerprint', () => {
    const memo = new TextMemo<number>(10_000);
    // The fingerprint samples 64 characters spread over the text: of 1,000, the second is not one of them.
    const first = `a${'x'.repeat(999)}`;
    const second = `${'a'}y${'x'.repeat(998)}`;
    memo.set(first, 1);
    expect(memo.get(second)).toBeUndefined();
    expect(memo.get(first)).toBe(1);
    // The later of the two replaces the earlier.
    memo.set(second, 2);
    expect([memo.get(first), memo.get(second)]).toEqual([undefined, 2]);
    expect(memo.characters).toBe(1000);
  });

  it('finds a text arriving as a new string with the same characters', () => {
    const memo = new TextMemo<number>(10_000);
    const text = 'word '.repeat(300);
    memo.set(text, 7);
    expect(memo.get(JSON.parse(JSON.stringify(text)))).toBe(7);
    expect(memo.get(`${text.slice(0, -1)}!`)).toBeUndefined();
  });
});
