/**
 * The words of a summary's first line for its assertions, singular or
 * plural: `all 8 assertions hold`, `the 1 assertion holds`; `2 of 8
 * assertions do not hold`, `1 of 8 assertions does not hold`.
 *
 * @param count the assertions checked.
 * @param failed how many did not hold (0 when the drill passed).
 * @returns the words after `PASSED: ` or `FAILED: `.
 * @example
 * ```ts
 * assertionCountWords(1, 0); // 'the 1 assertion holds'
 * ```
 */
export function assertionCountWords(count: number, failed: number): string {
  const noun = count === 1 ? 'assertion' : 'assertions';
  if (failed === 0) return count === 1 ? `the 1 ${noun} holds` : `all ${count} ${noun} hold`;
  return `${failed} of ${count} ${noun} ${failed === 1 ? 'does' : 'do'} not hold`;
}
