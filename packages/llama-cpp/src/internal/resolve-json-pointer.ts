import type { JSONSchema7Definition } from '@ai-sdk/provider';

/**
 * The JSON pointer of a reference into the same document (`#`, `#/$defs/a`, percent-decoded);
 * `undefined` for any other reference (another document, an `$id`, a malformed escape).
 *
 * @example
 * ```ts
 * localPointer('#/$defs/a%20b'); // '/$defs/a b'
 * ```
 */
export function localPointer(ref: string): string | undefined {
  if (!ref.startsWith('#')) return undefined;
  try {
    return decodeURIComponent(ref.slice(1));
  } catch {
    return undefined;
  }
}

/**
 * The schema a JSON pointer (RFC 6901: `~1` is `/`, `~0` is `~`) names in a root schema;
 * `undefined` when nothing is there or what is there is not a schema.
 *
 * @example
 * ```ts
 * resolveJsonPointer({ $defs: { a: { type: 'string' } } }, '/$defs/a'); // { type: 'string' }
 * ```
 */
export function resolveJsonPointer(
  root: JSONSchema7Definition,
  pointer: string,
): JSONSchema7Definition | undefined {
  if (pointer === '') return root;
  if (!pointer.startsWith('/')) return undefined;
  let node: unknown = root;
  for (const token of pointer.slice(1).split('/')) {
    const key = token.replaceAll('~1', '/').replaceAll('~0', '~');
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node === 'boolean' || (node !== null && typeof node === 'object' && !Array.isArray(node))
    ? (node as JSONSchema7Definition)
    : undefined;
}
