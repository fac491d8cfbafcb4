import leven from 'leven';
import { withoutInvisible } from '../text/visible-text.js';
import { isAdjacentSwap } from './adjacent-swap.js';

/**
 * The valid name closest to `input`, for a "did you mean" hint: a match that
 * differs only in case first, then the nearest by Levenshtein distance
 * (`leven`, two neighbours swapped counting as one edit), within a distance
 * that grows with the length (1 for names of up to 4 characters, 2 up to 8, 3
 * beyond), then the one candidate that contains
 * the input or is contained in it. Ties go to the first candidate. Invisible characters in the
 * input (a zero-width space, a no-break space) are not counted: `"US\u200B"` is closest to `US`.
 * Returns `undefined` when nothing is close enough, or `input` is itself valid.
 *
 * @param input what was written.
 * @param given the valid names.
 * @returns the closest valid name, or `undefined`.
 *
 * @example
 * ```ts
 * closestName('random', ['priority', 'fastest']);      // undefined: too far
 * closestName('us', ['DE', 'US']);                      // 'US'
 * closestName('regulted', ['internal', 'regulated']);    // 'regulated'
 * ```
 */
export function closestName(input: string, given: Iterable<string>): string | undefined {
  // Read once: `given` may be an iterator (a map's keys), which a second pass would find empty.
  const candidates: readonly string[] = Array.isArray(given) ? given : [...given];
  // A name pasted with an invisible character (`US` and a zero-width space) is the name a reader sees.
  const seen = withoutInvisible(input);
  if (seen !== input && seen !== '') {
    if (candidates.includes(input)) return undefined;
    return closestName(seen, candidates) ?? (candidates.includes(seen) ? seen : undefined);
  }
  const lower = input.toLowerCase();
  const maxDistance = input.length <= 4 ? 1 : input.length <= 8 ? 2 : 3;
  let best: string | undefined;
  let bestDistance = maxDistance + 1;
  for (const candidate of candidates) {
    if (candidate === input) return undefined;
    const candidateLower = candidate.toLowerCase();
    if (candidateLower === lower) {
      if (bestDistance > 0) {
        best = candidate;
        bestDistance = 0;
      }
      continue;
    }
    // Short names (country codes) differ in one letter from dozens of others: only a case slip counts.
    if (input.length <= 2) continue;
    if (Math.abs(candidate.length - input.length) >= bestDistance) continue;
    // Two neighbours swapped is one slip, though Levenshtein counts two edits.
    const distance = isAdjacentSwap(lower, candidateLower)
      ? 1
      : leven(lower, candidateLower, { maxDistance: bestDistance });
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best !== undefined || input.length < 4) return best;
  // A name written without its suffix or prefix (`us-export-control` for `us-export-control-2026`).
  const containing = candidates.filter((candidate) => {
    const candidateLower = candidate.toLowerCase();
    return candidateLower.includes(lower) || (candidate.length >= 4 && lower.includes(candidateLower));
  });
  return containing.length === 1 ? containing[0] : undefined;
}
