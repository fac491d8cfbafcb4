import canonicalize from 'canonicalize';

/**
 * The RFC 8785 (JSON Canonicalization Scheme) form of a JSON value: keys
 * sorted by UTF-16 code units, no whitespace, numbers and strings as
 * ECMAScript serializes them. Two equal values give the same text, whatever
 * tool wrote them, so a hash over it survives re-serialization.
 *
 * @throws {TypeError} for a value with no JSON form (NaN, Infinity, a lone surrogate, a cycle, `undefined`).
 * @example
 * ```ts
 * canonicalJson({ b: 1, a: [true, null] }); // '{"a":[true,null],"b":1}'
 * ```
 */
export function canonicalJson(value: unknown): string {
  let text: string | undefined;
  try {
    text = canonicalize(value);
  } catch (error) {
    throw new TypeError(`not canonicalizable JSON: ${(error as Error).message}`, { cause: error });
  }
  if (text === undefined) throw new TypeError('not canonicalizable JSON: the value has no JSON form');
  return text;
}
