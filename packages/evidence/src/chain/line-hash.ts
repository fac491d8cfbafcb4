import { canonicalJson } from './canonical-json.js';
import { hasDuplicateMemberNames } from './has-duplicate-member-names.js';
import { leafHash } from './tree-hash.js';

/** Strict UTF-8: a byte sequence that is not UTF-8 is an error, not U+FFFD; a byte order mark before the line is dropped, as an editor or Windows tool writes it. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The hash of a record line after re-serialization: the leaf hash of the
 * canonical JSON (RFC 8785) of what the line holds, so a line another tool
 * re-formatted (or saved with a byte order mark) still hashes as written;
 * undefined when it is not I-JSON
 * (RFC 7493, what RFC 8785 canonicalizes): not JSON, not UTF-8 (bytes that
 * decode to U+FFFD would hash as a U+FFFD that was written), or an object
 * naming a member twice (parsers disagree on which value it holds).
 */
export function canonicalLineHash(bytes: Buffer): string | undefined {
  try {
    const text = utf8.decode(bytes);
    const value: unknown = JSON.parse(text);
    if (hasDuplicateMemberNames(text)) return undefined;
    return leafHash(Buffer.from(canonicalJson(value)));
  } catch {
    return undefined;
  }
}
