import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { ContentBlocks } from './content-blocks.js';

const collect = () => {
  const parts: LanguageModelV4StreamPart[] = [];
  return { parts, emit: (part: LanguageModelV4StreamPart) => void parts.push(part) };
};

describe('ContentBlocks', () => {
  it('numbers reasoning blocks, closes reasoning before text, and keeps one text block', () => {
    const { parts, emit } = collect();
    const blocks = new ContentBlocks('txt-0');
    expect(blocks.reasoned).toBe(false);
    blocks.reasoning('a', emit);
    blocks.reasoning('b', emit);
    expect(blocks.reasoned).toBe(true);
    blocks.text('c', emit);
    blocks.reasoning('d', emit);
    blocks.text('e', emit);
    blocks.close(emit);
    blocks.close(emit);
    expect(parts.map((part) => `${part.type} ${'id' in part ? part.id : ''}`)).toEqual([
      'reasoning-start reasoning-0',
      'reasoning-delta reasoning-0',
      'reasoning-delta reasoning-0',
      'reasoning-end reasoning-0',
      'text-start txt-0',
      'text-delta txt-0',
      'reasoning-start reasoning-1',
      'reasoning-delta reasoning-1',
      'reasoning-end reasoning-1',
      'text-delta txt-0',
      'text-end txt-0',
    ]);
  });

  it('closes an open reasoning block on close and reopens text after it', () => {
    const { parts, emit } = collect();
    const blocks = new ContentBlocks('0');
    blocks.reasoning('r', emit);
    blocks.close(emit);
    blocks.text('t', emit);
    blocks.close(emit);
    expect(parts.map((part) => part.type)).toEqual([
      'reasoning-start',
      'reasoning-delta',
      'reasoning-end',
      'text-start',
      'text-delta',
      'text-end',
    ]);
  });
});
