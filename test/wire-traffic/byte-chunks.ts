import type { FixtureBody } from '@switchyard/simulators';
import fc from 'fast-check';

/**
 * A body's bytes as the network hands them over: cut at the given positions
 * (taken modulo its length), so a chunk may end inside a multi-byte UTF-8
 * character, a JSON escape, a line ending (between `\r` and `\n`) or the
 * `data:` prefix. Each chunk is a fresh copy, as a socket's reads are.
 */
export function byteChunks(text: string, cuts: readonly number[]): FixtureBody {
  const bytes = new TextEncoder().encode(text);
  const positions = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  return function* () {
    let start = 0;
    for (const position of positions) {
      if (position > start) yield bytes.slice(start, position);
      start = Math.max(start, position);
    }
    if (start < bytes.length) yield bytes.slice(start);
  };
}

/** Cut positions for {@link byteChunks}: a few, or many (a slow connection handing over a few bytes at a time). */
export const byteCuts: fc.Arbitrary<number[]> = fc.oneof(
  fc.array(fc.nat(), { maxLength: 8 }),
  fc.array(fc.nat(), { minLength: 20, maxLength: 200 }),
);
