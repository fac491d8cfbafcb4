import { describe, expect, it } from 'vitest';
import { minOverlapChars, type OverlapRule, OverlapTrimmer } from './overlap-trimmer.js';

/** Feeds `pieces` to a trimmer and returns what it handed on. */
function trim(delivered: string, rule: OverlapRule, pieces: string[]): { text: string; overlap: number } {
  const trimmer = new OverlapTrimmer({ delivered, rule });
  let text = '';
  for (const piece of pieces) text += trimmer.push(piece);
  text += trimmer.flush();
  return { text, overlap: trimmer.overlapChars };
}

const delivered = 'The quick brown fox jumps over';

describe('OverlapTrimmer', () => {
  describe('push', () => {
    it('passes an exact continuation through at once', () => {
      const trimmer = new OverlapTrimmer({ delivered, rule: 'prefill' });
      expect(trimmer.push(' the lazy')).toBe(' the lazy');
      expect(trimmer.holding).toBe(false);
    });

    it('drops a restart of the whole answer, split anywhere', () => {
      for (const rule of ['prefill', 'explicit'] as const) {
        expect(trim(delivered, rule, ['The qu', 'ick brown fox ju', 'mps over the lazy dog'])).toEqual({
          text: ' the lazy dog',
          overlap: delivered.length,
        });
      }
    });

    it('drops a restart that ends mid-word, as a cut stream does', () => {
      expect(trim('The quick brown fox ju', 'prefill', ['The quick brown fox jumps over']).text).toBe(
        'mps over',
      );
    });

    it('drops an explicit continuation that echoes its last words first', () => {
      expect(trim(delivered, 'explicit', ['jumps over', ' the lazy dog'])).toEqual({
        text: ' the lazy dog',
        overlap: 'jumps over'.length,
      });
      expect(trim(delivered, 'explicit', [' jumps', ' over the'])).toEqual({ text: ' the', overlap: 11 });
    });

    it('keeps a one-word echo: it may be the rest of a word the cut split', () => {
      expect(trim('aaaaa s', 'explicit', ['s a']).text).toBe('s a');
    });

    it('keeps a short echo after a prefill: "very very" is text', () => {
      expect(trim('it is very', 'prefill', [' very good']).text).toBe(' very good');
      expect(trim(`${'x'.repeat(20)} is so very very`, 'prefill', ['so very very good']).text).toBe(
        'so very very good',
      );
    });

    it(`keeps a restart shorter than ${minOverlapChars} characters: it cannot be told from a continuation`, () => {
      expect(trim('a', 'prefill', ['a b a']).text).toBe('a b a');
    });

    it('does not double the whitespace the delivered text ends with', () => {
      expect(trim('The quick brown fox ', 'explicit', ['The quick brown fox', ' ', 'jumps'])).toEqual({
        text: 'jumps',
        overlap: 20,
      });
    });

    it('holds back only while the continuation could still be a repeat', () => {
      const trimmer = new OverlapTrimmer({ delivered, rule: 'explicit' });
      expect(trimmer.push('The quick')).toBe('');
      expect(trimmer.holding).toBe(true);
      expect(trimmer.push(' brown cat')).toBe('The quick brown cat');
      expect(trimmer.holding).toBe(false);
      expect(trimmer.overlapChars).toBe(0);
    });
  });

  describe('flush', () => {
    it('hands on what is held when the continuation ends', () => {
      const trimmer = new OverlapTrimmer({ delivered, rule: 'explicit' });
      expect(trimmer.push('The qu')).toBe('');
      expect(trimmer.flush()).toBe('The qu');
    });

    it('drops a continuation that is exactly the repeat', () => {
      expect(trim(delivered, 'prefill', [delivered])).toEqual({ text: '', overlap: delivered.length });
    });
  });
});
