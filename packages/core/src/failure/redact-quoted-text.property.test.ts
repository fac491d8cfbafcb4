import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redactQuotedText } from './redact-quoted-text.js';

/** Whitespace runs as one space, as the comparison sees text. */
const collapse = (text: string) => text.replace(/\s+/g, ' ');
/** Text of few letters (runs repeat, hashes collide in windows) and whitespace, none of the marker's letters. */
const text = (minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'a', 'b', 'c', ' ', '\n'), minLength, maxLength });

describe('redactQuotedText', () => {
  it('leaves no run of 12 characters or more of a source that the message quoted', () => {
    fc.assert(
      fc.property(
        text(40, 300),
        text(0, 40),
        text(0, 40),
        fc.nat(),
        fc.nat(),
        (source, before, after, startSeed, lengthSeed) => {
          const start = startSeed % (source.length - 20);
          const quoted = source.slice(start, start + 20 + (lengthSeed % 60));
          fc.pre(collapse(quoted).length >= 12);
          const result = redactQuotedText(`${before}${quoted}${after}`, [source]);
          expect(collapse(result)).not.toContain(collapse(quoted));
        },
      ),
    );
  });

  it('keeps every character of a message that quotes no source', () => {
    fc.assert(
      fc.property(text(0, 200), text(0, 200), (drawn, source) => {
        const message = drawn.replace(/a/g, 'b');
        // No 12-character run of the message (of b, c and whitespace) is in a source of a's only.
        expect(redactQuotedText(message, [source.replace(/[^a]/g, 'a')])).toBe(message);
      }),
    );
  });
});
