import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isScalar, parseDocument, Scalar } from 'yaml';
import { yamlOptions } from './read-exact-document.js';
import { coreScalarResolver, resolveCoreScalar } from './resolve-core-scalar.js';

/** The value the `yaml` library's composer gives a one-line plain scalar, if `text` is one. */
function composed(text: string): { value: unknown } | undefined {
  const document = parseDocument(text, yamlOptions);
  const node = document.contents;
  if (document.errors.length > 0 || !isScalar(node) || node.type !== Scalar.PLAIN || node.source !== text) {
    return undefined;
  }
  return { value: node.value };
}

const words = fc.oneof(
  fc.constantFrom(...['~', 'null', 'Null', 'NULL', 'nUll', 'true', 'True', 'TRUE', 'tRue', 'false', 'FALSE']),
  fc.constantFrom(
    ...['0o17', '0o8', '0x1F', '0xg', '+12', '-0', '1_000', '1e3', '.5', '1.', '.inf', '-.Inf'],
  ),
  fc.constantFrom(...['.nan', '.NaN', 'nan', 'yes', 'no', 'on', 'off', '2026-06-25', 'tools', 'frontier']),
  fc.string({
    unit: fc.constantFrom(...'0123456789+-.eExXoOabcdfinlrstuTFN~_ '),
    minLength: 1,
    maxLength: 8,
  }),
);

describe('resolveCoreScalar', () => {
  it('gives every plain scalar the value the yaml library composes for it', () => {
    let checked = 0;
    fc.assert(
      fc.property(words, (text) => {
        const expected = composed(text);
        if (!expected) return;
        checked++;
        const resolve = coreScalarResolver();
        for (const resolved of [resolveCoreScalar(text, false), resolve(text, false), resolve(text, false)]) {
          expect(Object.is(resolved?.value, expected.value), `${text}: ${String(resolved?.value)}`).toBe(
            true,
          );
        }
      }),
      { numRuns: 2000, seed: 20_260_625 },
    );
    expect(checked).toBeGreaterThan(1000);
  });

  it('keeps dates and YAML 1.1 words as text', () => {
    for (const text of ['2026-06-25', '2026-06-25T00:00:00Z', 'yes', 'No', 'on', '1_000', '0b101', '12:30']) {
      expect(resolveCoreScalar(text, false)).toEqual({ value: text });
    }
    expect(resolveCoreScalar('0x1F', false)).toEqual({ value: 31 });
    expect(resolveCoreScalar('~', true)).toEqual({ value: null });
  });
});
