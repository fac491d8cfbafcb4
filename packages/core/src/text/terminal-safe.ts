/** A control character (C0, DEL, C1) other than the line break. */
const controlCharacters = /(?!\n)\p{Cc}/gu;

/**
 * Text as it may reach a terminal: each control character but the line break written out as
 * `\x1B` (an escape sequence in a hand-written events file or a rule id would otherwise move the
 * cursor or recolour the screen; a tab or a carriage return would break a table's columns).
 * Text without any is returned as it is.
 *
 * @example
 * ```ts
 * terminalSafe('ban \u001b[2Jgpt'); // 'ban \\x1B[2Jgpt'
 * ```
 */
export function terminalSafe(text: string): string {
  return text.replace(
    controlCharacters,
    (character) => `\\x${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}
