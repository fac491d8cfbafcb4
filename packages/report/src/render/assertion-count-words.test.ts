import { describe, expect, it } from 'vitest';
import { assertionCountWords } from './assertion-count-words.js';

describe('assertionCountWords', () => {
  it('says one assertion in the singular, and several in the plural', () => {
    expect(assertionCountWords(1, 0)).toBe('the 1 assertion holds');
    expect(assertionCountWords(8, 0)).toBe('all 8 assertions hold');
    expect(assertionCountWords(1, 1)).toBe('1 of 1 assertion does not hold');
    expect(assertionCountWords(8, 1)).toBe('1 of 8 assertions does not hold');
    expect(assertionCountWords(8, 3)).toBe('3 of 8 assertions do not hold');
  });
});
