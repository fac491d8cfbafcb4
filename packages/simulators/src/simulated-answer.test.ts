import { describe, expect, it } from 'vitest';
import { simulatedAnswer } from './simulated-answer.js';

describe('simulatedAnswer', () => {
  describe('simulatedAnswer()', () => {
    it('quotes the prompt with the model name, whitespace collapsed', () => {
      expect(simulatedAnswer({ model: 'gpt-4o', prompt: '  Hi\n there ' })).toBe(
        'This is gpt-4o answering: "Hi there".',
      );
    });

    it('is deterministic and differs by model', () => {
      const first = simulatedAnswer({ model: 'a', prompt: 'x' });
      expect(simulatedAnswer({ model: 'a', prompt: 'x' })).toBe(first);
      expect(simulatedAnswer({ model: 'b', prompt: 'x' })).not.toBe(first);
    });

    it('cuts long prompts at 120 characters and names empty ones', () => {
      expect(simulatedAnswer({ model: 'm', prompt: 'y'.repeat(500) })).toBe(
        `This is m answering: "${'y'.repeat(120)}...".`,
      );
      expect(simulatedAnswer({ model: 'm', prompt: ' ' })).toBe('This is m answering an empty prompt.');
    });
  });
});
