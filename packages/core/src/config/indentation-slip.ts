/** The `yaml` library's codes for a line indented deeper than the key before it. */
const deeperLineCodes = new Set(['BLOCK_AS_IMPLICIT_KEY', 'MULTILINE_IMPLICIT_KEY']);

/**
 * What to say of a YAML line indented deeper than the key before it
 * (`target: gpt` then `  signal: key_revoked`, two spaces too far): the
 * `yaml` library reads the two lines as one multi-line key and reports it
 * twice, in its own words ("Nested mappings are not allowed in compact
 * mappings", "Implicit keys need to be on a single line"), at the value
 * before the slip. One message instead, saying what happened and what to
 * write.
 *
 * @param code the `yaml` library's error code.
 * @returns the message, or `undefined` for another error.
 * @example
 * ```ts
 * indentationSlip('BLOCK_AS_IMPLICIT_KEY'); // 'the next line is indented deeper than ...'
 * ```
 */
export function indentationSlip(code: string | undefined): string | undefined {
  if (code === undefined || !deeperLineCodes.has(code)) return undefined;
  return 'the next line is indented deeper than the key on this line, so YAML reads this value and that line as one key; expected the next key at the same indentation as the key on this line (or, for a nested block, this value removed and the block on the lines below)';
}
