import fc from 'fast-check';

/**
 * Characters real answers carry that a wire reader can get wrong: JSON escapes
 * (quotes, backslashes, control characters), line and paragraph separators,
 * multi-byte UTF-8 (two, three and four bytes: a chunk boundary may fall
 * inside any of them), a zero-width joiner sequence, and what looks like SSE
 * or NDJSON framing inside a string.
 */
const tricky = [
  '"',
  '\\',
  '\n',
  '\r\n',
  '\t',
  '\u0000',
  '\u001f',
  '\u2028',
  '\u2029',
  'é',
  'ß',
  '中',
  '€',
  '😀',
  '👩‍💻',
  '\ufeff',
  'data: ',
  '\n\n',
  'event: ping',
  '[DONE]',
  '{"',
  '}',
  '\\u00e9',
];

/** Text as a model writes it: plain words and the tricky characters above. */
export const wireText = (maxLength = 24): fc.Arbitrary<string> =>
  fc.string({
    unit: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom('a', 'b', ' ', 'Hi', 'route', '.', ',') },
      { weight: 3, arbitrary: fc.constantFrom(...tricky) },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
    ),
    maxLength,
  });

/** A JSON object a tool call could take as input: nested, with tricky keys and values. */
export const toolInput: fc.Arbitrary<Record<string, unknown>> = fc.dictionary(
  fc.oneof(fc.constantFrom('query', 'city', 'n', 'units'), wireText(6)),
  fc.oneof(
    wireText(12),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.oneof(wireText(6), fc.integer()), { maxLength: 3 }),
    fc.dictionary(wireText(4), wireText(6), { maxKeys: 2 }),
  ),
  { maxKeys: 4 },
);

/**
 * `text` cut into fragments at the given positions (taken modulo its length,
 * moved off the middle of a surrogate pair: a provider's fragments are whole
 * strings), empty fragments included where two cuts meet. Joined, the
 * fragments are `text` again.
 */
export function splitText(text: string, cuts: readonly number[]): string[] {
  if (text.length === 0) return cuts.length > 0 ? ['', ...cuts.map(() => '')] : [''];
  const positions = cuts
    .map((cut) => {
      let position = cut % (text.length + 1);
      const code = text.charCodeAt(position);
      if (position > 0 && code >= 0xdc00 && code <= 0xdfff) position--;
      return position;
    })
    .sort((a, b) => a - b);
  const fragments: string[] = [];
  let start = 0;
  for (const position of positions) {
    fragments.push(text.slice(start, position));
    start = position;
  }
  fragments.push(text.slice(start));
  return fragments;
}

/** Cut positions for {@link splitText}. */
export const cuts = (maxCuts = 6): fc.Arbitrary<number[]> => fc.array(fc.nat(), { maxLength: maxCuts });
