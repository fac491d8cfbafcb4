import { describe, expect, it } from 'vitest';
import { isAdjacentSwap } from './adjacent-swap.js';

describe('isAdjacentSwap', () => {
  it('is true for two neighbouring characters written in the other order', () => {
    expect(isAdjacentSwap('gtp', 'gpt')).toBe(true);
    expect(isAdjacentSwap('cluade', 'claude')).toBe(true);
    expect(isAdjacentSwap('ab', 'ba')).toBe(true);
  });

  it('is false for equal names, other lengths, distant swaps and two swaps', () => {
    expect(isAdjacentSwap('gpt', 'gpt')).toBe(false);
    expect(isAdjacentSwap('gpt', 'gpt4')).toBe(false);
    expect(isAdjacentSwap('tpg', 'gpt')).toBe(false);
    expect(isAdjacentSwap('badc', 'abcd')).toBe(false);
  });
});
