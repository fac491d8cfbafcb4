import type { Token, Tokenizer } from 'node-llama-cpp';
import { describe, expect, it, vi } from 'vitest';
import { memoizedTokenizer } from './memoized-tokenizer.js';

/** A stand-in tokenizer: one token per character (its code), a marker token for special-token parsing. */
function fakeTokenizer() {
  const tokenize = vi.fn((text: string, specialTokens?: boolean | 'builtin', options?: string) => [
    ...(specialTokens === true ? [1_000_000] : []),
    ...(options === 'trimLeadingSpace' ? [2_000_000] : []),
    ...[...text].map((char) => char.codePointAt(0) as Token),
  ]);
  const tokenizer = Object.assign(tokenize, {
    detokenize: vi.fn(() => 'text'),
    isSpecialToken: vi.fn(() => false),
    isEogToken: vi.fn(() => false),
  }) as unknown as Tokenizer;
  return { tokenizer, tokenize };
}

const long = (char: string) => char.repeat(300);

describe('memoizedTokenizer', () => {
  it('tokenizes a long text once and gives the same tokens again, in a fresh array', () => {
    const { tokenizer, tokenize } = fakeTokenizer();
    const memo = memoizedTokenizer(tokenizer);
    const first = memo(long('a'));
    first.push(7 as Token);
    const second = memo(long('a'));
    expect(second).toEqual(Array.from({ length: 300 }, () => 97));
    expect(second).not.toBe(first);
    expect(second).toHaveLength(300);
    expect(tokenize).toHaveBeenCalledTimes(1);
  });

  it('keeps special-token parsing and leading-space trimming apart', () => {
    const { tokenizer, tokenize } = fakeTokenizer();
    const memo = memoizedTokenizer(tokenizer);
    const plain = memo(long('a'));
    const special = memo(long('a'), true);
    const trimmed = memo(long('a'), false, 'trimLeadingSpace');
    expect(special[0]).toBe(1_000_000);
    expect(trimmed[0]).toBe(2_000_000);
    expect(plain[0]).toBe(97);
    expect(tokenize).toHaveBeenCalledTimes(3);
    expect(memo(long('a'), true)).toEqual(special);
    expect(tokenize).toHaveBeenCalledTimes(3);
  });

  it('passes builtin tokens straight through', () => {
    const { tokenizer, tokenize } = fakeTokenizer();
    const memo = memoizedTokenizer(tokenizer);
    const builtin = memo as (text: string, special: 'builtin') => Token[];
    builtin('BOS', 'builtin');
    builtin('BOS', 'builtin');
    expect(tokenize).toHaveBeenCalledTimes(2);
    expect(tokenize).toHaveBeenLastCalledWith('BOS', 'builtin', undefined);
  });

  it('remembers short texts (the pieces of a chat template) apart from long ones, each in a fresh array', () => {
    const { tokenizer, tokenize } = fakeTokenizer();
    const memo = memoizedTokenizer(tokenizer, { maxEntries: 1, maxShortEntries: 2 });
    const first = memo('[INST] ', true, 'trimLeadingSpace');
    first.push(7 as Token);
    // Long texts come and go without pushing the short ones out.
    memo(long('a'));
    memo(long('b'));
    const again = memo('[INST] ', true, 'trimLeadingSpace');
    expect(again).toEqual([1_000_000, 2_000_000, ...[...'[INST] '].map((char) => char.codePointAt(0))]);
    expect(again).not.toBe(first);
    expect(memo('[INST] ', false)).not.toEqual(again);
    expect(tokenize).toHaveBeenCalledTimes(4);
    memo(' [/INST] ');
    memo('[INST] ', true, 'trimLeadingSpace');
    expect(tokenize).toHaveBeenCalledTimes(6);
  });

  it('remembers at most maxEntries texts, dropping the least recently used', () => {
    const { tokenizer, tokenize } = fakeTokenizer();
    const memo = memoizedTokenizer(tokenizer, { maxEntries: 2 });
    memo(long('a'));
    memo(long('b'));
    memo(long('a'));
    memo(long('c'));
    expect(tokenize).toHaveBeenCalledTimes(3);
    memo(long('a'));
    expect(tokenize).toHaveBeenCalledTimes(3);
    memo(long('b'));
    expect(tokenize).toHaveBeenCalledTimes(4);
  });

  it('remembers the many prompts of a drill by default: each long text is tokenized once', () => {
    const { tokenizer, tokenize } = fakeTokenizer();
    const memo = memoizedTokenizer(tokenizer);
    const prompts = Array.from({ length: 200 }, (_, index) => `${long('p')} ${index}`);
    for (const prompt of prompts) memo(prompt);
    for (const prompt of prompts) expect(memo(prompt)).toEqual(tokenize(prompt));
    expect(tokenize).toHaveBeenCalledTimes(2 * prompts.length);
  });

  it('remembers at most maxTokens tokens of long texts, dropping the least recently used', () => {
    const { tokenizer, tokenize } = fakeTokenizer();
    // Room for two texts of 300 tokens, not three.
    const memo = memoizedTokenizer(tokenizer, { maxTokens: 899 });
    memo(long('a'));
    memo(long('b'));
    memo(long('a'));
    memo(long('c'));
    expect(tokenize).toHaveBeenCalledTimes(3);
    expect(memo(long('a'))).toEqual(Array.from({ length: 300 }, () => 97));
    expect(tokenize).toHaveBeenCalledTimes(3);
    memo(long('b'));
    expect(tokenize).toHaveBeenCalledTimes(4);
    // A text longer than the whole budget is tokenized every time, and pushes nothing out.
    const tooLong = memoizedTokenizer(tokenizer, { maxTokens: 299 });
    tooLong(long('d'));
    tooLong(long('d'));
    expect(tokenize).toHaveBeenCalledTimes(6);
  });

  it('keeps the detokenizer and the token predicates of the tokenizer', () => {
    const { tokenizer } = fakeTokenizer();
    const memo = memoizedTokenizer(tokenizer);
    expect(memo.detokenize).toBe(tokenizer.detokenize);
    expect(memo.isSpecialToken).toBe(tokenizer.isSpecialToken);
    expect(memo.isEogToken).toBe(tokenizer.isEogToken);
  });
});
