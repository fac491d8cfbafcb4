import { hash } from 'node:crypto';

// One reused buffer per kind of input: Node's one-shot hash with a string digest is the fastest path.
let leafScratch = Buffer.alloc(64 * 1024);
const nodeScratch = Buffer.alloc(65);

/**
 * The RFC 6962 (9162) leaf hash of an entry, `SHA-256(0x00 || bytes)`, as
 * base64url. A record's hash in the chain is the leaf hash of its canonical
 * JSON (UTF-8, without the newline).
 *
 * @example
 * ```ts
 * leafHash(Buffer.from('{"a":1}')); // 43 base64url characters
 * ```
 */
export function leafHash(bytes: Uint8Array): string {
  if (bytes.length + 1 > leafScratch.length)
    leafScratch = Buffer.alloc(Math.max(bytes.length + 1, leafScratch.length * 2));
  leafScratch[0] = 0x00;
  leafScratch.set(bytes, 1);
  return hash('sha256', leafScratch.subarray(0, bytes.length + 1), 'base64url');
}

/** The RFC 6962 (9162) interior node hash, `SHA-256(0x01 || left || right)`, of two base64url hashes, as base64url. */
export function nodeHash(left: string, right: string): string {
  nodeScratch[0] = 0x01;
  nodeScratch.write(left, 1, 32, 'base64url');
  nodeScratch.write(right, 33, 32, 'base64url');
  return hash('sha256', nodeScratch, 'base64url');
}

/**
 * The RFC 6962 (9162) Merkle Tree Hash of a list of leaf hashes (base64url):
 * the hash of the empty string for none, the leaf itself for one, else the
 * node hash of the trees over the largest power of two smaller than the
 * count and over the rest.
 *
 * @example
 * ```ts
 * merkleRoot([leafHash(a), leafHash(b), leafHash(c)]);
 * ```
 */
export function merkleRoot(leaves: readonly string[]): string {
  if (leaves.length === 0) return hash('sha256', Buffer.alloc(0), 'base64url');
  return subtree(leaves, 0, leaves.length);
}

function subtree(leaves: readonly string[], start: number, end: number): string {
  const count = end - start;
  if (count === 1) return leaves[start] as string;
  let split = 1;
  while (split * 2 < count) split *= 2;
  return nodeHash(subtree(leaves, start, start + split), subtree(leaves, start + split, end));
}
