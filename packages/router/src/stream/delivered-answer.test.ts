import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { DeliveredAnswer } from './delivered-answer.js';

function controller() {
  const parts: LanguageModelV4StreamPart[] = [];
  return {
    parts,
    controller: { enqueue: (part: LanguageModelV4StreamPart) => void parts.push(part) } as never,
  };
}

describe('DeliveredAnswer', () => {
  describe('hand', () => {
    it('keeps the text delivered and counts the characters of output', () => {
      const { parts, controller: queue } = controller();
      const answer = new DeliveredAnswer({ continues: true });
      expect(answer.hand(queue, { type: 'text-start', id: 't' })).toBe(0);
      expect(answer.hand(queue, { type: 'text-delta', id: 't', delta: 'Hello' })).toBe(5);
      expect(answer.hand(queue, { type: 'reasoning-delta', id: 'r', delta: 'hm' })).toBe(2);
      expect(answer.text).toBe('Hello');
      expect(answer.openText).toBe('t');
      expect(parts).toHaveLength(3);
    });

    it('holds tool input back until the call is complete, and then the answer is no longer continuable', () => {
      const { parts, controller: queue } = controller();
      const answer = new DeliveredAnswer({ continues: true });
      expect(answer.hand(queue, { type: 'tool-input-start', id: 'c', toolName: 'lookup' })).toBe(0);
      expect(answer.hand(queue, { type: 'tool-input-delta', id: 'c', delta: '{}' })).toBe(0);
      expect(parts).toHaveLength(0);
      expect(
        answer.hand(queue, { type: 'tool-call', toolCallId: 'c', toolName: 'lookup', input: '{}' }),
      ).toBe(2);
      expect(parts.map((part) => part.type)).toEqual(['tool-input-start', 'tool-input-delta', 'tool-call']);
      expect(answer.continuable).toBe(false);
    });

    it('hands tool input on at once when the answer is not to be continued', () => {
      const { parts, controller: queue } = controller();
      const answer = new DeliveredAnswer({ continues: false });
      expect(answer.hand(queue, { type: 'tool-input-delta', id: 'c', delta: '{"a"' })).toBe(4);
      expect(parts).toHaveLength(1);
      expect(answer.text).toBe('');
    });
  });

  describe('interrupt', () => {
    it('ends the open reasoning blocks as they stand and drops held tool input', () => {
      const { parts, controller: queue } = controller();
      const answer = new DeliveredAnswer({ continues: true });
      answer.hand(queue, { type: 'reasoning-start', id: 'r' });
      answer.hand(queue, { type: 'tool-input-start', id: 'c', toolName: 'lookup' });
      answer.interrupt(queue);
      expect(parts.at(-1)).toEqual({
        type: 'reasoning-end',
        id: 'r',
        providerMetadata: { switchyard: { interrupted: true } },
      });
      expect(answer.finish(queue)).toBe(0);
      expect(parts.some((part) => part.type === 'tool-input-start')).toBe(false);
    });
  });
});
