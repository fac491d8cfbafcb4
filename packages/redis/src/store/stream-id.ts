/**
 * Compares two Redis stream ids (`<ms>-<seq>`) numerically.
 *
 * @returns negative when `a` is older, positive when newer, 0 when equal.
 */
export function compareStreamIds(a: string, b: string): number {
  const [aMs = '0', aSeq = '0'] = a.split('-');
  const [bMs = '0', bSeq = '0'] = b.split('-');
  if (aMs.length !== bMs.length) return aMs.length - bMs.length;
  if (aMs !== bMs) return aMs < bMs ? -1 : 1;
  if (aSeq.length !== bSeq.length) return aSeq.length - bSeq.length;
  return aSeq === bSeq ? 0 : aSeq < bSeq ? -1 : 1;
}
