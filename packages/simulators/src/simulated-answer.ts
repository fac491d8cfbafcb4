/** Longest prompt excerpt quoted in an answer, in characters. */
const maxQuoted = 120;

/**
 * The text a simulator answers for a prompt: deterministic, so tests can assert
 * the exact answer. `prompt` is the text of the last user message (or, after a
 * tool call, of the last tool result), whitespace collapsed.
 *
 * @param options.model - The model id asked for.
 * @param options.prompt - The prompt text.
 * @returns The full answer text (before any `max_tokens` or stop-sequence cut).
 * @example
 * ```ts
 * simulatedAnswer({ model: 'gpt-4o', prompt: 'Hi' }); // 'This is gpt-4o answering: "Hi".'
 * ```
 */
export function simulatedAnswer({ model, prompt }: { model: string; prompt: string }): string {
  // Only the start is quoted: collapse whitespace in a prefix long enough to fill the quote.
  let end = Math.min(prompt.length, 4 * maxQuoted);
  let collapsed = collapseWhitespace(prompt.slice(0, end)).trimStart();
  while (end < prompt.length && collapsed.length <= maxQuoted + 1) {
    end = Math.min(prompt.length, end * 2);
    collapsed = collapseWhitespace(prompt.slice(0, end)).trimStart();
  }
  collapsed = end < prompt.length ? collapsed : collapsed.trimEnd();
  if (collapsed === '') return `This is ${model} answering an empty prompt.`;
  const quoted = collapsed.length > maxQuoted ? `${collapsed.slice(0, maxQuoted)}...` : collapsed;
  return `This is ${model} answering: "${quoted}".`;
}

/** Whitespace other than a lone space: what collapsing would change. */
const uncollapsed = /[^\S ]| {2}/;

/** `text` with every run of whitespace made one space; the same string, not a copy, when there is none to collapse. */
function collapseWhitespace(text: string): string {
  return uncollapsed.test(text) ? text.replace(/\s+/g, ' ') : text;
}
