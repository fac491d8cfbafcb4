import fc from 'fast-check';
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

    it('quotes exactly what collapsing the whole prompt would, however long and spaced the prompt', () => {
      const reference = (prompt: string) => {
        const collapsed = prompt.replace(/\s+/g, ' ').trim();
        if (collapsed === '') return 'This is m answering an empty prompt.';
        return `This is m answering: "${collapsed.length > 120 ? `${collapsed.slice(0, 120)}...` : collapsed}".`;
      };
      const spacedText = fc
        .array(
          fc.oneof(fc.constantFrom(' ', '\n', '\t', '   ', ' '.repeat(600)), fc.string({ maxLength: 40 })),
          {
            maxLength: 80,
          },
        )
        .map((parts) => parts.join(''));
      fc.assert(
        fc.property(spacedText, (prompt) => {
          expect(simulatedAnswer({ model: 'm', prompt })).toBe(reference(prompt));
        }),
        { numRuns: 500 },
      );
    });
  });
});
