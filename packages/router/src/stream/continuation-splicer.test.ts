import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { ContinuationSplicer } from './continuation-splicer.js';

function splice(
  splicer: ContinuationSplicer,
  parts: LanguageModelV4StreamPart[],
): LanguageModelV4StreamPart[] {
  const out: LanguageModelV4StreamPart[] = [];
  for (const part of parts) splicer.map(part, (spliced) => out.push(spliced));
  splicer.end((spliced) => out.push(spliced));
  return out;
}

describe('ContinuationSplicer', () => {
  describe('map', () => {
    it('continues the open text block, drops the repeat and its own stream-start', () => {
      const splicer = new ContinuationSplicer({
        delivered: 'The quick brown fox',
        rule: 'explicit',
        openTextId: 'txt-0',
        index: 1,
      });
      expect(
        splice(splicer, [
          { type: 'stream-start', warnings: [] },
          { type: 'response-metadata', id: 'r2' },
          { type: 'text-start', id: '0' },
          { type: 'text-delta', id: '0', delta: 'brown fox' },
          { type: 'text-delta', id: '0', delta: ' jumps' },
          { type: 'text-end', id: '0' },
          { type: 'text-start', id: '1' },
          { type: 'text-delta', id: '1', delta: 'P.S.' },
          { type: 'text-end', id: '1' },
        ]),
      ).toEqual([
        { type: 'response-metadata', id: 'r2' },
        { type: 'text-delta', id: 'txt-0', delta: ' jumps' },
        { type: 'text-end', id: 'txt-0' },
        { type: 'text-start', id: '1~1' },
        { type: 'text-delta', id: '1~1', delta: 'P.S.' },
        { type: 'text-end', id: '1~1' },
      ]);
      expect(splicer.overlapChars).toBe('brown fox'.length);
    });

    it('gives reasoning blocks ids of their own and starts a new text block when none was open', () => {
      const splicer = new ContinuationSplicer({
        delivered: '',
        rule: 'prefill',
        openTextId: undefined,
        index: 2,
      });
      expect(
        splice(splicer, [
          { type: 'reasoning-start', id: '0' },
          { type: 'reasoning-end', id: '0' },
          { type: 'text-start', id: '0' },
          { type: 'text-delta', id: '0', delta: 'Hi' },
        ]),
      ).toEqual([
        { type: 'reasoning-start', id: '0~2' },
        { type: 'reasoning-end', id: '0~2' },
        { type: 'text-start', id: '0~2' },
        { type: 'text-delta', id: '0~2', delta: 'Hi' },
      ]);
    });
  });

  describe('end', () => {
    it('hands on text held back as a possible repeat when the continuation finishes', () => {
      const splicer = new ContinuationSplicer({
        delivered: 'The quick brown fox',
        rule: 'explicit',
        openTextId: 't',
        index: 1,
      });
      expect(
        splice(splicer, [
          { type: 'text-start', id: '0' },
          { type: 'text-delta', id: '0', delta: 'The qu' },
        ]),
      ).toEqual([{ type: 'text-delta', id: 't', delta: 'The qu' }]);
    });
  });
});
