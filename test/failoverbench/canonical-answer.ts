/**
 * The failover catalogue's conventions, as our port uses them: one prompt,
 * and one sixty-word answer every healthy model gives (our own text), so a
 * truncated answer can never pass for a complete one.
 */

/** The prompt of every scenario (the catalogue's). */
export const cataloguePrompt =
  'Explain in exactly sixty words why a gateway earns trust only when the provider behind it misbehaves.';

/** The answer every healthy model of the fault wall gives: sixty words. */
export const canonicalAnswer =
  'A gateway earns trust only when the provider behind it misbehaves, because calm days prove nothing. Retries that honour limits, fallbacks that finish the same answer, timeouts that end silence, and records that explain every decision show their worth only under failure. The caller never sees the outage; the operator sees what happened, what it cost, and why it chose.';

/** Whitespace collapsed and trimmed: how the catalogue compares answers. */
export function normalise(text: string | undefined): string {
  return (text ?? '').trim().replace(/\s+/g, ' ');
}
