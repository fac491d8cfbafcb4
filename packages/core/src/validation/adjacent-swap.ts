/**
 * Whether `a` and `b` differ only by two neighbouring characters written in
 * the other order (`gtp` for `gpt`, `cluade` for `claude`): the most common
 * slip of a typist, one edit for a reader, two for Levenshtein.
 *
 * @param a one name.
 * @param b the other.
 * @returns true when swapping one pair of neighbours in `a` gives `b`.
 * @example
 * ```ts
 * isAdjacentSwap('gtp', 'gpt'); // true
 * isAdjacentSwap('gpt', 'tpg'); // false
 * ```
 */
export function isAdjacentSwap(a: string, b: string): boolean {
  if (a.length !== b.length || a === b) return false;
  let first = 0;
  while (a[first] === b[first]) first++;
  const second = first + 1;
  return (
    second < a.length &&
    a[first] === b[second] &&
    a[second] === b[first] &&
    a.slice(second + 1) === b.slice(second + 1)
  );
}
