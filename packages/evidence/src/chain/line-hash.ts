import { canonicalJson } from './canonical-json.js';
import { leafHash } from './tree-hash.js';

/**
 * The hash of a record line after re-serialization: the leaf hash of the
 * canonical JSON (RFC 8785) of what the line holds, so a line another tool
 * re-formatted still hashes as written; undefined when it is not JSON.
 */
export function canonicalLineHash(bytes: Buffer): string | undefined {
  try {
    return leafHash(Buffer.from(canonicalJson(JSON.parse(bytes.toString('utf8')))));
  } catch {
    return undefined;
  }
}
