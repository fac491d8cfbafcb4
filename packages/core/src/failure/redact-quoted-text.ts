/** What replaces a run of quoted text. */
export const quotedTextMarker = '[prompt text]';

/** The shortest run of quoted text replaced, in characters (after whitespace is collapsed). */
export const quotedTextMinLength = 12;

/** The longest message compared, in characters: a longer one is cut to it (with `…`) first. */
const maxMessageLength = 16_384;

const space = 0x20;
const backslash = 0x5c;

/** Whether a UTF-16 code unit is whitespace or a control character (collapsed to one space on both sides). */
function isBlank(code: number): boolean {
  return code <= space || code === 0x7f || code === 0xa0 || code === 0x2028 || code === 0x2029;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** JSON's one-character escapes, as the character they stand for (`\n` is blank: it collapses). */
const escapes: Readonly<Record<string, number>> = {
  n: 0x0a,
  r: 0x0d,
  t: 0x09,
  b: 0x08,
  f: 0x0c,
  '"': 0x22,
  "'": 0x27,
  '\\': backslash,
  '/': 0x2f,
};

/**
 * The message as the code units it is compared on: whitespace runs (and JSON
 * escapes of whitespace: `\n`, `\t`) as one space, the other JSON escapes
 * (`\"`, `\\`, `\u00e9`) as the character they stand for, with where each
 * came from in the message (`from[i]` to `to[i]`, exclusive).
 */
function normalizeMessage(message: string): { codes: number[]; from: number[]; to: number[] } {
  const codes: number[] = [];
  const from: number[] = [];
  const to: number[] = [];
  let index = 0;
  while (index < message.length) {
    let code = message.charCodeAt(index);
    let end = index + 1;
    if (code === backslash && end < message.length) {
      const next = message[end] as string;
      const escaped = escapes[next];
      if (escaped !== undefined) {
        code = escaped;
        end++;
      } else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(message.slice(end + 1, end + 5))) {
        code = Number.parseInt(message.slice(end + 1, end + 5), 16);
        end += 5;
      }
    }
    if (isBlank(code)) {
      if (codes.at(-1) === space) to[to.length - 1] = end;
      else {
        codes.push(space);
        from.push(index);
        to.push(end);
      }
    } else {
      codes.push(code);
      from.push(index);
      to.push(end);
    }
    index = end;
  }
  return { codes, from, to };
}

/** Distinct windows of the message that share a hash, with every place each starts. */
interface Window {
  /** Where its first occurrence starts, in the normalized message. */
  readonly start: number;
  /** Every start of the same text. */
  readonly starts: number[];
  found: boolean;
}

const base = 0x01000193;

/** The hash of `length` code units from `start`: a polynomial over 32-bit integers. */
function hashOf(codes: readonly number[], start: number, length: number): number {
  let hash = 0;
  for (let index = start; index < start + length; index++)
    hash = (Math.imul(hash, base) + (codes[index] as number)) | 0;
  return hash;
}

/**
 * Replaces every run of `given` found verbatim in one of `sources` (the
 * prompt's texts, say) with `[prompt text]`, so a provider's error that
 * quotes a prompt ("Invalid value for 'content': '<the user's text>'", or its
 * first 40 characters and `...`) keeps no prompt text. A run counts when it
 * is at least `minLength` characters long (12: common words and short
 * phrases of an error message stay); whitespace runs compare as one space on
 * both sides (providers and `readableMessage` collapse them), and JSON
 * escapes in the message (`\n`, `\"`, `\u00e9`) as the characters they stand
 * for. Case and every other character compare exactly.
 *
 * Cost: each source is read once (a rolling hash of its windows, looked up
 * among the message's), so O(message + sources) time and O(message) memory:
 * a 500-character message against a 1 MB prompt takes about 13 ms of CPU.
 * A message longer than 16,384 characters (no provider's is) is cut to that
 * length, with `…`, before it is compared.
 *
 * @param given the message to clean (a failure's, after classification).
 * @param sources the texts that must not appear in it.
 * @param options.minLength the shortest run replaced, in characters (default 12).
 * @param options.marker what replaces each run (default `[prompt text]`).
 * @returns the message with each run replaced (the same string when none was found).
 * @example
 * ```ts
 * redactQuotedText("Invalid value for 'content': 'my card number is 4111...'", ['my card number is 4111 1111']);
 * // "Invalid value for 'content': '[prompt text]...'"
 * ```
 */
export function redactQuotedText(
  given: string,
  sources: Iterable<string>,
  options: { minLength?: number; marker?: string } = {},
): string {
  const { minLength = quotedTextMinLength, marker = quotedTextMarker } = options;
  const length = Math.max(1, Math.floor(minLength));
  if (given.length < length) return given;
  // Bounded work and memory (a window per character): no provider message is this long.
  const message = given.length > maxMessageLength ? `${given.slice(0, maxMessageLength - 1)}…` : given;
  const { codes, from, to } = normalizeMessage(message);
  if (codes.length < length) return message;
  // The message's windows by hash; identical windows once, with every start.
  const windows = new Map<number, Window[]>();
  /**
   * Windows not found yet, by the low 16 bits of their hash (at most 255: a full slot stays full):
   * most windows of a source are ruled out without a map lookup.
   */
  const filter = new Uint8Array(65536);
  let distinct = 0;
  let shift = 1;
  for (let index = 1; index < length; index++) shift = Math.imul(shift, base);
  let hash = hashOf(codes, 0, length);
  for (let start = 0; start + length <= codes.length; start++) {
    if (start > 0) {
      hash =
        (Math.imul(hash - Math.imul(codes[start - 1] as number, shift), base) +
          (codes[start + length - 1] as number)) |
        0;
    }
    const list = windows.get(hash);
    const same = list?.find((window) => sameWindow(codes, window.start, codes, start, length));
    if (same) same.starts.push(start);
    else {
      const window: Window = { start, starts: [start], found: false };
      if (list) list.push(window);
      else windows.set(hash, [window]);
      const slot = hash & 0xffff;
      if ((filter[slot] as number) < 255) filter[slot] = (filter[slot] as number) + 1;
      distinct++;
    }
  }
  const ring = new Uint16Array(length);
  let left = distinct;
  for (const source of sources) {
    if (left === 0) break;
    left = scanSource(source, { codes, length, shift, windows, filter, ring }, left);
  }
  if (left === distinct) return message;
  // Mark every character of the message inside a window found in a source.
  const covered = new Uint8Array(codes.length);
  for (const list of windows.values())
    for (const window of list)
      if (window.found) for (const start of window.starts) covered.fill(1, start, start + length);
  let result = '';
  let copied = 0;
  for (let index = 0; index < codes.length; index++) {
    if (covered[index] === 0 || (index > 0 && covered[index - 1] === 1)) continue;
    let end = index;
    while (end + 1 < codes.length && covered[end + 1] === 1) end++;
    let cut = from[index] as number;
    let resume = to[end] as number;
    // A run never splits a surrogate pair: the marker takes the whole character.
    if (isLowSurrogate(message.charCodeAt(cut)) && isHighSurrogate(message.charCodeAt(cut - 1))) cut--;
    if (isHighSurrogate(message.charCodeAt(resume - 1)) && isLowSurrogate(message.charCodeAt(resume)))
      resume++;
    result += message.slice(copied, cut) + marker;
    copied = resume;
  }
  return result + message.slice(copied);
}

/** Whether `length` code units of `a` from `aStart` equal those of `b` from `bStart`. */
function sameWindow(
  a: readonly number[],
  aStart: number,
  b: readonly number[],
  bStart: number,
  length: number,
): boolean {
  for (let index = 0; index < length; index++) if (a[aStart + index] !== b[bStart + index]) return false;
  return true;
}

/** What {@link scanSource} reads the message's windows from. */
interface Scan {
  readonly codes: readonly number[];
  readonly length: number;
  readonly shift: number;
  readonly windows: Map<number, Window[]>;
  readonly filter: Uint8Array;
  /** The last `length` code units of the source (a ring), for the comparison of a hash that matches. */
  readonly ring: Uint16Array;
}

/**
 * Reads one source once, its whitespace runs collapsed as the message's,
 * marking each window of the message it holds as found.
 *
 * @returns how many distinct windows are still not found.
 */
function scanSource(source: string, scan: Scan, left: number): number {
  const { codes, length, shift, windows, filter, ring } = scan;
  let hash = 0;
  let count = 0;
  /** The ring's slot of the next unit (and, once it is full, of the oldest). */
  let slot = 0;
  let previous = -1;
  for (let index = 0; index < source.length; index++) {
    let code = source.charCodeAt(index);
    if (code <= space || code === 0x7f || code === 0xa0 || code === 0x2028 || code === 0x2029) {
      if (previous === space) continue;
      code = space;
    }
    previous = code;
    if (count >= length) hash = (hash - Math.imul(ring[slot] as number, shift)) | 0;
    else count++;
    hash = (Math.imul(hash, base) + code) | 0;
    ring[slot] = code;
    slot = slot + 1 === length ? 0 : slot + 1;
    if (count < length) continue;
    if (filter[hash & 0xffff] === 0) continue;
    const list = windows.get(hash);
    if (list === undefined) continue;
    for (const window of list) {
      if (window.found) continue;
      let same = true;
      // The ring's oldest unit is at `slot`.
      for (let offset = 0, at = slot; offset < length; offset++, at = at + 1 === length ? 0 : at + 1) {
        if (ring[at] !== codes[window.start + offset]) {
          same = false;
          break;
        }
      }
      if (!same) continue;
      window.found = true;
      const bucket = hash & 0xffff;
      if (filter[bucket] !== 255) filter[bucket] = (filter[bucket] as number) - 1;
      left--;
      if (left === 0) return 0;
    }
  }
  return left;
}
