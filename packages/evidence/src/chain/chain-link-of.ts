import type { ChainLink } from '@switchyard/core';

const marker = Buffer.from('"chain":{');

function validLink(value: unknown): ChainLink | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { seq, prev } = value as { seq?: unknown; prev?: unknown };
  if (typeof seq !== 'number' || !Number.isInteger(seq) || seq < 0) return undefined;
  if (prev !== undefined && typeof prev !== 'string') return undefined;
  return prev === undefined ? { seq } : { seq, prev };
}

/**
 * The chain link a record line claims (`seq`, `prev`), without parsing the
 * whole record: in canonical JSON the first `"chain":{` is the record's own
 * (keys are sorted, only `attempts` comes before it, and quotes inside
 * strings are escaped); any other line is parsed whole. A claim only: the
 * verifier trusts a line once its hash matches the chain and the signed root.
 *
 * @returns the link, or undefined when the line is not a chained record.
 */
export function chainLinkOf(bytes: Buffer): ChainLink | undefined {
  const at = bytes.indexOf(marker);
  if (at !== -1) {
    const fast = readCanonicalLink(bytes, at + marker.length);
    if (fast) return fast;
    const end = bytes.indexOf(0x7d, at + marker.length);
    if (end !== -1) {
      try {
        const link = validLink(JSON.parse(bytes.toString('utf8', at + marker.length - 1, end + 1)));
        if (link) return link;
      } catch {
        // Not the canonical shape: parse the whole line below.
      }
    }
  }
  try {
    return validLink((JSON.parse(bytes.toString('utf8')) as { chain?: unknown }).chain);
  } catch {
    return undefined;
  }
}

const prevKey = Buffer.from('"prev":"');
const seqKey = Buffer.from('"seq":');

/** `"prev":"<43 characters>","seq":<digits>}` or `"seq":<digits>}` read in place, as the sealer writes it. */
function readCanonicalLink(bytes: Buffer, start: number): ChainLink | undefined {
  let position = start;
  let prev: string | undefined;
  if (bytes.compare(prevKey, 0, prevKey.length, position, position + prevKey.length) === 0) {
    position += prevKey.length;
    if (bytes[position + 43] !== 0x22) return undefined;
    prev = bytes.toString('latin1', position, position + 43);
    position += 44;
    if (bytes[position] !== 0x2c) return undefined;
    position++;
  }
  if (bytes.compare(seqKey, 0, seqKey.length, position, position + seqKey.length) !== 0) return undefined;
  position += seqKey.length;
  let seq = 0;
  let digits = 0;
  for (;;) {
    const byte = bytes[position];
    if (byte === undefined) return undefined;
    if (byte === 0x7d) break;
    if (byte < 0x30 || byte > 0x39 || digits > 15) return undefined;
    seq = seq * 10 + (byte - 0x30);
    digits++;
    position++;
  }
  if (digits === 0 || (digits > 1 && bytes[position - digits] === 0x30)) return undefined;
  return prev === undefined ? { seq } : { seq, prev };
}
