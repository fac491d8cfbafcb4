import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { invalidJsonMessage, jsonSyntaxError } from './invalid-json.js';

describe('jsonSyntaxError', () => {
  it.each([
    ['{"a" 1}', 5, 'a ":" after the property name'],
    ['{"a":1}x', 7, 'nothing after the value'],
    ['', 0, 'a value (an object, a list, text in double quotes, a number, true, false or null)'],
    ['{"a":[1,2', 9, 'a "," or "]" after a list item'],
    ['{"a":tru}', 8, 'true'],
    ['{"a":"x\\q"}', 7, 'an escape: \\" \\\\ \\/ \\b \\f \\n \\r \\t or \\u and four hex digits'],
    ['{"a":01}', 6, 'a "," or "}" after a property value'],
    ['{"a":1,}', 7, 'a property name in double quotes'],
    ['{,}', 1, 'a property name in double quotes, or "}"'],
    ['1.e5', 2, 'a digit after the decimal point'],
    ['{"a":"\u0001"}', 6, 'a control character only as an escape (\\n, \\t, \\u0000)'],
  ])('finds where %j stops being JSON', (text, offset, expected) => {
    expect(jsonSyntaxError(text)).toEqual({ offset, expected });
  });

  it('scans a deeply nested line without a stack overflow', () => {
    expect(jsonSyntaxError('['.repeat(200_000))?.offset).toBe(200_000);
  });

  it('agrees with JSON.parse on which texts are JSON', () => {
    const nearJson = fc.oneof(
      fc.json(),
      fc
        .json()
        .chain((json) =>
          fc
            .tuple(fc.nat({ max: json.length }), fc.string({ maxLength: 2 }))
            .map(([at, inserted]) => json.slice(0, at) + inserted + json.slice(at + 1)),
        ),
    );
    fc.assert(
      fc.property(nearJson, (text) => {
        let parses = true;
        try {
          JSON.parse(text);
        } catch {
          parses = false;
        }
        expect(jsonSyntaxError(text) === undefined).toBe(parses);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('invalidJsonMessage', () => {
  it('names the column and what was found, without any of the text', () => {
    const message = invalidJsonMessage({ text: '{"prompt": "hunter2-SECRET" oops}' });
    expect(message).toBe(
      'invalid JSON at column 29: expected a "," or "}" after a property value, found a letter',
    );
  });

  it('names the line and column of text of several lines, and the end in the given words', () => {
    expect(invalidJsonMessage({ text: '{"a":\n1,\n "b" 2}' })).toBe(
      'invalid JSON at line 3, column 6: expected a ":" after the property name, found a digit',
    );
    expect(invalidJsonMessage({ text: '[1,\n', end: 'the end of the file' })).toBe(
      'invalid JSON at line 2, column 1: expected a value (an object, a list, text in double quotes, a number, true, false or null), found the end of the file',
    );
  });

  it('counts columns in characters, not UTF-16 units', () => {
    expect(invalidJsonMessage({ text: '["😀é" x]' })).toMatch(/^invalid JSON at column 7:/);
  });
});
